/**
 * Restatement (DOMAIN.md "Corrections"): a correction is an event effective
 * before stored events whose outcomes it changes. Events record outcomes, so
 * those later outcomes are now wrong; this module computes exactly the events
 * that make them right, appended in the same transaction as the correction:
 *
 * - each later payment whose allocation changes: a `reversal` of it (effective
 *   on its date) and a new `payment` with the same amount, date, method and
 *   reference, the recomputed allocation and `reapplies` (the original);
 * - each accrual day whose amount changes: an `interest_accrual` that day with
 *   `adjusts` (the corrected accrual) and the signed difference; a day that
 *   now accrues but had no accrual gets a plain accrual;
 * - a later charge-off whose amounts change: a `reversal` of it and a new
 *   `charge_off` with the recomputed amounts;
 * - nothing else: an event whose outcome is unchanged is left alone.
 *
 * How: walk the loan "as it should have been", from the write model's base
 * (an exact state before the correction's date) day by day, in the order the
 * product decides on time: on each day the non-accrual events in sequence
 * order (the correction after the stored events of its day), then that day's
 * accrual on the principal at the end of the day. Every payment, accrual and
 * charge-off on or after the correction's date is decided again exactly as
 * `decide` and the accrual job decide them, and compared with what is stored.
 *
 * The order the events are appended in matters, because replay applies events
 * in sequence order and a few steps depend on the status at that point (a
 * payment after a charge-off is a recovery; a paid-off loan is closed):
 *   1. the reversal of a restated charge-off (the loan is open again),
 *   2. the reversals of re-applied payments,
 *   3. accrual adjustments and added accruals,
 *   4. the correction itself,
 *   5. the re-applied payments and the new charge-off, in date order.
 * With that order, replaying the corrected history as of any date gives the
 * state of the history in which the correction had been posted on time
 * (tests/unit/servicing/restatement-properties.test.ts checks it).
 *
 * Refused (a clear rule violation, nothing written): a correction that would
 * change a later payment that has itself been reversed, interest capitalised
 * by a later event, or the terms a later modification started from.
 */
import { levelPayment, paymentsLeft } from "../amortization";
import { AppError } from "../app-error";
import { addDays } from "../dates";
import type { EventType } from "../events/event-types";
import type { LoanEvent } from "../events/types";
import { Dec, moneyString, ZERO } from "../money";
import { applyEvent } from "../replay/handlers";
import type { EngineState } from "../replay/state";
import { accrualForDay } from "./accrual";
import { checkAppend } from "./rules";
import { type Allocation, allocatePayment, type WaterfallOrder } from "./waterfall";
import { MissingBaseError, type WriteModel } from "./write-model";

/** An event to append (the shape `decide` returns). */
export interface RestatementInput {
  eventType: EventType;
  effectiveDate: string;
  eventData: unknown;
}

export interface RestateOptions {
  /** The restatement's id (the same on every event of one correction). */
  id: string;
  order: WaterfallOrder;
  /**
   * The business date. Days up to the day before it that accrue as the loan
   * should have been but have no stored accrual (a charge-off or payoff undone)
   * are accrued with the correction, as the nightly job would have.
   */
  today?: string;
}

export interface RestatementSummary {
  /** The correcting event's sequence number once appended. */
  cause: number;
  /** Sequence numbers of the stored payments re-applied. */
  reappliedPayments: number[];
  /** Sequence number of the stored charge-off restated, if any. */
  restatedChargeOff: number | null;
  /** Accrual days whose amount changed. */
  adjustedAccrualDays: number;
  /** Days that accrue now and had no accrual. */
  addedAccrualDays: number;
}

export interface RestatementPlan {
  /** The events to append, in order (the decided events when nothing is restated). */
  events: RestatementInput[];
  /** null when the decision changes no stored outcome (not a correction). */
  summary: RestatementSummary | null;
}

/** Event types whose stored outcome a restatement recomputes. */
const CAPITALISING: ReadonlySet<EventType> = new Set([
  "modification",
  "forbearance_end",
  "deferment",
]);

