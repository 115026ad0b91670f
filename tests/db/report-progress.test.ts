import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { readReportProgress, trackReportProgress } from "../../db/queries/report-progress";
import { reportProgress } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.destroy());

describe("report progress lives in the database", () => {
  it("is published while the work runs, readable from another connection, and gone after", async () => {
    // A second "app instance": its own connection pool on the same server database
    // (on PGlite, the same handle: one process is all it allows).
    const other = t.url ? await openDatabase({ url: t.url, migrate: false }) : null;
    const reader = other?.db ?? t.db;
    let seen: unknown = "not read";
    const result = await trackReportProgress(t.db, "2025-03-31|", async (onProgress) => {
      onProgress(3, 10);
      onProgress(10, 10); // the last step is always written (done = total)
      await new Promise((r) => setTimeout(r, 50));
      seen = await readReportProgress(reader, "2025-03-31|");
      return "report";
    });
    expect(result).toBe("report");
    expect(seen).toEqual({ done: 10, total: 10 });
    expect(await readReportProgress(reader, "2025-03-31|")).toBeNull();
    await other?.close();
  });

  it("is removed when the work fails, and a row left by a dead process is ignored", async () => {
    await expect(
      trackReportProgress(t.db, "2025-06-30|", async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await readReportProgress(t.db, "2025-06-30|")).toBeNull();
    await t.db.insert(reportProgress).values({ key: "dead|", done: 5, total: 9 });
    expect(await readReportProgress(t.db, "dead|")).toEqual({ done: 5, total: 9 });
    await t.db
      .update(reportProgress)
      .set({ updatedAt: sql`now() - interval '2 minutes'` })
      .where(eq(reportProgress.key, "dead|"));
    expect(await readReportProgress(t.db, "dead|")).toBeNull();
  });
});
