/**
 * What the borrower owes, for the loan page (lib/due, docs/due.md), read
 * without the loan's history:
 *
 *  - the amounts due as of the page's date (as known at its instant): the
 *    state the balances come from (the live projection when the date is on or
 *    after the latest event and nothing is "as known at"; otherwise the
 *    nearest usable snapshot plus its tail, db/event-store/due.ts
 *    loadStateAsOf) and the loan's schedule events (the origination,
 *    modifications, deferments and forbearances, a handful: from the
 *    projection's due basis, which keeps them; else readScheduleEvents);
 *  - a payoff quote for a date from the same state (a snapshot and its tail
 *    as the base only when the quote needs days before the latest event);
 *  - interest accrued in a period: the accrued totals at its two ends (the
 *    projection for an end on or after the latest event, a month-end
 *    snapshot's total for an end on its date, else the snapshot path without
 *    the payment log);
 *  - days past due over time at the balance chart's month-end snapshots (their
 *    status, balances and terms extracted in SQL; the payment log is the
 *    projection's, lib/presentation/due-series.ts), the as-of date and today.
 */
import type { Database } from "@/db/client";
import { loadStateAsOf, readScheduleEvents, readSnapshotCores } from "@/db/event-store/due";
import { loadProjections } from "@/db/event-store/projection";
import { businessDate } from "@/db/services/context";
import { replayFiguresAsOf } from "@/db/services/snapshots";
import { AppError, isAppError } from "@/lib/app-error";
import { addDays } from "@/lib/dates";
import {
  amountsDue,
  type DueView,
  eventsInView,
  type PayoffQuote,
  payoffQuote,
  type ScheduleEvent,
  toleranceFor,
} from "@/lib/due";
import { moneyString, toMoney } from "@/lib/money";
import {
  type DuePageData,
  type DueSection,
  defaultInterestPeriod,
  type InterestAccrued,
  type PayoffResult,
} from "@/lib/presentation/due";
import {
  type DelinquencyPoint,
  type DelinquencySeries,
  delinquencyPoints,
  dueStateFromCore,
  gapDates,
  MAX_FILL_DATES,
  type SeriesGap,
} from "@/lib/presentation/due-series";
import { foldEvents } from "@/lib/replay/replay";
import {
  type EngineState,
  initialEngineState,
  paymentViews,
  toLoanState,
} from "@/lib/replay/state";
import { MissingBaseError, type WriteModel } from "@/lib/servicing/write-model";
import { requireLoan } from "./loan";

/** The loan as the due reads need it. */
export interface DueLoan {
  id: number;
  product: string;
}

/** What the page's due figures start from: the state as of the date, or how to get it. */
interface Known {
  /** The loan's current state (the projection), when read already. */
  current?: EngineState;
  /** The loan's schedule events (all of them), when read already. */
  schedule?: readonly ScheduleEvent[];
}

interface StateAt {
  /** The engine state as of the date (as known at the instant). */
  state: EngineState;
  /** The write model a payoff quote starts from: the state, and a base if one was read. */
  model: WriteModel;
}

/** Replay as of a date on or after the latest event, as known now, folds every event: the projection. */
function projectionAnswers(current: EngineState, asOf: string, knownAt: string | null): boolean {
  const last = current.facts.lastEffectiveDate;
  return knownAt === null && (last === null || asOf >= last);
}

/**
 * The loan's current state and schedule events: as given, else from its
 * projection, whose due basis keeps every schedule event folded
 * (lib/delinquency/basis.ts); readScheduleEvents only when neither has them.
 */
async function currentOf(
  db: Database,
  loanId: number,
  known: Known,
): Promise<{ current: EngineState; schedule: readonly ScheduleEvent[] }> {
  if (known.current && known.schedule) return { current: known.current, schedule: known.schedule };
  const projection = (await loadProjections(db, [loanId])).get(loanId);
  const current = known.current ?? projection?.state ?? initialEngineState();
  const schedule =
    known.schedule ?? projection?.due.schedule ?? (await readScheduleEvents(db, loanId));
  return { current, schedule };
}

/** The state as of `asOf` (as known at `knownAt`): the projection, else a snapshot and its tail. */
async function stateAt(
  db: Database,
  loanId: number,
  asOf: string,
  knownAt: string | null,
  current: EngineState,
): Promise<StateAt> {
  if (projectionAnswers(current, asOf, knownAt)) return { state: current, model: { current } };
  const loaded = await loadStateAsOf(db, loanId, { asOf, knownAt });
  return { state: loaded.state, model: { current: loaded.state, base: loaded.base } };
}

