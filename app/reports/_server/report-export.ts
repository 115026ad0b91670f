/**
 * The CSV downloads' whole answers, as functions of the database (the route
 * handlers bind the app's; tests pass their own): 400 with the reason for bad
 * parameters, 404 for an unknown saved report, else the report as a CSV
 * attachment (reportCsv's lines, already escaped, streamed out).
 */
import type { Database } from "@/db/client";
import { getSavedReport, type PortfolioReport, reportCsv } from "@/db/services/portfolio-report";
import { isAppError } from "@/lib/app-error";
import { reportCsvFilename } from "../_lib/report-url";
import { MISSING_DATE_MESSAGE, parseReportParams, savedReportId } from "./params";
import { portfolioReportFor } from "./report-source";

function plainText(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** reportCsv's lines (an array or an async iterable) as a byte stream. */
function csvStream(lines: AsyncIterable<string> | Iterable<string>): ReadableStream<Uint8Array> {
  const iterator =
    Symbol.asyncIterator in lines
      ? (lines as AsyncIterable<string>)[Symbol.asyncIterator]()
      : (lines as Iterable<string>)[Symbol.iterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        console.error("[report export] failed while streaming", error);
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
}

function csvResponse(report: PortfolioReport, filename: string): Response {
  return new Response(csvStream(reportCsv(report)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Report-Engine-Version": report.engineVersion,
      "X-Report-High-Water-Mark": String(report.highWaterMark.eventId),
      "X-Report-Known-At": report.knownAt,
    },
  });
}

/** GET /reports/portfolio/export.csv?asOf=…&knownAt=…: the report for those parameters (the one on screen when it is still valid). */
export async function reportExportResponse(
  getDatabase: () => Promise<Database>,
  searchParams: URLSearchParams,
): Promise<Response> {
  const parsed = parseReportParams(searchParams);
  if (!parsed.ok) return plainText(400, `Cannot export the report: ${parsed.errors.join(" ")}`);
  const query = parsed.value.query;
  if (!query) return plainText(400, `Cannot export the report: ${MISSING_DATE_MESSAGE}`);
  try {
    const report = await portfolioReportFor(await getDatabase(), query);
    return csvResponse(report, reportCsvFilename(report.asOf));
  } catch (error) {
    if (isAppError(error) && error.code === "invalid_input") {
      return plainText(400, `Cannot export the report: ${error.message}`);
    }
    throw error;
  }
}

/** GET /reports/portfolio/saved/7/export.csv: the figures as filed. */
export async function savedReportExportResponse(
  getDatabase: () => Promise<Database>,
  idText: string,
): Promise<Response> {
  const id = savedReportId(idText);
  if (id === null) return plainText(400, "A saved report number is a positive whole number.");
  const report = await getSavedReport(await getDatabase(), id);
  if (!report) return plainText(404, `There is no saved report #${id}.`);
  return csvResponse(report, reportCsvFilename(report.asOf, id));
}
