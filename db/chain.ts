import { createHash } from "node:crypto";
import { type ChainedFields, canonicalEvent } from "../lib/chain/canonical";

/** sha256 (hex) of the event's canonical form, which includes the previous hash. */
export function eventHash(fields: ChainedFields): string {
  return createHash("sha256").update(canonicalEvent(fields), "utf8").digest("hex");
}
