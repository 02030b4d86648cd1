// What of a stored webhook body processing needs, and nothing more: the form a body is trimmed to
// after the retention period, and at once when its customer is redacted. A trimmed body parses
// exactly as the original did (same ids, quantities, times, channel) but holds no name, email,
// phone, address or note. Pure: JSON in, JSON out.
import { TOPICS } from "./topics";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

function pick(source: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const k of keys) if (k in source) out[k] = source[k];
  return out;
}

const ORDER_KEYS = [
  "id", "admin_graphql_api_id", "name", "order_number", "source_name", "created_at", "updated_at", "cancelled_at",
  "closed_at", "test", "location_id", "current_total_price", "total_price", "currency",
] as const;
const LINE_KEYS = [
  "id", "variant_id", "product_id", "sku", "title", "name", "variant_title", "quantity", "current_quantity",
  "fulfillable_quantity", "gift_card", "product_exists", "requires_shipping", "price",
] as const;

function trimOrder(o: Json, dropCustomer: boolean): Json {
  const out = pick(o, ORDER_KEYS);
  if (!dropCustomer && isObject(o.customer) && o.customer.id != null) out.customer = { id: o.customer.id };
  if (Array.isArray(o.line_items)) out.line_items = o.line_items.filter(isObject).map((l) => pick(l, LINE_KEYS));
  if (Array.isArray(o.refunds)) {
    out.refunds = o.refunds.filter(isObject).map((r) => ({
      refund_line_items: Array.isArray(r.refund_line_items)
        ? r.refund_line_items.filter(isObject).map((rl) => pick(rl, ["line_item_id", "quantity"]))
        : [],
    }));
  }
  return out;
}

function trimCompliance(p: Json, dropCustomer: boolean): Json {
  const out = pick(p, ["shop_id", "shop_domain", "orders_to_redact", "orders_requested"]);
  if (!dropCustomer && isObject(p.customer) && p.customer.id != null) out.customer = { id: p.customer.id };
  if (isObject(p.data_request) && p.data_request.id != null) out.data_request = { id: p.data_request.id };
  return out;
}

/**
 * The trimmed form of a delivery's payload. `dropCustomer` also removes the customer's id (a
 * redacted customer). Topics without personal data (inventory levels, products, fulfillment order
 * events) are kept as they are; anything unknown keeps only its id.
 */
export function trimPayload(topic: string, payload: unknown, o: { dropCustomer?: boolean } = {}): Json {
  if (!isObject(payload)) return {};
  const drop = o.dropCustomer ?? false;
  switch (topic) {
    case TOPICS.ordersCreate:
    case TOPICS.ordersUpdated:
    case TOPICS.ordersCancelled:
      return trimOrder(payload, drop);
    case TOPICS.customersRedact:
    case TOPICS.customersDataRequest:
      return trimCompliance(payload, drop);
    case TOPICS.inventoryLevelsUpdate:
    case TOPICS.productsUpdate:
    case TOPICS.fulfillmentOrdersRoutingComplete:
    case TOPICS.fulfillmentOrdersMoved:
    case TOPICS.fulfillmentOrdersSplit:
      return payload;
    default:
      return pick(payload, ["id", "shop_id", "shop_domain"]);
  }
}

/** Whether a stored payload belongs to the customer being redacted. */
export function payloadConcernsCustomer(payload: unknown, c: { customerId: bigint | null; email: string | null; orderIds: bigint[] }): boolean {
  if (!isObject(payload)) return false;
  const customer = isObject(payload.customer) ? payload.customer : null;
  if (c.customerId !== null && customer?.id != null && String(customer.id) === String(c.customerId)) return true;
  if (c.email) {
    const email = c.email.toLowerCase();
    const emails = [payload.email, payload.contact_email, customer?.email].filter((e): e is string => typeof e === "string");
    if (emails.some((e) => e.toLowerCase() === email)) return true;
  }
  return payload.id != null && c.orderIds.some((id) => String(id) === String(payload.id));
}
