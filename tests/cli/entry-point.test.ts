/**
 * The real entry point, once: `npm run --silent cli -- replay ...` in a child
 * process through tsx, as a person types it. Every other CLI test calls main()
 * in-process (tests/helpers/cli.ts).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "loan-replay-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run cli", () => {
  it("replays a file: JSON on stdout, exit 0; bad usage: one line on stderr, exit 2", () => {
    const file = path.join(dir, "events.json");
    writeFileSync(
      file,
      JSON.stringify([
        {
          sequenceNumber: 1,
          eventType: "origination",
          effectiveDate: "2025-01-01",
          eventData: {
            principal: "10000.00",
            annualRate: "0.0600",
            termMonths: 12,
            dayCount: "30/360",
            firstPaymentDate: "2025-02-01",
          },
          recordedAt: "2025-01-01T09:00:00Z",
        },
      ]),
    );
    const run = (...args: string[]) =>
      spawnSync("npm", ["run", "--silent", "cli", "--", ...args], {
        cwd: root,
        encoding: "utf8",
      });

    const ok = run("replay", "--events", file, "--as-of", "2025-01-15");
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ status: "originated", asOf: "2025-01-15" });

    const bad = run("replay", "--events", file, "--as-of", "2025-02-30");
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toBe("error: --as-of 2025-02-30: must be a valid date YYYY-MM-DD\n");
  });
});
