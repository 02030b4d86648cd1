export { createShopifyEmulator, ShopifyEmulator, type EmulatorOptions, type OrderInput, type SeedProduct } from "./shopify-emulator";
export { signSessionToken, verifySessionToken } from "./session-token";
export { RETRY_SCHEDULE_MS, type WebhookTransport } from "./webhook-delivery";
export { adminSchema, ADMIN_API_VERSION } from "./admin-schema";
