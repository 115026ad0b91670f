/**
 * Hook for `replay --loan <loanNumber>`: loads a loan's raw event rows from the
 * configured database. The database layer replaces the body of `loadLoanEvents`
 * (or calls `setLoanEventsLoader` before the command runs); replay parses the rows
 * with parseEvent, exactly as for --events.
 */
import { CliError, EXIT_INPUT } from "./args";

export type LoanEventsLoader = (loanNumber: string) => Promise<unknown[]>;

let loader: LoanEventsLoader | null = null;

export function setLoanEventsLoader(fn: LoanEventsLoader | null): void {
  loader = fn;
}

export async function loadLoanEvents(loanNumber: string): Promise<unknown[]> {
  if (loader === null) {
    throw new CliError("--loan needs the database (not yet wired); use --events FILE", EXIT_INPUT);
  }
  return loader(loanNumber);
}
