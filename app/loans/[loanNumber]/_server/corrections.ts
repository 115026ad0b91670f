/**
 * What the loan page's reads need to show corrections honestly
 * (lib/presentation/corrections.ts): which events were reversed, and by what
 * (from the loan's live projection: one row, checked against the chain head),
 * and which runs of accruals summed on the server belong to a restatement.
 *
 * A correction's events are contiguous in sequence order and all carry its
 * tag, but the timeline sums each month's run of consecutive accruals in SQL
 * without looking at payloads: a restatement that starts with accrual
 * adjustments (a backdated fee, or a payment with no later payment to
 * re-apply) can share a run with the nightly accruals recorded before it.
 * Such a run (one followed by an event of a restatement and not preceded by
 * one) is read again, one bounded read of at most a month's accruals, and
 * split where the tag starts.
 */
import type { Database } from "@/db/client";
import { loadProjections } from "@/db/event-store/projection";
import { readDescribedEvent, readTimelinePage, type StreamFilter } from "@/db/event-store/timeline";
import type { EventType } from "@/lib/events/event-types";
import type { LoanEvent } from "@/lib/events/types";
import { moneyString, toMoney, ZERO } from "@/lib/money";
import {
  type EventFacts,
  factsFor,
  NO_REVERSALS,
  type RestatementTag,
  type ReversalFacts,
  restatementOf,
  reversalFacts,
  type StepMarks,
  stepMarks,
} from "@/lib/presentation/corrections";
import { accrualSummary, type TimelineEntry } from "@/lib/presentation/timeline";
import type { EngineState } from "@/lib/replay/state";

/** Events a reversal can concern: the reversible ones, and reversals themselves. */
const REVERSAL_TYPES: ReadonlySet<EventType> = new Set([
  "payment",
  "fee_assessment",
  "fee_waiver",
  "charge_off",
  "reversal",
]);

/** Does describing an event of this type need the loan's reversals? */
export function concernsReversals(type: EventType): boolean {
  return REVERSAL_TYPES.has(type);
}

/** The loan's reversals as known now (its projection, with the payment log). */
export async function loadReversalFacts(db: Database, loanId: number): Promise<ReversalFacts> {
  const projection = (await loadProjections(db, [loanId])).get(loanId);
  return projection ? reversalFacts(projection.state) : NO_REVERSALS;
}

/** A run read again to split it holds at most this many accruals (a month and its adjustments). */
const MAX_SPLIT = 400;

function tagOf(entry: TimelineEntry | undefined): RestatementTag | null {
  if (!entry) return null;
  return (entry.kind === "event" ? entry.event.restatement : entry.group.restatement) ?? null;
}

/**
 * Entries with each accrual run that ends where a restatement's events begin
 * tagged (or split into the part before the restatement and the part in it).
 * `hasAfter`: the page is followed by more entries (a run at its end is
 * checked against the event after it).
 */
export async function tagRestatementRuns(
  db: Database,
  loanId: number,
  entries: readonly TimelineEntry[],
  options: { filter: StreamFilter; hasAfter: boolean; through?: number },
): Promise<TimelineEntry[]> {
  if (!entries.some((e) => e.kind === "accruals")) return [...entries];
  const out: TimelineEntry[][] = entries.map((e) => [e]);
  // The restatement of what follows entry i (its first event), walking back
  // from the end; null when that cannot be a restatement's accruals' successor.
  let following: RestatementTag | null = null;
  const last = entries.length - 1;
  const lastEntry = entries[last];
  if (lastEntry?.kind === "accruals" && options.hasAfter) {
    following = await tagAfter(db, loanId, lastEntry.group.lastSequence, options);
  }
  for (let i = last; i >= 0; i--) {
    const entry = entries[i] as TimelineEntry;
    if (entry.kind === "event" || entry.group.restatement || following === null) {
      following = mayFollowAccruals(entry);
      continue;
    }
    const before = tagOf(entries[i - 1]);
    if (before && before.id === following.id) {
      // Between two events of the same correction: all of it.
      out[i] = [{ kind: "accruals", group: { ...entry.group, restatement: following } }];
      continue;
    }
    const parts = await splitRun(db, loanId, entry, options);
    out[i] = parts;
    following = tagOf(parts[0]);
  }
  return out.flat();
}

/**
 * The restatement whose accruals may come just before this entry: a
 * restatement appends its reversals first, then its accrual adjustments, then
 * the correction and the re-applied payments, so a run just before one of its
 * reversals is not part of it.
 */
function mayFollowAccruals(entry: TimelineEntry): RestatementTag | null {
  const tag = tagOf(entry);
  if (!tag || entry.kind === "accruals") return tag;
  const e = entry.event;
  return e.eventType === "reversal" && e.sequenceNumber < tag.cause ? null : tag;
}

/** The restatement of the first event after `sequence` (null: none, or not part of one). */
async function tagAfter(
  db: Database,
  loanId: number,
  sequence: number,
  options: { filter: StreamFilter; through?: number },
): Promise<RestatementTag | null> {
  const next = await readTimelinePage(db, loanId, {
    filter: options.filter,
    groupAccruals: false,
    after: sequence,
    through: options.through,
    scan: 1,
    limit: 1,
  });
  const first = next.entries[0];
  if (first?.kind !== "event") return null;
  const tag = restatementOf(first.event.eventData);
  const e = first.event;
  return tag && e.eventType === "reversal" && e.sequenceNumber < tag.cause ? null : tag;
}

