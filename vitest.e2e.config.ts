import { defineConfig } from "vitest/config";

// Browser journeys: Debian Chromium driven by playwright-core against the demo server (built app).
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 1,
  },
});