/**
 * The events to append for `decided` (the events `decide` returned, in order)
 * on a loan whose write model is `model`: `decided` as they are when no stored
 * outcome changes, else the correction with its restatement.
 */
export function restate(
  model: WriteModel,
  decided: readonly RestatementInput[],
  options: RestateOptions,
): RestatementPlan {
  const plain: RestatementPlan = { events: [...decided], summary: null };
  // The accrual catch-up decided with a command covers days not yet accrued,
  // after every stored accrual: it never changes a stored outcome. The
  // correction is the command's own event(s).
  let earliest: string | null = null;
  for (const e of decided) {
    if (e.eventType === "interest_accrual") continue;
    if (earliest === null || e.effectiveDate < earliest) earliest = e.effectiveDate;
  }
  if (earliest === null || !isCorrectionDate(model.current, earliest)) return plain;
  const base = model.base;
  if (!base || base.asOfDate >= earliest) throw new MissingBaseError(addDays(earliest, -1));
  const walk = new IdealWalk(model, decided, earliest, options);
  walk.run(base.state, base.asOfDate, base.tail);
  return walk.plan() ?? plain;
}

/**
 * Could an event dated `date` change a stored outcome? Only if something
 * later is stored, or that day's interest has already been accrued (the
 * accrual of a day is on the principal at its end). Events stored earlier the
 * same day come before it in both histories.
 */
export function isCorrectionDate(current: EngineState, date: string): boolean {
  const f = current.facts;
  return (
    (f.lastEffectiveDate !== null && date < f.lastEffectiveDate) ||
    (f.accruedThrough !== null && date <= f.accruedThrough)
  );
}

/** The date from which a decision dated `date` may restate: the write model needs a base before it. */
export function restatementBaseDate(date: string): string {
  return addDays(date, -1);
}

interface DayEvents {
  changes: LoanEvent[];
  accruals: LoanEvent[];
}

class IdealWalk {
  private readonly fresh: LoanEvent[];
  private readonly freshSeqs: Set<number>;
  private nextTemp: number;
  private state!: EngineState;

  private coReversal: RestatementInput | null = null;
  private readonly paymentReversals: RestatementInput[] = [];
  private readonly accruals: RestatementInput[] = [];
  private readonly core: RestatementInput[] = [];
  private readonly reposts: RestatementInput[] = [];
  private readonly reapplied: number[] = [];
  private restatedChargeOff: number | null = null;
  private adjusted = 0;
  private added = 0;
  private freshPaymentBeforeChargeOff = false;
  /** The state "as it should be" at the end of each day walked from the correction's date. */
  private readonly idealAt = new Map<string, EngineState>();

  constructor(
    private readonly model: WriteModel,
    private readonly decided: readonly RestatementInput[],
    private readonly from: string,
    private readonly options: RestateOptions,
  ) {
    const last = model.current.lastSequence;
    this.fresh = decided.map(
      (e, i) =>
        ({
          sequenceNumber: last + 1 + i,
          eventType: e.eventType,
          effectiveDate: e.effectiveDate,
          eventData: e.eventData,
        }) as LoanEvent,
    );
    this.freshSeqs = new Set(this.fresh.map((e) => e.sequenceNumber));
    this.nextTemp = last + decided.length + 1;
  }