function dueFrom(
  state: EngineState,
  schedule: readonly ScheduleEvent[],
  product: string,
  asOf: string,
  knownAt: string | null,
): DueView {
  return amountsDue(toLoanState(state, asOf, knownAt), eventsInView(schedule, { asOf, knownAt }), {
    asOf,
    knownAt,
    tolerance: toleranceFor(product),
  });
}

/**
 * The payoff quote for `on` from a model of the loan as of `asOf`; when the
 * quote needs a base before the one the model has (days not yet accrued
 * before the latest event, or `on` already accrued), the snapshot before that
 * day and its tail are read and the quote is tried again.
 */
async function quoteFrom(
  db: Database,
  loanId: number,
  model: WriteModel,
  on: string,
  asOf: string,
  knownAt: string | null,
): Promise<PayoffQuote> {
  let m = model;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return payoffQuote(m, { on, asOf }, knownAt);
    } catch (error) {
      if (!(error instanceof MissingBaseError)) throw error;
      const loaded = await loadStateAsOf(db, loanId, { asOf, knownAt, before: error.date });
      m = { current: m.current, base: loaded.base };
    }
  }
  throw new AppError("internal", `The payoff quote for ${on} could not be computed.`);
}

async function payoffResult(
  db: Database,
  loanId: number,
  model: WriteModel,
  on: string,
  asOf: string,
  knownAt: string | null,
): Promise<PayoffResult> {
  try {
    return { ok: true, quote: await quoteFrom(db, loanId, model, on, asOf, knownAt) };
  } catch (error) {
    if (isAppError(error)) return { ok: false, on, asOf, error: error.message };
    throw error;
  }
}

export interface DueRequest {
  asOf: string;
  knownAt: string | null;
  /** The payoff date asked for (default, or when before the as-of date: the as-of date). */
  payoffOn?: string | null;
}

/** The payoff date to quote: the one asked for when on or after the as-of date, else the as-of date. */
function payoffDateFor(asOf: string, asked: string | null | undefined): string {
  return asked && asked >= asOf ? asked : asOf;
}

/**
 * The Due panel and the payoff quote as of a date. `known.current` (the
 * projection) and `known.schedule` skip their reads when the caller has them.
 */
export async function dueSectionOf(
  db: Database,
  loan: DueLoan,
  request: DueRequest,
  known: Known = {},
): Promise<DueSection> {
  const { asOf, knownAt } = request;
  const { current, schedule } = await currentOf(db, loan.id, known);
  const at = await stateAt(db, loan.id, asOf, knownAt, current);
  const due = dueFrom(at.state, schedule, loan.product, asOf, knownAt);
  const on = payoffDateFor(asOf, request.payoffOn);
  const payoff = await payoffResult(db, loan.id, at.model, on, asOf, knownAt);
  return { due, payoff, chargeOffDate: at.state.chargeOff?.date ?? null };
}

/** The same for a server action: the loan by its number. */
export async function loadDueSection(
  db: Database,
  input: { loanNumber: string; asOf: string; knownAt?: string | null; payoffOn?: string | null },
): Promise<DueSection> {
  const loan = await requireLoan(db, input.loanNumber);
  return dueSectionOf(db, loan, {
    asOf: input.asOf,
    knownAt: input.knownAt ?? null,
    payoffOn: input.payoffOn ?? null,
  });
}

/** A payoff quote for a date (refusals as AppErrors: a closed loan, a date out of range). */
export async function loadPayoffQuote(
  db: Database,
  input: { loanNumber: string; on: string; asOf: string; knownAt?: string | null },
): Promise<PayoffQuote> {
  const loan = await requireLoan(db, input.loanNumber);
  const knownAt = input.knownAt ?? null;
  const { current } = await currentOf(db, loan.id, {});
  const at = await stateAt(db, loan.id, input.asOf, knownAt, current);
  return quoteFrom(db, loan.id, at.model, input.on, input.asOf, knownAt);
}

