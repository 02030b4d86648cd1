// fulfillment_orders/order_routing_complete | moved | split: which fulfillment orders changed, and
// where Shopify says they are now. Routing-complete carries only the id and status (Shopify's
// payload), so its order and line items are looked up; moved names the new assigned location.
import { z } from "zod";
import { gidOrId, optionalString } from "./payload-fields";
import type { ParseResult } from "./order-payload";

const FoRef = z.object({ id: gidOrId, status: optionalString, assigned_location_id: gidOrId.nullable().optional() }).passthrough();
const LineRef = z.object({ id: gidOrId, quantity: z.number().int().nonnegative().nullable().optional() }).passthrough();

const RoutingComplete = z.object({ fulfillment_order: FoRef }).passthrough();
const Moved = z
  .object({
    original_fulfillment_order: FoRef,
    moved_fulfillment_order: FoRef.nullable().optional(),
    destination_location_id: gidOrId.nullable().optional(),
    fulfillment_order_line_items_requested: z.array(LineRef).nullable().optional(),
  })
  .passthrough();
const Split = z
  .object({
    fulfillment_order: FoRef,
    remaining_fulfillment_order: FoRef.nullable().optional(),
    replacement_fulfillment_order: FoRef.nullable().optional(),
    split_line_items: z.array(LineRef).nullable().optional(),
  })
  .passthrough();

export type ParsedFulfillmentOrderChange = {
  /** Every fulfillment order the event names: each is (re)read with a batched lookup. */
  fulfillmentOrderIds: bigint[];
};

const ids = (...refs: (z.infer<typeof FoRef> | null | undefined)[]) => [...new Set(refs.filter((r) => r != null).map((r) => r!.id))];

export function parseFulfillmentOrderPayload(topic: string, body: unknown): ParseResult<ParsedFulfillmentOrderChange> {
  if (topic === "fulfillment_orders/moved") {
    const r = Moved.safeParse(body);
    return r.success ? { ok: true, value: { fulfillmentOrderIds: ids(r.data.original_fulfillment_order, r.data.moved_fulfillment_order) } } : { ok: false, error: r.error };
  }
  if (topic === "fulfillment_orders/split") {
    const r = Split.safeParse(body);
    return r.success
      ? { ok: true, value: { fulfillmentOrderIds: ids(r.data.fulfillment_order, r.data.remaining_fulfillment_order, r.data.replacement_fulfillment_order) } }
      : { ok: false, error: r.error };
  }
  const r = RoutingComplete.safeParse(body);
  return r.success ? { ok: true, value: { fulfillmentOrderIds: [r.data.fulfillment_order.id] } } : { ok: false, error: r.error };
}