  run(start: EngineState, asOfDate: string, tail: readonly LoanEvent[]): void {
    this.state = start;
    const days = new Map<string, DayEvents>();
    let first: string | null = null;
    let lastDay: string | null = null;
    const walked: LoanEvent[] = [...tail];
    for (const e of this.fresh) {
      if (e.effectiveDate > asOfDate) {
        walked.push(e);
      } else {
        // Catch-up accruals on or before the base's date (only accruals can be:
        // the correction is after it) fold onto the base as they are.
        this.accruals.push(asInput(e));
        this.apply(e);
      }
    }
    const cancelled = cancelledPairs(tail);
    for (const e of walked) {
      if (cancelled.has(e.sequenceNumber)) continue;
      let day = days.get(e.effectiveDate);
      if (!day) {
        day = { changes: [], accruals: [] };
        days.set(e.effectiveDate, day);
      }
      (e.eventType === "interest_accrual" ? day.accruals : day.changes).push(e);
      if (first === null || e.effectiveDate < first) first = e.effectiveDate;
      if (lastDay === null || e.effectiveDate > lastDay) lastDay = e.effectiveDate;
    }
    // A re-applied payment (or restated charge-off) stands where the event it
    // replaces stood in its day: that is where it was decided.
    const position = placeInDay(tail);
    for (const day of days.values()) {
      day.changes.sort(
        (a, b) =>
          (position.get(a.sequenceNumber) ?? a.sequenceNumber) -
          (position.get(b.sequenceNumber) ?? b.sequenceNumber),
      );
    }
    const limit = this.accrualLimit();
    if (limit !== null && lastDay !== null && limit > lastDay) lastDay = limit;
    if (first === null || lastDay === null) return;
    for (let day = first; day <= lastDay; day = addDays(day, 1)) {
      const events = days.get(day);
      if (day < this.from) {
        for (const e of events?.changes ?? []) this.apply(e);
        for (const e of events?.accruals ?? []) {
          if (this.isFresh(e)) this.accruals.push(asInput(e));
          this.apply(e);
        }
        continue;
      }
      for (const e of events?.changes ?? []) this.change(e);
      this.accrualDay(day, events?.accruals ?? [], limit);
      this.idealAt.set(day, this.state);
    }
  }

  /**
   * The last day that accrues: what the loan had accrued, the catch-up decided
   * with the correction, or, on a loan that is charged off or paid off now,
   * the day before the business date (the nightly job's reach: a loan the
   * correction reopens accrues the days it missed).
   */
  private accrualLimit(): string | null {
    let limit = this.model.current.facts.accruedThrough;
    // Only a loan closed now has stopped accruing; an open one's days are the nightly job's.
    const closed =
      this.model.current.status === "charged_off" || this.model.current.status === "paid_off";
    const yesterday = this.options.today === undefined ? null : addDays(this.options.today, -1);
    if (closed && yesterday !== null && limit !== null && yesterday > limit) limit = yesterday;
    for (const e of this.fresh) {
      if (e.eventType === "interest_accrual" && (limit === null || e.effectiveDate > limit)) {
        limit = e.effectiveDate;
      }
    }
    return limit;
  }

  private apply(e: LoanEvent): void {
    this.state = applyEvent(this.state, e);
  }

  private applyInput(input: RestatementInput): void {
    this.apply({ ...input, sequenceNumber: this.nextTemp++ } as LoanEvent);
  }

  private isFresh(e: LoanEvent): boolean {
    return this.freshSeqs.has(e.sequenceNumber);
  }

  /** A non-accrual event on or after the correction's date. */
  private change(e: LoanEvent): void {
    const fresh = this.isFresh(e);
    switch (e.eventType) {
      case "payment": {
        const allocation = this.allocate(e.eventData.amount);
        if (fresh) {
          if (this.state.status !== "charged_off") this.freshPaymentBeforeChargeOff = true;
          this.keepFresh({ ...e, eventData: { ...e.eventData, allocation } } as LoanEvent);
        } else if (sameAllocation(e.eventData.allocation, allocation)) {
          this.apply(e);
        } else {
          this.reapply(e, allocation);
        }
        return;
      }
      case "charge_off": {
        const amounts = chargeOffAmounts(this.state);
        if (fresh) {
          this.keepFresh({ ...e, eventData: { ...e.eventData, ...amounts } });
        } else if (sameChargeOff(e.eventData, amounts)) {
          this.apply(e);
        } else {
          this.restateChargeOff(e, amounts);
        }
        return;
      }
      case "reversal": {
        const target = e.eventData.reversedSequence;
        if (!fresh && (this.reapplied.includes(target) || this.restatedChargeOff === target)) {
          throw refusal(
            `the correction changes event #${target}, which was reversed by event #${e.sequenceNumber}; a reversed event cannot be re-applied`,
          );
        }
        if (fresh) this.keepFresh(e);
        else this.apply(e);
        return;
      }
      default:
        if (CAPITALISING.has(e.eventType)) {
          if (fresh) this.keepFresh(withCapitalised(e, this.state));
          else this.checkCapitalised(e);
          return;
        }
        if (fresh) this.keepFresh(e);
        else this.apply(e);
    }
  }

