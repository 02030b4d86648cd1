// The benchmark's order payload: the captured 17 KB single-line order from shared/ (discount
// allocations, 34 line properties, addresses, note attributes), with this order's ids, times,
// customer and variant written in — the size and shape Shopify really sends.
import fs from "node:fs";
import path from "node:path";

const TEMPLATE = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, "../../shared/shopify/webhook-samples/orders-create--discount-code-percentage.json"), "utf8"),
) as Record<string, unknown> & { line_items: Record<string, unknown>[]; customer?: Record<string, unknown> };

export type BenchOrder = { id: number; name: string; channel: string; createdAt: string; lineId: number; variantId: number; sku: string; quantity: number; locationId?: number | null };

export function benchOrderBody(o: BenchOrder): string {
  const line = { ...TEMPLATE.line_items[0], id: o.lineId, admin_graphql_api_id: `gid://shopify/LineItem/${o.lineId}`, variant_id: o.variantId, sku: o.sku, quantity: o.quantity, current_quantity: o.quantity, fulfillable_quantity: o.quantity, gift_card: false, product_exists: true, fulfillment_status: null };
  return JSON.stringify({
    ...TEMPLATE,
    id: o.id,
    admin_graphql_api_id: `gid://shopify/Order/${o.id}`,
    name: o.name,
    order_number: o.id % 1_000_000,
    source_name: o.channel,
    created_at: o.createdAt,
    updated_at: o.createdAt,
    processed_at: o.createdAt,
    cancelled_at: null,
    closed_at: null,
    location_id: o.locationId ?? null,
    email: `buyer${o.id}@example.com`,
    contact_email: `buyer${o.id}@example.com`,
    customer: { ...(TEMPLATE.customer ?? {}), id: 8_000_000 + o.id, email: `buyer${o.id}@example.com` },
    line_items: [line],
  });
}
