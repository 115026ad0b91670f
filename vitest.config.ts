import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration files each create their own database; running two at a time
    // keeps PGlite's WASM start-up from starving the 2-core CI machine.
    maxWorkers: 2,
  },
});
