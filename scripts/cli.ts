/**
 * loan-replay command line: `npm run --silent cli -- <command> [options]`.
 *
 * A small dispatcher: each subcommand is a module in scripts/commands/<name>.ts
 * exporting `run(args, ctx): Promise<number>` (the exit code) and `usage`; it
 * writes, reads stdin and opens the database only through `ctx`
 * (scripts/commands/context.ts). To add one, add the file and one line to COMMANDS.
 *
 * Errors are one line on stderr (`error: ...`) and a non-zero exit code
 * (2 = bad usage, 1 = bad input or failure); never a stack trace.
 *
 * `main(argv, io)` runs one command and resolves to its exit code without
 * exiting, so the tests call it in-process with their own streams and database:
 *
 *   const code = await main(["verify"], { stdout, stderr, db });
 */
import { realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CliError, EXIT_INPUT, EXIT_USAGE } from "./cli/args";
import { type CliIo, type CommandContext, commandContext } from "./commands/context";

export type { CliIo, CliOutput } from "./commands/context";

interface CommandModule {
  run(args: string[], ctx: CommandContext): Promise<number>;
  usage: string;
}

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  replay: () => import("./commands/replay"),
  schedule: () => import("./commands/schedule"),
  due: () => import("./commands/due"),
  payoff: () => import("./commands/payoff"),
  "create-loan": () => import("./commands/create-loan"),
  append: () => import("./commands/append"),
  accrue: () => import("./commands/accrue"),
  nightly: () => import("./commands/nightly"),
  seed: () => import("./commands/seed"),
  import: () => import("./commands/import"),
  verify: () => import("./commands/verify"),
  checkpoint: () => import("./commands/checkpoint"),
  "verify-checkpoint": () => import("./commands/verify-checkpoint"),
  snapshots: () => import("./commands/snapshots"),
  projections: () => import("./commands/projections"),
  seal: () => import("./commands/seal"),
  staff: () => import("./commands/staff"),
};

async function printHelp(ctx: CommandContext): Promise<void> {
  const lines = ["usage: npm run --silent cli -- <command> [options]", "", "commands:"];
  for (const [name, load] of Object.entries(COMMANDS)) {
    try {
      lines.push(`  ${(await load()).usage}`);
    } catch {
      lines.push(`  ${name} (unavailable)`);
    }
  }
  ctx.stdout.write(`${lines.join("\n")}\n`);
}

/** Run one command; resolves to the exit code (never exits the process). */
export async function main(argv: string[], io: CliIo = {}): Promise<number> {
  const ctx = commandContext(io);
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    await printHelp(ctx);
    return name === undefined ? EXIT_USAGE : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    ctx.stderr.write(
      `error: unknown command ${JSON.stringify(name)} (expected one of ${Object.keys(COMMANDS).join(", ")})\n`,
    );
    return EXIT_USAGE;
  }
  try {
    const command = await load();
    if (rest.includes("--help") || rest.includes("-h")) {
      ctx.stdout.write(`usage: npm run --silent cli -- ${command.usage}\n`);
      return 0;
    }
    return await command.run(rest, ctx);
  } catch (error) {
    if (error instanceof CliError) {
      ctx.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    ctx.stderr.write(`error: ${message.split("\n")[0]}\n`);
    return EXIT_INPUT;
  }
}

/**
 * True when this file is the program being run (`tsx scripts/cli.ts`, through a
 * symlink, or named without its extension), false when it is imported (tests).
 */
function isEntryPoint(): boolean {
  const given = process.argv[1];
  if (!given) return false;
  const real = (file: string) => {
    try {
      return realpathSync(file);
    } catch {
      return path.resolve(file);
    }
  };
  const self = real(fileURLToPath(import.meta.url));
  const entry = real(given);
  return entry === self || entry === self.replace(/\.[cm]?[jt]s$/, "");
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT_INPUT;
    },
  );
}