/** The amounts due as of a date (the installments CSV). */
export async function loadDueView(
  db: Database,
  input: { loanNumber: string; asOf: string; knownAt?: string | null },
): Promise<{ loanNumber: string; due: DueView }> {
  const loan = await requireLoan(db, input.loanNumber);
  const knownAt = input.knownAt ?? null;
  const { current, schedule } = await currentOf(db, loan.id, {});
  const at = await stateAt(db, loan.id, input.asOf, knownAt, current);
  return {
    loanNumber: loan.loanNumber,
    due: dueFrom(at.state, schedule, loan.product, input.asOf, knownAt),
  };
}

// ---------------------------------------------------------------------------
// Interest accrued in a period

/**
 * Interest accrued through each date: the projection for a date on or after
 * the latest event (as known now), a month-end snapshot on the date itself
 * (periods usually start on a 1st and end on a month end: one statement for
 * both ends), else the snapshot path without the payment log.
 */
async function accruedThrough(
  db: Database,
  loanId: number,
  dates: readonly string[],
  knownAt: string | null,
  current: EngineState,
): Promise<string[]> {
  const out = new Map<string, string>();
  for (const d of dates) {
    if (projectionAnswers(current, d, knownAt)) {
      out.set(d, moneyString(current.totals.interestAccrued));
    }
  }
  const rest = dates.filter((d) => !out.has(d));
  if (rest.length > 0) {
    for (const core of await readSnapshotCores(db, loanId, rest, knownAt)) {
      out.set(core.asOfDate, moneyString(toMoney(core.interestAccrued)));
    }
  }
  for (const d of dates) {
    if (out.has(d)) continue;
    const figures = (await replayFiguresAsOf(db, [loanId], d, { knownAt })).get(loanId);
    out.set(d, figures?.totals.interestAccrued ?? "0.00");
  }
  return dates.map((d) => out.get(d) as string);
}

/**
 * Interest accrued on the days from `from` through `to` (as known at
 * `knownAt`): the accrued total as of `to` less the total as of the day
 * before `from`, so later adjustments of those days count, and capitalised
 * or waived interest still counts as accrued.
 */
export async function interestAccruedOf(
  db: Database,
  loanId: number,
  period: { from: string; to: string; knownAt: string | null },
  known: Known = {},
): Promise<InterestAccrued> {
  const { from, to, knownAt } = period;
  if (from > to) {
    throw new AppError("invalid_input", `The period's start ${from} is after its end ${to}.`, {
      field: "from",
    });
  }
  const { current } = await currentOf(db, loanId, { schedule: [], ...known });
  const [before, through] = (await accruedThrough(
    db,
    loanId,
    [addDays(from, -1), to],
    knownAt,
    current,
  )) as [string, string];
  return {
    from,
    to,
    knownAt,
    accrued: moneyString(toMoney(through).minus(toMoney(before))),
    accruedBefore: before,
    accruedThrough: through,
  };
}

export async function loadInterestAccrued(
  db: Database,
  input: { loanNumber: string; from: string; to: string; knownAt?: string | null },
): Promise<InterestAccrued> {
  const loan = await requireLoan(db, input.loanNumber);
  return interestAccruedOf(db, loan.id, {
    from: input.from,
    to: input.to,
    knownAt: input.knownAt ?? null,
  });
}

// ---------------------------------------------------------------------------
// Days past due over time

/**
 * Days past due at the balance chart's month-end snapshots (`dates`), on the
 * as-of date (when its view is as known now) and today, as known now. Reads:
 * the snapshots' cores (one statement, no payment logs); the payment log is
 * the projection's.
 */
export async function delinquencyOverTime(
  db: Database,
  loan: DueLoan,
  options: {
    current: EngineState;
    schedule: readonly ScheduleEvent[];
    dates: readonly string[];
    today: string;
    asOfView?: DueView | null;
  },
): Promise<DelinquencySeries> {
  const { current, schedule, today } = options;
  const tolerance = toleranceFor(loan.product);
  const cores = await readSnapshotCores(
    db,
    loan.id,
    options.dates.filter((d) => d <= today),
  );
  const payments = paymentViews(current);
  const views: { view: DueView; source: DelinquencyPoint["source"] }[] = cores.map((core) => ({
    view: amountsDue(
      dueStateFromCore(core, payments),
      eventsInView(schedule, { asOf: core.asOfDate }),
      { asOf: core.asOfDate, tolerance },
    ),
    source: "month-end" as const,
  }));
  if (options.asOfView && options.asOfView.knownAt === null && options.asOfView.asOf <= today) {
    views.push({ view: options.asOfView, source: "as-of" });
  }
  if (current.status !== "none" && projectionAnswers(current, today, null)) {
    views.push({
      view: dueFrom(current, schedule, loan.product, today, null),
      source: "today",
    });
  }
  return { points: delinquencyPoints(views), knownAt: null };
}

