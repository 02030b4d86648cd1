// Webhook bodies shaped like Shopify's REST serializer (see shared/shopify/webhook-samples).
export type OrderLineInput = { id: number; variantId: number | null; sku?: string | null; quantity: number; title?: string };

export function orderPayload(o: {
  id: number;
  name?: string;
  sourceName: string;
  createdAt: Date;
  updatedAt?: Date;
  cancelledAt?: Date | null;
  email?: string | null;
  customer?: { id: number; email: string; first_name?: string; last_name?: string } | null;
  locationId?: number | null;
  lines: OrderLineInput[];
}) {
  const cancelled = Boolean(o.cancelledAt);
  return {
    id: o.id,
    admin_graphql_api_id: `gid://shopify/Order/${o.id}`,
    app_id: 580111,
    cancel_reason: cancelled ? "customer" : null,
    cancelled_at: o.cancelledAt?.toISOString() ?? null,
    closed_at: null,
    created_at: o.createdAt.toISOString(),
    currency: "USD",
    email: o.email ?? o.customer?.email ?? "",
    financial_status: "paid",
    fulfillment_status: null,
    location_id: o.locationId ?? null,
    name: o.name ?? `#${o.id}`,
    number: o.id % 100000,
    order_number: 1000 + (o.id % 100000),
    source_name: o.sourceName,
    tags: "",
    test: false,
    total_price: "10.00",
    updated_at: (o.updatedAt ?? o.createdAt).toISOString(),
    customer: o.customer ?? null,
    line_items: o.lines.map((l) => ({
      id: l.id,
      admin_graphql_api_id: `gid://shopify/LineItem/${l.id}`,
      current_quantity: cancelled ? 0 : l.quantity,
      fulfillable_quantity: cancelled ? 0 : l.quantity,
      fulfillment_service: "manual",
      fulfillment_status: null,
      gift_card: false,
      name: l.title ?? "Item",
      price: "10.00",
      product_exists: l.variantId !== null,
      product_id: l.variantId ? l.variantId + 1 : null,
      quantity: l.quantity,
      requires_shipping: true,
      sku: l.sku ?? null,
      title: l.title ?? "Item",
      variant_id: l.variantId,
      variant_title: "",
      vendor: null,
    })),
  };
}

export function inventoryLevelPayload(itemId: number, locationId: number, available: number, updatedAt: Date) {
  return {
    inventory_item_id: itemId,
    location_id: locationId,
    available,
    updated_at: updatedAt.toISOString(),
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${locationId}?inventory_item_id=${itemId}`,
  };
}
