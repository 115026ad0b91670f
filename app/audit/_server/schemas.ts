/** Input schema of the audit page's server action. */
import { z } from "zod";

export const verifyChainsSchema = z.object({
  loanNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^LN-\d{6,}$/, "Loan numbers look like LN-000123.")
    .optional(),
});
