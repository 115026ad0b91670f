/**
 * `replay --loan <loanNumber>`: the loan's stored event rows from the configured
 * database (DATABASE_URL, or the embedded PGlite folder). replay parses them with
 * parseEvent exactly as it parses --events, so the two paths cannot disagree.
 */
import { listLoanEvents } from "../../db/queries/events";
import { findLoanByNumber } from "../../db/queries/loans";
import { CliError, EXIT_INPUT } from "./args";
import { withDatabase } from "./database";

export function loadLoanEvents(loanNumber: string): Promise<unknown[]> {
  return withDatabase(async ({ db }) => {
    const loan = await findLoanByNumber(db, loanNumber);
    if (!loan) throw new CliError(`--loan ${loanNumber}: no such loan`, EXIT_INPUT);
    return listLoanEvents(db, loan.id);
  });
}
