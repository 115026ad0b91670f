"use server";
/**
 * The audit page's server action: verify the hash chains of one loan or of
 * the whole book. Read-only; needs verify_chains.
 */
import { getDb } from "@/db";
import { validatedAction } from "../_lib/validated-action";
import { runChainCheck } from "./_server/chain-check";
import { verifyChainsSchema } from "./_server/schemas";

export const verifyChainsAction = validatedAction(
  verifyChainsSchema,
  async (input) => runChainCheck(await getDb(), input),
  { permission: "verify_chains" },
);
