import { readFileSync } from "node:fs";
import { readPublicKeyFile } from "../../db/signing-key";
import { verifyCheckpoint } from "../../lib/chain/signing";
import { CliError, EXIT_INPUT, EXIT_OK, EXIT_USAGE, parseFlags } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "verify-checkpoint --file CHECKPOINT.json --public-key KEY.pem [--public-key OLD.pem ...]   (no database: checks the checkpoint's signature with public keys only)";

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, {
    file: { type: "string" },
    "public-key": { type: "string", multiple: true },
  });
  const keyFiles = flags["public-key"] ?? [];
  if (!flags.file || keyFiles.length === 0) {
    throw new CliError("--file and at least one --public-key are required", EXIT_USAGE);
  }
  const keys = keyFiles.map((f) => {
    const key = readPublicKeyFile(f);
    if (!key) throw new CliError(`--public-key ${f}: not an Ed25519 public key (PEM)`, EXIT_INPUT);
    return key;
  });
  let text: string;
  try {
    text = readFileSync(flags.file, "utf8");
  } catch (error) {
    throw new CliError(
      `--file ${flags.file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      EXIT_INPUT,
    );
  }
  const check = verifyCheckpoint(text, keys);
  if (!check.ok) {
    ctx.stderr.write(`error: ${flags.file} does not verify: ${check.reason}\n`);
    return EXIT_INPUT;
  }
  const { checkpoint } = check;
  ctx.printJson({
    verified: true,
    keyId: check.keyId,
    takenAt: checkpoint.takenAt,
    takenBy: checkpoint.takenBy,
    highWater: checkpoint.highWater,
    loans: checkpoint.loans.length,
  });
  return EXIT_OK;
}
