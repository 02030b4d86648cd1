// A stored delivery's bytes -> what it means for the app, or why it is refused. Runs in the worker
// (never on the acknowledgement path). A body that cannot be read fails its delivery with the
// reason and field path: the same bytes will not parse on a retry.
import { describeIssues } from "./payload-fields";
import { parseOrderPayload, type ParsedOrder } from "./order-payload";
import { parseInventoryLevelPayload, type ParsedInventoryLevel } from "./inventory-level-payload";
import { parseProductPayload, type ParsedProduct } from "./product-payload";
import { parseFulfillmentOrderPayload, type ParsedFulfillmentOrderChange } from "./fulfillment-order-payload";
import { TOPICS } from "./topics";
import type { z } from "zod";

export type DeliveryMeaning =
  | { kind: "order"; order: ParsedOrder }
  | { kind: "level"; level: ParsedInventoryLevel }
  | { kind: "product"; product: ParsedProduct }
  | { kind: "fulfillment_orders"; change: ParsedFulfillmentOrderChange }
  | { kind: "lifecycle"; topic: string; payload: unknown };

export type ParsedDelivery = { ok: true; meaning: DeliveryMeaning } | { ok: false; status: "failed" | "skipped"; reason: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

// JSON may carry NUL characters ("\u0000"); Postgres text cannot store them. Removed while parsing,
// and only for bodies that contain one (a reviver slows every parse down).
const NUL_ESCAPE = Buffer.from("\\u0000");
const withoutNul = (_key: string, value: unknown) => (typeof value === "string" && value.includes("\u0000") ? value.replaceAll("\u0000", "") : value);

const invalid = (topic: string, error: z.ZodError): ParsedDelivery => ({
  ok: false,
  status: "failed",
  reason: `invalid ${topic} payload: ${describeIssues(error)}`,
});

/** A body's JSON (NUL characters removed); throws on invalid UTF-8 or JSON. */
export function parseJsonBody(body: Uint8Array): unknown {
  const text = utf8.decode(body);
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).includes(NUL_ESCAPE) ? JSON.parse(text, withoutNul) : JSON.parse(text);
}

export function parseDelivery(topic: string, body: Uint8Array): ParsedDelivery {
  let payload: unknown;
  try {
    payload = parseJsonBody(body);
  } catch (e) {
    const what = e instanceof SyntaxError ? `not valid JSON (${e.message})` : "not valid UTF-8";
    return { ok: false, status: "failed", reason: `body is ${what}` };
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    return { ok: false, status: "failed", reason: "body is not a JSON object" };
  }
  switch (topic) {
    case TOPICS.ordersCreate:
    case TOPICS.ordersUpdated:
    case TOPICS.ordersCancelled: {
      const r = parseOrderPayload(payload);
      return r.ok ? { ok: true, meaning: { kind: "order", order: r.value } } : invalid(topic, r.error);
    }
    case TOPICS.inventoryLevelsUpdate: {
      const r = parseInventoryLevelPayload(payload);
      if (!r.ok) return invalid(topic, r.error);
      if (r.value.available === null) return { ok: false, status: "skipped", reason: "no available quantity (item not stocked at this location)" };
      return { ok: true, meaning: { kind: "level", level: r.value } };
    }
    case TOPICS.productsUpdate: {
      const r = parseProductPayload(payload);
      if (!r.ok) return invalid(topic, r.error);
      if (r.value.variants.length === 0) return { ok: false, status: "skipped", reason: "no variant carries an inventory item id" };
      return { ok: true, meaning: { kind: "product", product: r.value } };
    }
    case TOPICS.fulfillmentOrdersRoutingComplete:
    case TOPICS.fulfillmentOrdersMoved:
    case TOPICS.fulfillmentOrdersSplit: {
      const r = parseFulfillmentOrderPayload(topic, payload);
      return r.ok ? { ok: true, meaning: { kind: "fulfillment_orders", change: r.value } } : invalid(topic, r.error);
    }
    case TOPICS.appUninstalled:
    case TOPICS.appScopesUpdate:
    case TOPICS.customersDataRequest:
    case TOPICS.customersRedact:
    case TOPICS.shopRedact:
      return { ok: true, meaning: { kind: "lifecycle", topic, payload } };
    default:
      return { ok: false, status: "skipped", reason: `no handler for topic ${topic}` };
  }
}
