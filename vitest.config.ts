import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Three projects, each runnable alone (`npm run test:unit`, `test:db`, `test:cli`;
// `npm test` runs all three in one pool):
//   unit  the pure engine, presentation and lib code: no database, no process
//   db    integration: every file creates its own migrated database
//   cli   the command line through main(argv, io) in-process, plus one real spawn
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    // Checkpoints the tests take (cli accrue, cli checkpoint) go to a throw-away
    // folder, never to .data/checkpoints, which `cli verify` compares the app's
    // database with.
    env: {
      LOAN_REPLAY_CHECKPOINT_DIR:
        process.env.LOAN_REPLAY_CHECKPOINT_DIR ??
        path.join(tmpdir(), `loan-replay-test-checkpoints-${process.pid}`),
    },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration files each create their own database; running two at a time
    // keeps PGlite's WASM start-up from starving the 2-core CI machine. One
    // value for the whole run: projects with different maxWorkers cannot share
    // a pool, and running them one after another would be slower.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: [
            "tests/engine/**/*.test.ts",
            "tests/presentation/**/*.test.ts",
            "tests/unit/**/*.test.ts",
          ],
        },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: ["tests/db/**/*.test.ts", "tests/app/**/*.test.ts", "tests/auth/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: { name: "cli", include: ["tests/cli/**/*.test.ts"] },
      },
    ],
  },
});