  private keepFresh(e: LoanEvent): void {
    this.core.push(asInput(e));
    this.apply(e);
  }

  private allocate(amount: string): Allocation {
    const s = this.state;
    return allocatePayment(
      amount,
      {
        fees: moneyString(s.fees),
        interest: moneyString(s.interest),
        principal: moneyString(s.principal),
      },
      this.options.order,
    );
  }

  private reapply(e: LoanEvent & { eventType: "payment" }, allocation: Allocation): void {
    if (this.model.current.reversals.has(e.sequenceNumber)) {
      throw refusal(
        `the correction changes the allocation of payment #${e.sequenceNumber}, which was reversed by event #${this.model.current.reversals.get(e.sequenceNumber)}; a reversed payment cannot be re-applied`,
      );
    }
    this.reapplied.push(e.sequenceNumber);
    this.paymentReversals.push(reversalOf(e, "payment re-applied"));
    const {
      restatement: _r,
      reapplies: _p,
      backdated: _b,
      ...kept
    } = e.eventData as Record<string, unknown>;
    const repost: RestatementInput = {
      eventType: "payment",
      effectiveDate: e.effectiveDate,
      eventData: { ...kept, allocation, reapplies: e.sequenceNumber },
    };
    this.reposts.push(repost);
    this.applyInput(repost);
  }

  private restateChargeOff(
    e: LoanEvent & { eventType: "charge_off" },
    amounts: ReturnType<typeof chargeOffAmounts>,
  ): void {
    this.restatedChargeOff = e.sequenceNumber;
    this.coReversal = reversalOf(e, "charge-off restated");
    const { restatement: _r, ...kept } = e.eventData as Record<string, unknown>;
    const replacement: RestatementInput = {
      eventType: "charge_off",
      effectiveDate: e.effectiveDate,
      eventData: { ...kept, ...amounts, replaces: e.sequenceNumber },
    };
    this.reposts.push(replacement);
    this.applyInput(replacement);
  }

  /** A stored capitalisation took the interest outstanding then: refuse if that changes. */
  private checkCapitalised(e: LoanEvent): void {
    const recorded = capitalisedAmount(e);
    if (recorded !== null && !new Dec(recorded).equals(this.state.interest)) {
      throw refusal(
        `the correction changes the interest outstanding on ${e.effectiveDate} (${moneyString(this.state.interest)}), which event #${e.sequenceNumber} (${e.eventType}) capitalised as ${recorded}; capitalised interest cannot be restated`,
      );
    }
    if (e.eventType === "modification") {
      if (this.core.some((c) => c.eventType === "modification")) {
        throw refusal(
          `a modification cannot be dated before a later modification (#${e.sequenceNumber} on ${e.effectiveDate})`,
        );
      }
      const payment = modifiedPayment(this.state, e);
      if (payment !== null && !new Dec(payment).equals(e.eventData.after.paymentAmount)) {
        throw refusal(
          `the correction changes the principal the modification on ${e.effectiveDate} (#${e.sequenceNumber}) set its payment of ${e.eventData.after.paymentAmount} from (it would be ${payment}); a modification's agreed payment cannot be restated`,
        );
      }
    }
    this.apply(e);
  }

