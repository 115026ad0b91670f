/**
 * `npm run bench`: every benchmark, each printed next to its baseline from the
 * same run. The engine benchmark always runs; the accrual, due / payoff /
 * aging (scripts/bench/due.ts: a 2,000-loan book generated once and reused),
 * correction and worker (scripts/bench/workers.ts: the nightly batch and the
 * portfolio report on 1 and 2 `npm run worker` processes) benchmarks need a
 * Postgres server (DATABASE_URL).
 */
import { spawnSync } from "node:child_process";

const runs: Array<[string, string[]]> = [["engine replay", ["scripts/bench-engine.ts"]]];
if (process.env.DATABASE_URL) {
  runs.push(["daily accrual", ["scripts/bench/accrual.ts", ...process.argv.slice(2)]]);
  runs.push(["due, payoff and aging", ["scripts/bench/due.ts"]]);
  runs.push(["correction (backdated payment)", ["scripts/bench/correction.ts"]]);
  runs.push(["nightly batch and report on 1 and 2 workers", ["scripts/bench/workers.ts"]]);
} else {
  console.log(
    "(accrual, due and correction benchmarks skipped: set DATABASE_URL=postgres://... to run them)\n",
  );
}
let failed = false;
for (const [name, args] of runs) {
  console.log(`== ${name} ==`);
  const r = spawnSync("npx", ["tsx", ...args], { stdio: "inherit" });
  if (r.status !== 0) failed = true;
  console.log("");
}
process.exit(failed ? 1 : 0);
