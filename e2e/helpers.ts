/**
 * Shared by the persona specs: expected figures are computed independently,
 * by replaying the events the app exports (GET /loans/:n/events.json) with the
 * engine from lib/, never read back from the page.
 */
import { mkdirSync } from "node:fs";
import type { APIRequestContext, Page } from "@playwright/test";
import { parseEvents } from "../lib/events/parse";
import type { LoanEvent } from "../lib/events/types";

export async function fetchEvents(
  request: APIRequestContext,
  loanNumber: string,
): Promise<LoanEvent[]> {
  const response = await request.get(`/loans/${loanNumber}/events.json`);
  if (!response.ok()) throw new Error(`events.json for ${loanNumber}: HTTP ${response.status()}`);
  return parseEvents(await response.json());
}

/** The first demo loan whose history has an event matching `test`. */
export async function findLoan(
  request: APIRequestContext,
  test: (events: LoanEvent[]) => boolean,
  max = 60,
): Promise<{ loanNumber: string; events: LoanEvent[] }> {
  for (let n = 1; n <= max; n++) {
    const loanNumber = `LN-${String(n).padStart(6, "0")}`;
    const response = await request.get(`/loans/${loanNumber}/events.json`);
    if (response.status() === 404) break;
    const events = parseEvents(await response.json());
    if (test(events)) return { loanNumber, events };
  }
  throw new Error("no demo loan matches");
}

/** Save a screenshot as a build artifact (test-results/ is git-ignored). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync("test-results/screenshots", { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** The exact value behind a displayed money figure. */
export async function exactFigure(page: Page, testId: string): Promise<string | null> {
  return page.getByTestId(testId).locator("[data-exact]").getAttribute("data-exact");
}