  /** The accrual of one day on or after the correction's date: as stored, adjusted, or added. */
  private accrualDay(day: string, events: readonly LoanEvent[], limit: string | null): void {
    const stored = events.filter(
      (e): e is LoanEvent & { eventType: "interest_accrual" } =>
        !this.isFresh(e) && e.eventType === "interest_accrual",
    );
    const planned = limit !== null && day <= limit ? accrualForDay(this.state, day) : null;
    if (stored.length === 0) {
      if (!planned) return;
      const accrued = this.model.current.facts.accruedThrough;
      if (accrued !== null && day <= accrued) this.added++;
      const input: RestatementInput = {
        eventType: "interest_accrual",
        effectiveDate: day,
        eventData: planned.eventData,
      };
      this.accruals.push(input);
      this.applyInput(input);
      return;
    }
    // The walk's state takes the day's interest as it should be (one accrual, or
    // none): folding the stored accruals and then their adjustment would reopen
    // a loan the correction paid off, or be ignored on one it charged off.
    if (planned) this.applyInput({ eventType: "interest_accrual", ...planned });
    let storedAmount = ZERO;
    for (const e of stored) storedAmount = storedAmount.plus(e.eventData.amount);
    const wanted = planned ? new Dec(planned.eventData.amount) : ZERO;
    if (wanted.equals(storedAmount)) return;
    const original = stored.find((e) => e.eventData.adjusts === undefined) ?? stored[0];
    const o = (original as (typeof stored)[number]).eventData;
    const adjustment: RestatementInput = {
      eventType: "interest_accrual",
      effectiveDate: day,
      eventData: {
        amount: wanted.minus(storedAmount).toFixed(),
        rate: planned?.eventData.rate ?? o.rate,
        dayCount: planned?.eventData.dayCount ?? o.dayCount,
        days: planned?.eventData.days ?? 0,
        principalBasis: planned?.eventData.principalBasis ?? moneyString(this.state.principal),
        adjusts: o.adjusts ?? (original as LoanEvent).sequenceNumber,
      },
    };
    this.adjusted++;
    this.accruals.push(adjustment);
  }

  plan(): RestatementPlan | null {
    const changed =
      this.reapplied.length > 0 ||
      this.restatedChargeOff !== null ||
      this.adjusted > 0 ||
      this.added > 0;
    const co = this.model.current.chargeOff;
    if (
      co &&
      this.model.current.status === "charged_off" &&
      this.restatedChargeOff === null &&
      this.freshPaymentBeforeChargeOff
    ) {
      // Appended after the charge-off, it would be a recovery; posted on time it was not.
      throw refusal(
        `the payment is dated before the charge-off on ${co.date} (event #${co.sequenceNumber}) but changes nothing it wrote off; post it as a recovery dated on or after ${co.date}`,
      );
    }
    if (!changed) {
      this.verify(this.decided);
      return null;
    }
    const before = [
      ...(this.coReversal ? [this.coReversal] : []),
      ...this.paymentReversals,
      ...this.accruals,
    ];
    const cause = this.model.current.lastSequence + 1 + before.length;
    const tag = { id: this.options.id, cause };
    const causeLabel = describeCause(this.core[0], cause);
    const events = [...before, ...this.core, ...this.reposts].map((e) => {
      const data: Record<string, unknown> = {
        ...(e.eventData as Record<string, unknown>),
        restatement: tag,
      };
      if (e.eventType === "reversal" && this.isRestatingReversal(e)) {
        data.reason = `${String(data.reason)}: restated by ${causeLabel}`;
      }
      return { ...e, eventData: data };
    });
    this.verify(events);
    return {
      events,
      summary: {
        cause,
        reappliedPayments: [...this.reapplied],
        restatedChargeOff: this.restatedChargeOff,
        adjustedAccrualDays: this.adjusted,
        addedAccrualDays: this.added,
      },
    };
  }

