/**
 * The CSV export's whole answer for a query string, as a function of the
 * database (the route handler binds the app's; tests pass their own): 400 with
 * the reasons for bad parameters, else the streamed CSV as an attachment.
 */
import type { Database } from "@/db/client";
import { auditCsvFilename, auditCsvStream } from "./audit-csv";
import { toAuditFilter } from "./audit-page";
import { parseAuditQuery } from "./query";

export async function auditExportResponse(
  getDatabase: () => Promise<Database>,
  searchParams: URLSearchParams,
  today: string,
): Promise<Response> {
  const parsed = parseAuditQuery(searchParams);
  if (!parsed.ok) {
    return new Response(`Cannot export the audit log: ${parsed.errors.join(" ")}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const filter = toAuditFilter(parsed.query);
  // The CSV lists the rows in the order the screen shows them.
  return new Response(auditCsvStream(await getDatabase(), filter, undefined, parsed.query.order), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${auditCsvFilename(filter, today)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
