import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { ADMIN_STATE } from "./e2e/staff";

const PORT = Number(process.env.E2E_PORT ?? 3210);
// Browsers cannot be downloaded on the CI machine: use Debian's Chromium when it is there.
const SYSTEM_CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const executablePath = existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined;
const launchOptions = {
  executablePath,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
  },
  projects: [
    // Signs in once as the demo administrator and saves the session for the specs.
    {
      name: "setup",
      testMatch: /auth\.setup\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions },
    },
    {
      name: "chromium",
      dependencies: ["setup"],
      use: { ...devices["Desktop Chrome"], launchOptions, storageState: ADMIN_STATE },
    },
  ],
  // Runs the production build (`npm run build` first) on a fresh embedded
  // database so the suite always starts from the demo portfolio.
  webServer: {
    command: `node scripts/e2e-server.mjs ${PORT}`,
    // Ready once the database is migrated and the demo portfolio is loaded.
    url: `http://127.0.0.1:${PORT}/api/health/ready`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