  /**
   * The safety net: replayed in sequence order as of each date it touches,
   * the stored history with `events` appended must show the state the walk
   * says posting on time gives, with no warning. Where replay's order of
   * application cannot express it (a payoff's sub-cent write-off, a status a
   * later stored event changed), the correction is refused rather than
   * written wrong. Skipped only for a very long tail (no snapshot near).
   */
  private verify(events: readonly RestatementInput[]): void {
    const base = this.model.base;
    if (!base) return;
    const last = this.model.current.lastSequence;
    const appended = events.map((e, i) => ({ ...e, sequenceNumber: last + 1 + i }) as LoanEvent);
    const all = [...base.tail, ...appended];
    // Where sequence order can differ from the walk's: on the days of the
    // appended events that move balances or status (an accrual adds the same
    // in both orders), and at the end of the walk (figures are cumulative, so
    // a difference that arises on a stored event's day shows there too).
    const lastDay = [...this.idealAt.keys()].pop();
    const days = [
      ...new Set(
        appended.filter((e) => e.eventType !== "interest_accrual").map((e) => e.effectiveDate),
      ),
    ]
      .concat(lastDay === undefined ? [] : [lastDay])
      .filter((d) => d >= this.from && this.idealAt.has(d))
      .sort()
      .filter((d, i, sorted) => i === 0 || sorted[i - 1] !== d);
    if (days.length * all.length > VERIFY_BUDGET) return;
    for (const day of days) {
      let state = base.state;
      for (const e of all) if (e.effectiveDate <= day) state = applyEvent(state, e);
      const warning = state.warnings.find((w) => w.sequenceNumber > last);
      // A rule the events break is for the append's own check to name, in its words.
      if (
        (warning || firstDifference(state, this.idealAt.get(day) as EngineState)) &&
        this.breaksRules(appended)
      ) {
        return;
      }
      if (warning) {
        throw refusal(
          `replayed as of ${day}, event #${warning.sequenceNumber} would warn: ${warning.message}`,
        );
      }
      const difference = firstDifference(state, this.idealAt.get(day) as EngineState);
      if (difference) {
        throw refusal(
          `it cannot be restated exactly: as of ${day} the corrected history would show ${difference}`,
        );
      }
    }
  }

  private breaksRules(appended: readonly LoanEvent[]): boolean {
    return checkAppend(this.model, appended).problems.length > 0;
  }

  private isRestatingReversal(e: RestatementInput): boolean {
    return e === this.coReversal || this.paymentReversals.includes(e);
  }
}

/**
 * Stored events that cancel out on every date: an event and its reversal
 * effective the same day (what an earlier restatement leaves behind, beside
 * the re-applied payment or charge-off that replaces it). The walk skips both.
 */
function cancelledPairs(tail: readonly LoanEvent[]): Set<number> {
  const dateOf = new Map<number, string>();
  for (const e of tail) dateOf.set(e.sequenceNumber, e.effectiveDate);
  const out = new Set<number>();
  for (const e of tail) {
    if (e.eventType !== "reversal") continue;
    const target = e.eventData.reversedSequence;
    if (dateOf.get(target) === e.effectiveDate) {
      out.add(target);
      out.add(e.sequenceNumber);
    }
  }
  return out;
}

/** Stored event -> the sequence number it is ordered by within its day. */
function placeInDay(tail: readonly LoanEvent[]): Map<number, number> {
  const position = new Map<number, number>();
  for (const e of tail) {
    const data = e.eventData as { reapplies?: unknown; replaces?: unknown };
    const replaced =
      e.eventType === "payment"
        ? data.reapplies
        : e.eventType === "charge_off"
          ? data.replaces
          : undefined;
    const at = typeof replaced === "number" ? position.get(replaced) : undefined;
    position.set(e.sequenceNumber, at ?? e.sequenceNumber);
  }
  return position;
}

/** Events x days folded by the safety net at most (about a second of work). */
const VERIFY_BUDGET = 2_000_000;

/** The first of the contract's figures on which two states differ, in words (null if none). */
function firstDifference(got: EngineState, want: EngineState): string | null {
  if (got.status !== want.status) return `status ${got.status} instead of ${want.status}`;
  for (const key of ["principal", "interest", "fees", "unapplied"] as const) {
    if (!got[key].equals(want[key])) {
      return `${key} ${moneyString(got[key])} instead of ${moneyString(want[key])}`;
    }
  }
  for (const key of Object.keys(want.totals) as (keyof EngineState["totals"])[]) {
    if (key === "reversed") continue;
    if (!got.totals[key].equals(want.totals[key])) {
      return `${key} ${moneyString(got.totals[key])} instead of ${moneyString(want.totals[key])}`;
    }
  }
  if (JSON.stringify(got.terms) !== JSON.stringify(want.terms)) return "different terms";
  return null;
}

