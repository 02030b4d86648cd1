// Webhook topics the app subscribes to (shopify.app.toml), as X-Shopify-Topic spells them.
export const TOPICS = {
  ordersCreate: "orders/create",
  ordersUpdated: "orders/updated",
  ordersCancelled: "orders/cancelled",
  inventoryLevelsUpdate: "inventory_levels/update",
  productsUpdate: "products/update",
  fulfillmentOrdersRoutingComplete: "fulfillment_orders/order_routing_complete",
  fulfillmentOrdersMoved: "fulfillment_orders/moved",
  fulfillmentOrdersSplit: "fulfillment_orders/split",
  appUninstalled: "app/uninstalled",
  appScopesUpdate: "app/scopes_update",
  customersDataRequest: "customers/data_request",
  customersRedact: "customers/redact",
  shopRedact: "shop/redact",
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/**
 * Every topic shopify.app.toml subscribes to (a test holds the two equal). The emulator, wherever
 * it stands in for Shopify (demo, scenario replay, benchmarks, tests), sends only these, as Shopify
 * does: an unsubscribed topic (fulfillment_holds/added after each hold) is never delivered.
 */
export const SUBSCRIBED_TOPICS: readonly string[] = Object.values(TOPICS);

/** The library reports topics as ORDERS_CREATE; deliveries say orders/create. */
export function normalizeTopic(topic: string): string {
  if (topic.includes("/")) return topic.toLowerCase();
  const lower = topic.toLowerCase();
  const i = lower.indexOf("_");
  // ORDERS_CREATE -> orders/create, INVENTORY_LEVELS_UPDATE -> inventory_levels/update,
  // APP_SCOPES_UPDATE -> app/scopes_update, CUSTOMERS_DATA_REQUEST -> customers/data_request
  const known = Object.values(TOPICS).find((t) => t.replace("/", "_") === lower);
  return known ?? `${lower.slice(0, i)}/${lower.slice(i + 1)}`;
}
