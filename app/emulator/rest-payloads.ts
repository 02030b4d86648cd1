// Webhook bodies as Shopify's REST serializer writes them (compare shared/shopify/webhook-samples):
// money as strings, timestamps with the shop's UTC offset, numeric ids, nulls where absent.
import { currentMinor, decimal, orderTaxLines, originalMinor } from "./order-money";
import { available, gid, levelGid, type EmFulfillmentOrder, type EmHold, type EmLineItem, type EmOrder, type EmProduct, type EmRefund, type EmTaxLine, type EmulatedShop } from "./emulated-shop";

// Constructing an Intl.DateTimeFormat is expensive (it dominated a 10,000-order replay): one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f;
}

// Zone transitions fall on quarter hours (UTC), so the offset is constant within each quarter hour.
const offsets = new Map<string, number>();
const QUARTER_HOUR_MS = 900_000;

/** The zone's UTC offset at `date`, in minutes. */
function offsetMinutes(date: Date, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(date.getTime() / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 50_000) offsets.clear();
    offset = computeOffsetMinutes(date, timeZone);
    offsets.set(key, offset);
  }
  return offset;
}

function computeOffsetMinutes(date: Date, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(date);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** ISO-8601 with the shop time zone's offset, seconds precision, as Shopify's REST JSON. */
export function shopTime(date: Date, timeZone: string): string {
  const offset = offsetMinutes(date, timeZone);
  const local = new Date(Math.floor(date.getTime() / 1000) * 1000 + offset * 60000);
  const abs = Math.abs(offset);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${offset >= 0 ? "+" : "-"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

const money = (amount: string, currency: string) => ({ shop_money: { amount, currency_code: currency }, presentment_money: { amount, currency_code: currency } });

// Shopify's own sales channels report these app ids in order payloads.
const CHANNEL_APP_IDS: Record<string, number> = { web: 580111, pos: 129785, shopify_draft_order: 1354745, iphone: 23154 };

export function orderPayload(shop: EmulatedShop, o: EmOrder) {
  const t = (d: Date | null) => (d ? shopTime(d, shop.ianaTimezone) : null);
  const cur = shop.currencyCode;
  const customer = o.customerId !== null ? shop.customers.get(o.customerId) : undefined;
  const cancelled = o.cancelledAt !== null;
  const placed = originalMinor(o);
  const now = currentMinor(o);
  const [original, originalTax, originalTotal] = [decimal(placed.subtotal), decimal(placed.tax), decimal(placed.total)];
  const [current, currentTax, currentTotal] = [decimal(now.subtotal), decimal(now.tax), decimal(now.total)];
  const fulfilled = o.lineItems.reduce((s, li) => s + li.fulfilledQuantity, 0);
  const toShip = o.lineItems.reduce((s, li) => s + li.currentQuantity, 0);
  return {
    id: o.id,
    admin_graphql_api_id: gid("Order", o.id),
    app_id: CHANNEL_APP_IDS[o.sourceName] ?? (/^\d+$/.test(o.sourceName) ? Number(o.sourceName) : 580111),
    browser_ip: o.sourceName === "web" ? "203.0.113.10" : null,
    buyer_accepts_marketing: false,
    cancel_reason: o.cancelReason,
    cancelled_at: t(o.cancelledAt),
    closed_at: t(o.closedAt),
    confirmed: true,
    contact_email: o.email,
    created_at: t(o.createdAt),
    currency: cur,
    current_subtotal_price: current,
    current_subtotal_price_set: money(current, cur),
    current_total_price: currentTotal,
    current_total_price_set: money(currentTotal, cur),
    current_total_tax: currentTax,
    current_total_tax_set: money(currentTax, cur),
    email: o.email ?? "",
    financial_status: financialStatus(o),
    fulfillment_status: fulfilled === 0 ? null : fulfilled >= toShip ? "fulfilled" : "partial",
    location_id: o.locationId,
    name: o.name,
    note: null,
    number: o.number - 1000,
    order_number: o.number,
    presentment_currency: cur,
    processed_at: t(o.createdAt),
    source_name: o.sourceName,
    subtotal_price: original,
    subtotal_price_set: money(original, cur),
    tags: o.tags.join(", "),
    taxes_included: false,
    tax_lines: orderTaxLines(o).map((t) => taxLineJson(t, cur)),
    test: o.test,
    total_discounts: "0.00",
    total_line_items_price: original,
    total_price: originalTotal,
    total_price_set: money(originalTotal, cur),
    total_tax: originalTax,
    total_tax_set: money(originalTax, cur),
    updated_at: t(o.updatedAt),
    customer: customer
      ? {
          id: customer.id,
          email: customer.email,
          created_at: t(customer.createdAt),
          updated_at: t(customer.updatedAt),
          first_name: customer.firstName,
          last_name: customer.lastName,
          state: "disabled",
          note: null,
          verified_email: true,
          tags: customer.tags.join(", "),
          currency: cur,
          admin_graphql_api_id: gid("Customer", customer.id),
        }
      : null,
    line_items: o.lineItems.map((li) => lineItemJson(shop, li, cancelled)),
    fulfillments: [],
    refunds: o.refunds.map((r) => refundPayload(shop, o, r)),
  };
}

/** The order's financial status as REST reports it (the emulator takes every order as paid). */
export function financialStatus(o: EmOrder): "paid" | "partially_refunded" | "refunded" {
  if (o.cancelledAt !== null) return "refunded";
  if (o.refunds.length === 0) return "paid";
  return o.lineItems.every((li) => li.currentQuantity === 0) ? "refunded" : "partially_refunded";
}

const taxLineJson = (t: EmTaxLine, cur: string) => ({ title: t.title, rate: t.rate, price: t.price, price_set: money(t.price, cur), channel_liable: false });

/** A line item as the order serializer writes it (orders/*, and inside refunds/create). */
function lineItemJson(shop: EmulatedShop, li: EmLineItem, cancelled: boolean) {
  const variant = li.variantId !== null ? shop.variants.get(li.variantId) : undefined;
  const currentQuantity = cancelled ? 0 : li.currentQuantity;
  const cur = shop.currencyCode;
  return {
    id: li.id,
    admin_graphql_api_id: gid("LineItem", li.id),
    current_quantity: currentQuantity,
    fulfillable_quantity: Math.max(0, currentQuantity - li.fulfilledQuantity),
    fulfillment_service: "manual",
    fulfillment_status: li.fulfilledQuantity === 0 ? null : li.fulfilledQuantity >= li.currentQuantity ? "fulfilled" : "partial",
    gift_card: false,
    grams: 0,
    name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title,
    price: li.price,
    price_set: money(li.price, cur),
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
    variant_inventory_management: variant ? "shopify" : null,
    variant_title: li.variantTitle,
    vendor: li.vendor,
    tax_lines: li.taxLines.map((t) => taxLineJson(t, cur)),
    discount_allocations: [],
  };
}

/** The refund serializer: the body of refunds/create and the entries of an order's `refunds`. */
export function refundPayload(shop: EmulatedShop, o: EmOrder, r: EmRefund) {
  const t = (d: Date) => shopTime(d, shop.ianaTimezone);
  const cur = shop.currencyCode;
  return {
    id: r.id,
    order_id: o.id,
    created_at: t(r.createdAt),
    note: r.note,
    user_id: null,
    processed_at: t(r.createdAt),
    duties: [],
    total_duties_set: money("0.00", cur),
    return: null,
    refund_shipping_lines: [],
    restock: r.lines.some((l) => l.restockType !== "NO_RESTOCK"),
    admin_graphql_api_id: gid("Refund", r.id),
    order_adjustments: [],
    refund_line_items: r.lines.map((l) => {
      const li = o.lineItems.find((x) => x.id === l.lineItemId)!;
      const { current_quantity: _current, ...lineItem } = lineItemJson(shop, li, o.cancelledAt !== null);
      return {
        id: l.id,
        quantity: l.quantity,
        line_item_id: l.lineItemId,
        location_id: l.locationId,
        restock_type: l.restockType.toLowerCase(),
        subtotal: Number(l.subtotal),
        total_tax: Number(l.totalTax),
        subtotal_set: money(l.subtotal, cur),
        total_tax_set: money(l.totalTax, cur),
        line_item: { ...lineItem, total_discount_set: money("0.00", cur), duties: [] },
      };
    }),
    transactions: (r.transactions ?? []).map((x) => ({
      id: x.id,
      admin_graphql_api_id: gid("OrderTransaction", x.id),
      order_id: o.id,
      parent_id: o.id,
      kind: "refund",
      status: "success",
      gateway: x.gateway,
      amount: x.amount,
      currency: cur,
      created_at: t(r.createdAt),
      processed_at: t(r.createdAt),
      test: o.test,
    })),
  };
}

/** `{ id, status }` as the fulfillment order webhooks reference a fulfillment order. */
export const fulfillmentOrderRef = (fo: EmFulfillmentOrder) => ({ id: gid("FulfillmentOrder", fo.id), status: fo.status.toLowerCase() });

/** A fulfillment hold in fulfillment_holds/* and fulfillment_orders/placed_on_hold bodies. */
export const fulfillmentHoldJson = (h: EmHold) => ({
  id: gid("FulfillmentHold", h.id),
  reason: h.reason.toLowerCase(),
  reason_notes: h.reasonNotes,
  held_by_requesting_app: h.appId !== null,
  handle: h.handle,
  held_by_app: h.appId !== null ? { id: gid("App", h.appId) } : null,
});

/** The orders/edited body: what an order edit added and removed (line item ids, unit deltas). */
export function orderEditPayload(
  shop: EmulatedShop,
  edit: { id: number; orderId: number; createdAt: Date; committedAt: Date; appId: number | null; notifyCustomer: boolean; staffNote: string },
  additions: { id: number; delta: number }[],
  removals: { id: number; delta: number }[],
) {
  const t = (d: Date) => shopTime(d, shop.ianaTimezone);
  return {
    order_edit: {
      id: edit.id,
      app_id: edit.appId,
      created_at: t(edit.createdAt),
      committed_at: t(edit.committedAt),
      notify_customer: edit.notifyCustomer,
      order_id: edit.orderId,
      staff_note: edit.staffNote,
      user_id: null,
      line_items: { additions, removals },
      discounts: { line_item: { additions: [], removals: [] } },
      shipping_lines: { additions: [], removals: [] },
    },
  };
}

export function inventoryLevelPayload(shop: EmulatedShop, itemId: number, locationId: number) {
  const l = shop.level(itemId, locationId);
  return {
    inventory_item_id: itemId,
    location_id: locationId,
    available: available(l),
    updated_at: shopTime(l.updatedAt, shop.ianaTimezone),
    admin_graphql_api_id: levelGid(l, itemId),
  };
}

export function productPayload(shop: EmulatedShop, p: EmProduct) {
  const t = (d: Date) => shopTime(d, shop.ianaTimezone);
  const variants = p.variantIds.map((id) => shop.variants.get(id)!);
  return {
    admin_graphql_api_id: gid("Product", p.id),
    body_html: null,
    created_at: t(p.createdAt),
    handle: p.handle,
    id: p.id,
    product_type: p.productType,
    published_at: p.status === "ACTIVE" ? t(p.createdAt) : null,
    template_suffix: null,
    title: p.title,
    updated_at: t(p.updatedAt),
    vendor: p.vendor,
    status: p.status.toLowerCase(),
    published_scope: "web",
    tags: p.tags.join(", "),
    variants: variants.map((v) => {
      const item = shop.items.get(v.inventoryItemId)!;
      const quantity = [...item.levels.values()].reduce((s, l) => s + available(l), 0);
      return {
        admin_graphql_api_id: gid("ProductVariant", v.id),
        barcode: null,
        compare_at_price: null,
        created_at: t(v.createdAt),
        id: v.id,
        inventory_policy: v.inventoryPolicy.toLowerCase(),
        position: v.position,
        price: v.price,
        product_id: p.id,
        sku: v.sku ?? "",
        taxable: true,
        title: v.title,
        updated_at: t(v.updatedAt),
        option1: v.title,
        option2: null,
        option3: null,
        image_id: null,
        inventory_item_id: v.inventoryItemId,
        inventory_quantity: quantity,
        old_inventory_quantity: quantity,
      };
    }),
    options: [{ name: "Title", id: p.id + 1, product_id: p.id, position: 1, values: variants.map((v) => v.title) }],
    images: [],
    image: null,
    variant_gids: variants.map((v) => ({ admin_graphql_api_id: gid("ProductVariant", v.id), updated_at: v.updatedAt.toISOString() })),
  };
}

/** The shop serializer: the body of app/uninstalled and shop/update. */
export function shopPayload(shop: EmulatedShop) {
  const t = (d: Date) => shopTime(d, shop.ianaTimezone);
  return {
    id: shop.shopId,
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    created_at: t(shop.createdAt),
    updated_at: t(shop.createdAt),
    currency: shop.currencyCode,
    iana_timezone: shop.ianaTimezone,
    myshopify_domain: shop.domain,
    primary_location_id: shop.activeLocationIds()[0] ?? null,
    multi_location_enabled: true,
    plan_name: "basic",
    plan_display_name: "Basic",
  };
}
