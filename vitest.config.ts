import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Unit tests (app/domain, pure modules) need nothing; files named *.db.test.ts(x) get a fresh
// database of their own (TEST_DB=pglite|postgres) through test/setup/database.ts.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    globalSetup: ["test/setup/global-setup.ts"],
    include: ["app/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}", "scripts/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**", "extensions/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
