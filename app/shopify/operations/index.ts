// Every Admin GraphQL operation the app sends lives in this folder, so one test
// (admin-operations-schema.test.ts) validates them all against the real 2026-01 schema
// and the emulator implements exactly these.
export * from "./shop-operations";
export * from "./inventory-operations";
export * from "./order-operations";
export * from "./fulfillment-operations";
export * from "./promise-operations";
export * from "./recovery-operations";
