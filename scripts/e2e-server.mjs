// Starts `next start` for the e2e suite on a throw-away PGlite folder.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";

const port = process.argv[2] ?? "3210";
const dataDir = ".data/e2e";
rmSync(dataDir, { recursive: true, force: true });
const child = spawn("npx", ["next", "start", "-p", port, "-H", "127.0.0.1"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PGLITE_DIR: dataDir,
    DATABASE_URL: "",
    DEMO_LOANS: process.env.DEMO_LOANS ?? "16",
    NEXT_TELEMETRY_DISABLED: "1",
  },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
