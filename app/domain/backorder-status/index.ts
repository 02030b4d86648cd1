export * from "./backorder-status";
