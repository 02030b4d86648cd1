// The built-in Shopify emulator (demo mode, scenario replay, tests, benchmarks; never production).
export {
  createShopifyEmulator,
  ShopifyEmulator,
  type EmulatorOptions,
  type ShopOptions,
  type ShopSeed,
  type OrderInput,
  type SeedProduct,
  type InventoryChange,
  type ProductChange,
  type AdminOutageMode,
  type AdminOutageOptions,
  EmulatorNetworkError,
} from "./shopify-emulator";
export { EmulatorActivityError, MAX_HOLDS_PER_APP, type ActivityError, type HoldInput, type LineQuantity, type RefundLineInput } from "./shop-activity";
export { signSessionToken, verifySessionToken } from "./session-token";
export { RETRY_SCHEDULE_MS, DELIVERY_TIMEOUT_MS, signWebhookBody, type WebhookTransport, type DeliveryOptions, type DeliveryRecord } from "./webhook-delivery";
export { adminSchema, ADMIN_API_VERSION } from "./admin-schema";
export { MAX_QUERY_COST } from "./execute-admin-graphql";
export type { EmulatedShop, EmOrder, EmFulfillmentOrder, EmHold, EmRefund } from "./emulated-shop";