function asInput(e: LoanEvent): RestatementInput {
  return { eventType: e.eventType, effectiveDate: e.effectiveDate, eventData: e.eventData };
}

function refusal(message: string): AppError {
  return new AppError("rule_violation", `Correction refused: ${message}.`);
}

function reversalOf(e: LoanEvent, reason: string): RestatementInput {
  return {
    eventType: "reversal",
    effectiveDate: e.effectiveDate,
    eventData: { reversedSequence: e.sequenceNumber, reason },
  };
}

function describeCause(core: RestatementInput | undefined, cause: number): string {
  if (!core) return `event #${cause}`;
  const what =
    core.eventType === "payment"
      ? "payment"
      : core.eventType === "reversal"
        ? "reversal"
        : core.eventType.replace("_", " ");
  const verb = core.eventType === "payment" ? "received" : "effective";
  return `${what} #${cause} ${verb} ${core.effectiveDate}`;
}

function sameAllocation(stored: Record<string, unknown>, computed: Allocation): boolean {
  const amount = (v: unknown) => new Dec(typeof v === "string" ? v : "0");
  return (
    amount(stored.fees).equals(computed.fees) &&
    amount(stored.interest).equals(computed.interest) &&
    amount(stored.principal).equals(computed.principal) &&
    amount(stored.unapplied).equals(computed.unapplied ?? "0")
  );
}

/** What a charge-off on this state writes off (as `decide` computes it). */
function chargeOffAmounts(s: EngineState) {
  return {
    amount: moneyString(s.principal.plus(s.interest).plus(s.fees)),
    principal: moneyString(s.principal),
    interest: moneyString(s.interest),
    fees: moneyString(s.fees),
  };
}

function sameChargeOff(
  stored: { principal: string; interest: string; fees: string },
  computed: ReturnType<typeof chargeOffAmounts>,
): boolean {
  return (
    new Dec(stored.principal).equals(computed.principal) &&
    new Dec(stored.interest).equals(computed.interest) &&
    new Dec(stored.fees).equals(computed.fees)
  );
}

/** The level payment `decide` would give the modification on this state (null if it cannot say). */
function modifiedPayment(
  s: EngineState,
  e: LoanEvent & { eventType: "modification" },
): string | null {
  const terms = s.terms;
  if (!terms) return null;
  const after = e.eventData.after;
  const remaining = paymentsLeft(terms.firstPaymentDate, after.maturityDate, e.effectiveDate);
  if (remaining < 1) return null;
  const capitalised = e.eventData.capitalizedInterest ?? "0";
  return levelPayment({
    principal: s.principal.plus(capitalised).toFixed(2),
    annualRate: after.annualRate,
    termMonths: remaining,
  });
}

function capitalisedAmount(e: LoanEvent): string | null {
  switch (e.eventType) {
    case "modification":
      return e.eventData.capitalizedInterest ?? null;
    case "forbearance_end":
    case "deferment":
      return e.eventData.capitalizedAmount ?? null;
    default:
      return null;
  }
}

/** The correction's own capitalisation takes the interest outstanding at its place in the walk. */
function withCapitalised(e: LoanEvent, s: EngineState): LoanEvent {
  const interest = moneyString(s.interest);
  switch (e.eventType) {
    case "modification":
      return e.eventData.capitalizedInterest === undefined
        ? e
        : { ...e, eventData: { ...e.eventData, capitalizedInterest: interest } };
    case "forbearance_end":
    case "deferment":
      return e.eventData.capitalizedAmount === undefined
        ? e
        : ({ ...e, eventData: { ...e.eventData, capitalizedAmount: interest } } as LoanEvent);
    default:
      return e;
  }
}