/**
 * Days past due inside the series' gaps (on request, never on the page load):
 * at every month end and due date strictly inside each gap, at most
 * MAX_FILL_DATES in all, as known now. Each gap reads the snapshot at (or
 * before) its start and the events after it up to its last date, and folds
 * them once per date (the events effective by that date, in sequence order:
 * replay's choice), so the cost is the gap's events times its dates.
 */
export async function delinquencyInGaps(
  db: Database,
  loan: DueLoan,
  gaps: readonly SeriesGap[],
  today: string,
): Promise<DelinquencyPoint[]> {
  const { current, schedule } = await currentOf(db, loan.id, {});
  const dueDates = projectionAnswers(current, today, null)
    ? dueFrom(current, schedule, loan.product, today, null).installments.map((i) => i.dueDate)
    : [];
  const views: { view: DueView; source: DelinquencyPoint["source"] }[] = [];
  let budget = MAX_FILL_DATES;
  for (const gap of gaps) {
    if (budget <= 0) break;
    const to = gap.to < today ? gap.to : today;
    const dates = gapDates({ from: gap.from, to }, dueDates, budget);
    const last = dates.at(-1);
    if (last === undefined) continue;
    budget -= dates.length;
    const { base } = await loadStateAsOf(db, loan.id, { asOf: last, before: gap.from });
    for (const d of dates) {
      const state = foldEvents(
        base.tail.filter((e) => e.effectiveDate <= d),
        base.state,
      );
      views.push({ view: dueFrom(state, schedule, loan.product, d, null), source: "filled" });
    }
  }
  return delinquencyPoints(views);
}

export async function loadDelinquencyInGaps(
  db: Database,
  input: { loanNumber: string; gaps: readonly SeriesGap[]; today: string },
): Promise<DelinquencyPoint[]> {
  const loan = await requireLoan(db, input.loanNumber);
  return delinquencyInGaps(db, loan, input.gaps, input.today);
}

// ---------------------------------------------------------------------------
// The loan page

export interface DuePageOptions {
  /** The payoff date asked for (default: the as-of date). */
  payoffOn: string | null;
  /** The interest-accrued period (default: the as-of date's year to date). */
  interestPeriod: { from: string; to: string };
  /** The business date. */
  today: string;
}

export interface DuePageRequest extends Omit<DueRequest, "payoffOn">, DuePageOptions {}

/** The page's due request with its defaults filled in. */
export function duePageRequest(
  asOf: string,
  knownAt: string | null,
  options: Partial<DuePageOptions> = {},
): DuePageRequest {
  const today = options.today ?? businessDate();
  return {
    asOf,
    knownAt,
    payoffOn: options.payoffOn ?? null,
    interestPeriod: options.interestPeriod ?? defaultInterestPeriod(asOf, today),
    today,
  };
}

/**
 * Everything due-related the loan page renders, from the projection it has
 * read (with its due basis's schedule events) and the balance chart's snapshot
 * dates. Reads: for a past date or "as known at", the snapshot path; the
 * interest period's two ends (each the projection or the snapshot path
 * without payment logs); the chart dates' snapshot cores.
 */
export async function loadDuePage(
  db: Database,
  loan: DueLoan,
  request: DuePageRequest,
  known: {
    current: EngineState;
    /** The projection's due basis's schedule events, when the page has the projection. */
    schedule?: readonly ScheduleEvent[];
    chartDates: Promise<readonly string[]>;
  },
): Promise<DuePageData> {
  const { current, schedule } = await currentOf(db, loan.id, known);
  const section = await dueSectionOf(db, loan, request, { current, schedule });
  const { from, to } = request.interestPeriod;
  const interest = await interestAccruedOf(
    db,
    loan.id,
    { from, to, knownAt: request.knownAt },
    { current },
  ).catch((error: unknown) => {
    if (isAppError(error)) return { error: error.message, from, to };
    throw error;
  });
  const delinquency = await delinquencyOverTime(db, loan, {
    current,
    schedule,
    dates: await known.chartDates,
    today: request.today,
    asOfView: section.due,
  });
  return { section, interest, delinquency };
}

export type { DuePageData, DueSection, DueView, InterestAccrued, PayoffQuote };
