/**
 * Deterministic, realistic demo portfolio, written through the same services
 * staff use (never rows written directly), in simulated time: each action is
 * recorded on the day it happens, so recorded_at and the backdated payments
 * look like a real servicing history.
 *
 * Every loan follows one profile; the first eight loans take the profiles in
 * turn so that any portfolio of eight or more loans has all twelve event types.
 */
import { AppError } from "../../lib/app-error";
import { addDays, addMonths, daysBetween } from "../../lib/dates";
import type { DayCountConvention } from "../../lib/day-count";
import { ROUND_DOWN, ROUND_UP, toMoney } from "../../lib/money";
import type { EngineState } from "../../lib/replay/state";
import type { Database } from "../client";
import { loadOwedState, streamLength } from "../event-store";
import { accrueInterest } from "../services/accrue";
import { businessDate, type Clock } from "../services/context";
import { createLoan } from "../services/create-loan";
import {
  assessFee,
  chargeOff,
  deferPeriods,
  endForbearance,
  modifyTerms,
  postPayment,
  reversePayment,
  startForbearance,
  waiveFee,
} from "../services/servicing";
import { FIRST_NAMES, LAST_NAMES } from "./names";
import { SeededRandom } from "./random";

const PROFILES = [
  "performing",
  "late_payer",
  "nsf",
  "modification",
  "forbearance",
  "deferment",
  "charge_off",
  "early_payoff",
] as const;
type Profile = (typeof PROFILES)[number];

const PROFILE_WEIGHTS: ReadonlyArray<[Profile, number]> = [
  ["performing", 55],
  ["late_payer", 14],
  ["nsf", 6],
  ["modification", 6],
  ["forbearance", 6],
  ["deferment", 4],
  ["charge_off", 4],
  ["early_payoff", 5],
];

