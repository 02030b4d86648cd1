// What happens in a shop and the webhooks Shopify emits for it. Used by the emulator's shop actions
// and by the Admin mutations, so both emit the same webhooks for the same change.
export * from "./catalog-activity";
export * from "./inventory-activity";
export * from "./order-activity";
export * from "./fulfillment-order-activity";
export * from "./order-change-activity";
