/**
 * loan-replay command line: `npm run --silent cli -- <command> [options]`.
 *
 * A small dispatcher: each subcommand is a module in scripts/commands/<name>.ts
 * exporting `run(args): Promise<number>` (the exit code) and `usage`. To add one
 * (seed, accrue, verify, append...), add the file and one line to COMMANDS.
 *
 * Errors are one line on stderr (`error: ...`) and a non-zero exit code
 * (2 = bad usage, 1 = bad input or failure); never a stack trace.
 */
import { CliError, EXIT_INPUT, EXIT_USAGE } from "./cli/args";

interface CommandModule {
  run(args: string[]): Promise<number>;
  usage: string;
}

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  replay: () => import("./commands/replay"),
  schedule: () => import("./commands/schedule"),
  "create-loan": () => import("./commands/create-loan"),
  append: () => import("./commands/append"),
  accrue: () => import("./commands/accrue"),
  seed: () => import("./commands/seed"),
  import: () => import("./commands/import"),
  verify: () => import("./commands/verify"),
  snapshots: () => import("./commands/snapshots"),
  staff: () => import("./commands/staff"),
};

async function printHelp(): Promise<void> {
  const lines = ["usage: npm run --silent cli -- <command> [options]", "", "commands:"];
  for (const [name, load] of Object.entries(COMMANDS)) {
    try {
      lines.push(`  ${(await load()).usage}`);
    } catch {
      lines.push(`  ${name} (unavailable)`);
    }
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    await printHelp();
    return name === undefined ? EXIT_USAGE : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(
      `error: unknown command ${JSON.stringify(name)} (expected one of ${Object.keys(COMMANDS).join(", ")})\n`,
    );
    return EXIT_USAGE;
  }
  try {
    const command = await load();
    if (rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(`usage: npm run --silent cli -- ${command.usage}\n`);
      return 0;
    }
    return await command.run(rest);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message.split("\n")[0]}\n`);
    return EXIT_INPUT;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT_INPUT;
  },
);
