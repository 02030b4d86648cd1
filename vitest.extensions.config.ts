import { defineConfig } from "vitest/config";

// Shopper-facing extensions: Preact + Polaris web components rendered into happy-dom with a
// stand-in `shopify` global (extensions/shared/testing). Kept apart from the app's config, whose
// JSX is React's.
export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  test: {
    environment: "happy-dom",
    include: ["extensions/**/*.test.{ts,tsx}"],
    pool: "forks",
    maxWorkers: 2,
  },
});
