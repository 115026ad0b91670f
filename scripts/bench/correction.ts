/**
 * Correction benchmark (issue 12): a payment backdated 60 days on a loan of
 * about 1,000 events with two later payments, its restatement included
 * (reversals, re-applied payments, about 60 accrual adjustments), through the
 * service on the Postgres server; beside it, in the same run, a plain append
 * (a fee dated today) on the same loans, and the preview of the correction.
 *
 *   DATABASE_URL=postgres://... npx tsx scripts/bench/correction.ts [--loans 15] [--json]
 *
 * Works in a scratch database (<name>_correction_bench) created and dropped by the run.
 */
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDatabase } from "../../db/client";
import { accrueInterest } from "../../db/services/accrue";
import { createLoan } from "../../db/services/create-loan";
import { assessFee, postPayment, previewServicingCommand } from "../../db/services/servicing";
import { addMonths } from "../../lib/dates";
import { percentile } from "./timing";

const { values } = parseArgs({
  options: { loans: { type: "string", default: "15" }, json: { type: "boolean" } },
});
const LOANS = Number(values.loans);
/** The business date of the run: every write is recorded "today". */
const TODAY = "2026-01-15";
const clock = () => new Date(`${TODAY}T12:00:00.000Z`);
const ORIGINATED = "2023-04-01";
const BACKDATED = "2025-11-16"; // 60 days before TODAY; payments follow on Dec 1 and Jan 1

const ms = (x: number) => Math.round(x * 10) / 10;
const stats = (xs: number[]) => ({ p50: ms(percentile(xs, 50)), p95: ms(percentile(xs, 95)) });

async function main() {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.error("error: the correction benchmark needs DATABASE_URL (a Postgres server)");
    process.exit(2);
  }
  const url = new URL(base);
  const name = `${url.pathname.slice(1) || "postgres"}_correction_bench`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  const db = handle.db;
  const ctx = { db, actor: "bench:servicer", clock };
  try {
    const loans: string[] = [];
    let events = 0;
    for (let i = 0; i < LOANS; i++) {
      const { loanNumber } = await createLoan({
        ...ctx,
        borrower: { name: `Bench borrower ${i + 1}` },
        principal: "25000.00",
        annualRate: "0.0650",
        termMonths: 60,
        dayCount: "actual/365",
        firstPaymentDate: "2023-05-01",
        originatedOn: ORIGINATED,
        disbursement: { on: ORIGINATED },
      });
      // A payment on the 1st of each month, with its accrual catch-up, then the nightly accrual.
      for (let due = "2023-05-01"; due <= "2026-01-01"; due = addMonths(due, 1)) {
        await postPayment({ ...ctx, loanNumber, amount: "500.00", effectiveDate: due });
      }
      await accrueInterest({ ...ctx, loanNumbers: [loanNumber], through: "2026-01-14" });
      loans.push(loanNumber);
    }
    const counter = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const [row] = await counter`select count(*)::int as n from loan_events`;
    await counter.end();
    events = Math.round((row?.n as number) / LOANS);

    const preview: number[] = [];
    const correction: number[] = [];
    const plain: number[] = [];
    let appended = 0;
    for (const loanNumber of loans) {
      let t0 = performance.now();
      await previewServicingCommand({
        ...ctx,
        loanNumber,
        command: { type: "record_payment", amount: "300.00", effectiveDate: BACKDATED },
      });
      preview.push(performance.now() - t0);
      t0 = performance.now();
      const result = await postPayment({
        ...ctx,
        loanNumber,
        amount: "300.00",
        effectiveDate: BACKDATED,
      });
      correction.push(performance.now() - t0);
      appended += result.appended.length;
      t0 = performance.now();
      await assessFee({
        ...ctx,
        loanNumber,
        amount: "5.00",
        feeType: "other",
        effectiveDate: TODAY,
      });
      plain.push(performance.now() - t0);
    }
    const report = {
      loans: LOANS,
      eventsPerLoan: events,
      eventsAppendedPerCorrection: Math.round(appended / LOANS),
      correction: stats(correction),
      preview: stats(preview),
      plainAppend: stats(plain),
      ratioP50: ms(percentile(correction, 50) / percentile(plain, 50)),
      goal: "correction p50 <= 100 ms",
    };
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(
        `backdated payment (60 days, 2 later payments) on ${events}-event loans, ${LOANS} loans, Postgres`,
      );
      console.log(
        `  correction  p50 ${report.correction.p50} ms  p95 ${report.correction.p95} ms  (${report.eventsAppendedPerCorrection} events appended, restatement included)`,
      );
      console.log(`  preview     p50 ${report.preview.p50} ms  p95 ${report.preview.p95} ms`);
      console.log(
        `  plain append p50 ${report.plainAppend.p50} ms  p95 ${report.plainAppend.p95} ms (a fee dated today)`,
      );
      console.log(`  ratio       ${report.ratioP50}x (goal: correction p50 <= 100 ms)`);
    }
  } finally {
    await handle.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

await main();
