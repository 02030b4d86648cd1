// Webhook bodies as Shopify's REST serializer writes them (compare shared/shopify/webhook-samples):
// money as strings, timestamps with the shop's UTC offset, numeric ids, nulls where absent.
import { available, gid, type EmOrder, type EmulatedShop } from "./emulated-shop";

/** ISO-8601 with the shop time zone's offset, seconds precision, as Shopify's REST JSON. */
export function shopTime(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  const local = Date.UTC(+get("year"), +get("month") - 1, +get("day"), +get("hour"), +get("minute"), +get("second"));
  const offsetMin = Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60000);
  const sign = offsetMin >= 0 ? "+" : "-";
  const abs = Math.abs(offsetMin);
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}:${get("second")}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

export function orderPayload(shop: EmulatedShop, o: EmOrder) {
  const t = (d: Date | null) => (d ? shopTime(d, shop.ianaTimezone) : null);
  const customer = o.customerId !== null ? shop.customers.get(o.customerId) : undefined;
  const subtotal = o.lineItems.reduce((s, li) => s + Number(li.price) * li.currentQuantity, 0).toFixed(2);
  return {
    id: o.id,
    admin_graphql_api_id: gid("Order", o.id),
    app_id: o.sourceName === "pos" ? 129785 : 580111,
    browser_ip: o.sourceName === "web" ? "203.0.113.10" : null,
    buyer_accepts_marketing: false,
    cancel_reason: o.cancelledAt ? "customer" : null,
    cancelled_at: t(o.cancelledAt),
    closed_at: t(o.closedAt),
    confirmed: true,
    contact_email: o.email,
    created_at: t(o.createdAt),
    currency: shop.currencyCode,
    current_subtotal_price: o.cancelledAt ? "0.00" : subtotal,
    current_total_price: o.cancelledAt ? "0.00" : subtotal,
    email: o.email ?? "",
    financial_status: o.cancelledAt ? "refunded" : "paid",
    fulfillment_status: null,
    location_id: o.locationId,
    name: o.name,
    number: o.id % 1_000_000,
    order_number: 1000 + (o.id % 1_000_000),
    presentment_currency: shop.currencyCode,
    processed_at: t(o.createdAt),
    source_name: o.sourceName,
    subtotal_price: subtotal,
    tags: o.tags.join(", "),
    test: o.test,
    total_price: subtotal,
    updated_at: t(o.updatedAt),
    customer: customer
      ? { id: customer.id, email: customer.email, first_name: customer.firstName, last_name: customer.lastName, admin_graphql_api_id: gid("Customer", customer.id) }
      : null,
    line_items: o.lineItems.map((li) => {
      const variant = li.variantId !== null ? shop.variants.get(li.variantId) : undefined;
      return {
        id: li.id,
        admin_graphql_api_id: gid("LineItem", li.id),
        current_quantity: o.cancelledAt ? 0 : li.currentQuantity,
        fulfillable_quantity: o.cancelledAt ? 0 : Math.max(0, li.currentQuantity - li.fulfilledQuantity),
        fulfillment_service: "manual",
        fulfillment_status: li.fulfilledQuantity >= li.currentQuantity && li.currentQuantity > 0 ? "fulfilled" : null,
        gift_card: false,
        grams: 0,
        name: li.title,
        price: li.price,
        product_exists: Boolean(variant),
        product_id: variant?.productId ?? null,
        properties: [],
        quantity: li.quantity,
        requires_shipping: true,
        sku: li.sku,
        taxable: true,
        title: li.title,
        total_discount: "0.00",
        variant_id: li.variantId,
        variant_inventory_management: "shopify",
        variant_title: variant?.title === "Default Title" ? null : (variant?.title ?? ""),
        vendor: variant ? (shop.products.get(variant.productId)?.vendor ?? null) : null,
      };
    }),
  };
}

export function inventoryLevelPayload(shop: EmulatedShop, itemId: number, locationId: number) {
  const l = shop.level(itemId, locationId);
  return {
    inventory_item_id: itemId,
    location_id: locationId,
    available: available(l),
    updated_at: shopTime(l.updatedAt, shop.ianaTimezone),
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${locationId}?inventory_item_id=${itemId}`,
  };
}
