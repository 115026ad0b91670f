/**
 * `npm run bench`: every benchmark, each printed next to its baseline from the
 * same run. The engine benchmark always runs; the accrual benchmark needs a
 * Postgres server (DATABASE_URL).
 */
import { spawnSync } from "node:child_process";

const runs: Array<[string, string[]]> = [["engine replay", ["scripts/bench-engine.ts"]]];
if (process.env.DATABASE_URL) {
  runs.push(["daily accrual", ["scripts/bench/accrual.ts", ...process.argv.slice(2)]]);
} else {
  console.log("(accrual benchmark skipped: set DATABASE_URL=postgres://... to run it)\n");
}
let failed = false;
for (const [name, args] of runs) {
  console.log(`== ${name} ==`);
  const r = spawnSync("npx", ["tsx", ...args], { stdio: "inherit" });
  if (r.status !== 0) failed = true;
  console.log("");
}
process.exit(failed ? 1 : 0);