/** A run's accruals read one by one and summed again per restatement (or none). */
async function splitRun(
  db: Database,
  loanId: number,
  entry: TimelineEntry & { kind: "accruals" },
  options: { filter: StreamFilter },
): Promise<TimelineEntry[]> {
  const run = entry.group;
  if (run.count > MAX_SPLIT) return [entry];
  const read = await readTimelinePage(db, loanId, {
    filter: { ...options.filter, types: ["interest_accrual"] },
    groupAccruals: false,
    after: run.firstSequence - 1,
    through: run.lastSequence,
    scan: run.count,
    limit: run.count,
  });
  const parts: TimelineEntry[] = [];
  let segment: {
    tag: RestatementTag | null;
    first: number;
    last: number;
    count: number;
    total: ReturnType<typeof toMoney>;
    from: string;
    to: string;
  } | null = null;
  const flush = () => {
    if (!segment) return;
    parts.push({
      kind: "accruals",
      group: accrualSummary(
        {
          firstSequence: segment.first,
          lastSequence: segment.last,
          count: segment.count,
          total: segment.total.toFixed(),
          fromDate: segment.from,
          toDate: segment.to,
        },
        segment.tag,
      ),
    });
  };
  for (const row of read.entries) {
    if (row.kind !== "event") continue;
    const e = row.event;
    const tag = restatementOf(e.eventData);
    const amount = toMoney((e.eventData as { amount?: string }).amount ?? "0");
    if (!segment || segment.tag?.id !== tag?.id) {
      flush();
      segment = {
        tag,
        first: e.sequenceNumber,
        last: e.sequenceNumber,
        count: 0,
        total: ZERO,
        from: e.effectiveDate,
        to: e.effectiveDate,
      };
    }
    segment.last = e.sequenceNumber;
    segment.count++;
    segment.total = segment.total.plus(amount);
    if (e.effectiveDate < segment.from) segment.from = e.effectiveDate;
    if (e.effectiveDate > segment.to) segment.to = e.effectiveDate;
  }
  flush();
  // Whatever the read missed (it should not), the run as the page had it.
  const counted = parts.reduce((n, p) => n + (p.kind === "accruals" ? p.group.count : 0), 0);
  return counted === run.count ? parts : [entry];
}

/** The reversal facts of a projection being read (none for a loan without one). */
export function reversalFactsOf(
  projection: Promise<{ state: EngineState } | undefined>,
): Promise<ReversalFacts> {
  return projection.then((p) => (p ? reversalFacts(p.state) : NO_REVERSALS));
}

/** A fee, a waiver or a charge-off a servicer may reverse (command `reverse_event`). */
export interface ReversibleEvent {
  sequenceNumber: number;
  eventType: "fee_assessment" | "fee_waiver" | "charge_off";
  effectiveDate: string;
  amount: string;
  /** "Late fee", "Fee waiver", "Charge-off" */
  label: string;
}

function feeLabel(feeType: string | undefined): string {
  if (feeType === "nsf") return "NSF fee";
  const words = (feeType ?? "other").replace(/_/g, " ");
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} fee`;
}

/** The loan's fees, waivers and charge-off not reversed, newest first (at most 24). */
export function reversibleEvents(state: EngineState): ReversibleEvent[] {
  const out: ReversibleEvent[] = [];
  for (const f of state.feeLog) {
    if (state.reversals.has(f.sequenceNumber)) continue;
    out.push({
      sequenceNumber: f.sequenceNumber,
      eventType: f.kind === "fee" ? "fee_assessment" : "fee_waiver",
      effectiveDate: f.effectiveDate,
      amount: f.amount,
      label: f.kind === "fee" ? feeLabel(f.feeType) : "Fee waiver",
    });
  }
  const co = state.chargeOff;
  if (co && !state.reversals.has(co.sequenceNumber)) {
    out.push({
      sequenceNumber: co.sequenceNumber,
      eventType: "charge_off",
      effectiveDate: co.date,
      amount: moneyString(co.principal.plus(co.interest).plus(co.fees)),
      label: "Charge-off",
    });
  }
  return out.sort((a, b) => b.sequenceNumber - a.sequenceNumber).slice(0, 24);
}

/**
 * What the step-through marks on the event of a step, and what describing it
 * needs (its reversal): the event's place among earlier-recorded events (one
 * indexed read), the loan's reversals (its projection) and, for an event of a
 * restatement that is not its cause, the correcting event (one more read).
 */
export async function stepMarksOf(
  db: Database,
  loanId: number,
  target: LoanEvent,
): Promise<{ marks: StepMarks; facts: EventFacts }> {
  const tag = restatementOf(target.eventData);
  const [described, reversals, cause] = await Promise.all([
    readDescribedEvent(db, loanId, target.sequenceNumber),
    concernsReversals(target.eventType) ? loadReversalFacts(db, loanId) : NO_REVERSALS,
    tag && tag.cause !== target.sequenceNumber
      ? readDescribedEvent(db, loanId, tag.cause)
      : Promise.resolve(null),
  ]);
  const facts = factsFor(target, reversals);
  const marks = stepMarks(target, {
    priorMaxEffective: described?.priorMaxEffective ?? null,
    facts,
    cause: cause?.event ?? null,
  });
  return { marks, facts };
}
