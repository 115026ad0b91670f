// Starts `next start` for the e2e suite on a throw-away PGlite folder, with a
// fresh session secret and the demo staff accounts (one per role, all with the
// password the specs sign in with: E2E_STAFF_PASSWORD, see e2e/staff.ts).
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { rmSync } from "node:fs";

const port = process.argv[2] ?? "3210";
// One folder per port, so two suites on one checkout do not share a database.
const dataDir = `.data/e2e-${port}`;
rmSync(dataDir, { recursive: true, force: true });
// `next start` runs as production, which refuses to start without a chain
// signing key: a throw-away one, like the session secret.
const signingKey = generateKeyPairSync("ed25519")
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();
const child = spawn("npx", ["next", "start", "-p", port, "-H", "127.0.0.1"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PGLITE_DIR: dataDir,
    DATABASE_URL: "",
    DEMO_LOANS: process.env.DEMO_LOANS ?? "16",
    NEXT_TELEMETRY_DISABLED: "1",
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64"),
    LOAN_REPLAY_SIGNING_KEY: signingKey,
    LOAN_REPLAY_CHECKPOINT_DIR: `${dataDir}/checkpoints`,
    BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
    DEMO_STAFF: "true",
    DEMO_STAFF_PASSWORD: process.env.E2E_STAFF_PASSWORD ?? "e2e-staff-password",
  },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