export interface SeedPortfolioOptions {
  db: Database;
  loans: number;
  years: number;
  seed: number;
  /**
   * The last simulated day (the portfolio is accrued through it): never after
   * the business date (refused: nothing is generated in the future); default
   * the day before it.
   */
  through?: string;
  /** The real clock the business date comes from (default: the system clock). */
  clock?: Clock;
  /** Skip the first loans (already generated): resumes an interrupted seed. */
  startAt?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedSummary {
  loans: number;
  events: number;
  profiles: Record<Profile, number>;
  through: string;
}

const SERVICER = "seed:servicer";
const LATE_FEE = "25.00";
const NSF_FEE = "35.00";

export async function seedPortfolio(options: SeedPortfolioOptions): Promise<SeedSummary> {
  const today = businessDate(options.clock);
  const through = options.through ?? addDays(today, -1);
  if (through > today) {
    throw new AppError(
      "rule_violation",
      `Seed through ${through} is after the business date ${today}; nothing is generated in the future.`,
      { field: "through", businessDate: today },
    );
  }
  const summary: SeedSummary = {
    loans: 0,
    events: 0,
    through,
    profiles: Object.fromEntries(PROFILES.map((p) => [p, 0])) as Record<Profile, number>,
  };
  const windowStart = addMonths(through, -12 * options.years);
  const windowDays = daysBetween(windowStart, through);
  for (let i = options.startAt ?? 0; i < options.loans; i++) {
    const rng = new SeededRandom(options.seed * 100_003 + i * 7919 + 1);
    const profile = i < PROFILES.length ? (PROFILES[i] as Profile) : weighted(rng);
    const originatedOn = addDays(windowStart, rng.int(0, Math.floor(windowDays * 0.4)));
    const events = await simulateLoan(options.db, rng, profile, originatedOn, through, i);
    summary.loans += 1;
    summary.events += events;
    summary.profiles[profile] += 1;
    options.onProgress?.(i + 1, options.loans);
  }
  return summary;
}

function weighted(rng: SeededRandom): Profile {
  let roll = rng.int(
    1,
    PROFILE_WEIGHTS.reduce((n, [, w]) => n + w, 0),
  );
  for (const [profile, weight] of PROFILE_WEIGHTS) {
    roll -= weight;
    if (roll <= 0) return profile;
  }
  return "performing";
}

/** A clock that records each action on its simulated day, a minute after the last. */
class SimulatedClock {
  private last = 0;
  at(date: string): Clock {
    const base = Date.parse(`${date}T09:00:00.000Z`);
    this.last = Math.max(base, this.last + 60_000);
    const instant = new Date(this.last);
    return () => instant;
  }
}

async function simulateLoan(
  db: Database,
  rng: SeededRandom,
  profile: Profile,
  originatedOn: string,
  through: string,
  index: number,
): Promise<number> {
  const clock = new SimulatedClock();
  const termMonths = rng.pick([24, 36, 48, 60, 72]);
  const dayCount: DayCountConvention = rng.pick([
    "actual/365",
    "actual/365",
    "actual/365",
    "30/360",
    "30/360",
    "actual/360",
  ]);
  const created = await createLoan({
    db,
    actor: SERVICER,
    clock: clock.at(originatedOn),
    borrower: {
      name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
      email: `borrower${index + 1}@example.com`,
    },
    product: rng.chance(0.1) ? "interest-first" : "standard",
    principal: `${rng.int(20, 200) * 250}.00`,
    annualRate: `0.${String(rng.int(399, 1299)).padStart(4, "0")}`,
    termMonths,
    dayCount,
    firstPaymentDate: addMonths(originatedOn, 1),
    originatedOn,
    disbursement: { on: originatedOn, method: rng.pick(["ach", "ach", "wire", "check"]) },
  });
  const loanNumber = created.loanNumber;
  // The loan's state after our last write: what it owes next is decided from
  // it, not read back (the accrual job's writes are not observed: reset then).
  let current: EngineState | undefined;
  const observe = (state: EngineState | null) => {
    current = state ?? undefined;
  };
  const ctx = (date: string) => ({
    db,
    actor: SERVICER,
    clock: clock.at(date),
    loanNumber,
    observe,
  });

  const firstDue = addMonths(originatedOn, 1);
  let monthsAvailable = 0;
  while (monthsAvailable < termMonths && addMonths(firstDue, monthsAvailable) <= through) {
    monthsAvailable++;
  }
  const milestone = Math.max(2, rng.int(3, Math.max(3, monthsAvailable - 4)));
  const backdateMonth = rng.chance(0.12) ? rng.int(2, Math.max(2, monthsAvailable - 1)) : -1;
  let skipUntil = 0;
  let lateFees = 0;
  let lastPaid = originatedOn;

  // What is owed on `date`, counting the interest a payment that day would accrue first.
  const owed = async (date: string) => loadOwedState(db, created.loanId, date, current);
  const payScheduled = async (
    due: string,
    payOn: string,
    recordOn = payOn,
    known?: Awaited<ReturnType<typeof owed>>,
  ) => {
    const state = known ?? (await owed(payOn));
    if (state.status === "paid_off" || state.status === "charged_off") return;
    const quote = payoffQuote(state);
    const scheduled = toMoney(state.terms?.paymentAmount ?? "0");
    const amount = scheduled.greaterThan(quote) ? quote : scheduled;
    if (!amount.greaterThan(0)) return;
    await postPayment({
      ...ctx(recordOn),
      amount: amount.toFixed(2),
      effectiveDate: payOn,
      method: rng.pick(["ach", "ach", "ach", "check", "card"]),
      reference: `PMT-${loanNumber}-${due}`,
    });
    lastPaid = payOn;
  };

  for (let k = 0; k < monthsAvailable; k++) {
    const due = addMonths(firstDue, k);
    if (k < skipUntil) continue;
    let payOn = due < lastPaid ? lastPaid : addDays(due, rng.int(-3, 1));
    if (payOn <= lastPaid) payOn = addDays(lastPaid, 1);
    // Nothing is generated after `through` (never after the business date).
    if (payOn > through) break;
    const state = await owed(payOn);
    if (state.status === "paid_off" || state.status === "charged_off") break;

    if (k === milestone) {
      switch (profile) {
        case "modification":
          await modifyTerms({
            ...ctx(addDays(due, -5)),
            effectiveDate: addDays(due, -5),
            ratePercent: toMoney(lowerRate(state.terms?.annualRate ?? "0.0500", rng))
              .times(100)
              .toFixed(2),
            reason: "hardship: rate reduction",
          });
          break;
        case "forbearance": {
          const start = addDays(due, -2);
          await startForbearance({
            ...ctx(start),
            effectiveDate: start,
            forbearanceType: "suspension",
            reducedPayment: "0.00",
            plannedEndDate: addMonths(start, 3),
          });
          const end = addMonths(start, 3);
          if (end > through) return finish();
          await endForbearance({ ...ctx(end), effectiveDate: end, action: "capitalize" });
          skipUntil = k + 3;
          lastPaid = end;
          continue;
        }
        case "deferment": {
          const start = addDays(due, -2);
          await deferPeriods({
            ...ctx(start),
            effectiveDate: start,
            periods: 2,
            interestTreatment: rng.pick(["accrue", "capitalize", "waive"]),
          });
          skipUntil = k + 2;
          lastPaid = start;
          continue;
        }
        case "charge_off": {
          // Stops paying: a late fee each month, charged off after four missed payments.
          for (let m = 0; m < 4 && k + m < monthsAvailable; m++) {
            const missed = addMonths(firstDue, k + m);
            if (addDays(missed, 15) > through) break;
            await assessFee({
              ...ctx(addDays(missed, 15)),
              amount: LATE_FEE,
              feeType: "late",
              effectiveDate: addDays(missed, 15),
            });
          }
          const chargeOffOn = addMonths(firstDue, k + 4);
          if (chargeOffOn > through) return finish();
          await chargeOff({
            ...ctx(chargeOffOn),
            effectiveDate: chargeOffOn,
            reason: "120+ days delinquent",
          });
          const recoveryOn = addDays(chargeOffOn, rng.int(30, 90));
          if (recoveryOn <= through) {
            await postPayment({
              ...ctx(recoveryOn),
              amount: `${rng.int(2, 20) * 50}.00`,
              effectiveDate: recoveryOn,
              method: "check",
              reference: `RECOVERY-${loanNumber}`,
            });
          }
          return finish();
        }
        case "early_payoff": {
          const quote = payoffQuote(await owed(payOn));
          await postPayment({
            ...ctx(payOn),
            amount: quote.toFixed(2),
            effectiveDate: payOn,
            reference: `PAYOFF-${loanNumber}`,
          });
          return finish();
        }
        case "nsf": {
          await payScheduled(due, payOn);
          const loan = await owed(payOn);
          const payment = loan.payments.at(-1);
          if (!payment) break;
          const returnedOn = addDays(payOn, 3);
          if (returnedOn > through) continue;
          await reversePayment({
            ...ctx(returnedOn),
            paymentSequence: payment.sequenceNumber,
            effectiveDate: returnedOn,
            reason: "NSF: payment returned by the bank",
            nsfFee: NSF_FEE,
          });
          if (addDays(returnedOn, 4) <= through) await payScheduled(due, addDays(returnedOn, 4));
          continue;
        }
        default:
          break;
      }
    }

    if (profile === "late_payer" && rng.chance(0.35)) {
      const feeOn = addDays(due, 15);
      if (feeOn > through) break;
      await assessFee({ ...ctx(feeOn), amount: LATE_FEE, feeType: "late", effectiveDate: feeOn });
      if (lateFees++ === 0 || rng.chance(0.3)) {
        const waiveOn = addDays(feeOn, 1);
        if (waiveOn > through) break;
        await waiveFee({
          ...ctx(waiveOn),
          amount: LATE_FEE,
          effectiveDate: waiveOn,
          reason: "goodwill: late fee waived",
        });
      }
      payOn = addDays(due, rng.int(17, 24));
      if (payOn > through) break;
      await payScheduled(due, payOn);
      continue;
    }

    if (k === backdateMonth && addDays(payOn, 4) <= through) {
      // The payment arrived on time but was posted four days later, after the
      // nightly accrual had already run: a backdated payment.
      await accrueInterest({
        db,
        actor: "system:accrual",
        clock: clock.at(addDays(payOn, 3)),
        through: addDays(payOn, 3),
        loanNumbers: [loanNumber],
      });
      current = undefined;
      await payScheduled(due, payOn, addDays(payOn, 4));
      lastPaid = addDays(payOn, 3);
      continue;
    }
    await payScheduled(due, payOn, payOn, state);
  }
  return finish();

  async function finish(): Promise<number> {
    await accrueInterest({
      db,
      actor: "system:accrual",
      clock: clock.at(through),
      through,
      loanNumbers: [loanNumber],
    });
    return streamLength(db, created.loanId);
  }
}

/** What clears the loan: fees, interest (whole cents) and principal. */
function payoffQuote(state: { fees: string; interest: string; principal: string }) {
  return toMoney(state.fees)
    .plus(toMoney(state.interest).toDecimalPlaces(2, ROUND_DOWN))
    .plus(toMoney(state.principal).toDecimalPlaces(2, ROUND_UP));
}

/** A rate 1 to 2.5 percentage points lower, never below 1%. */
function lowerRate(rate: string, rng: SeededRandom): string {
  const lowered = toMoney(rate).minus(toMoney(`0.0${rng.int(100, 250)}`));
  const floor = toMoney("0.0100");
  return (lowered.lessThan(floor) ? floor : lowered).toFixed(4);
}
