// orders/create | orders/updated | orders/cancelled -> the order mirror, then re-evaluation of
// every stock position the order's lines draw on (before and after the change).
import prisma from "../db.server";
import { gidNumber } from "../shopify/gid";
import { adminGraphql } from "../shopify/admin-client.server";
import { ORDER_ASSIGNMENTS_QUERY } from "../shopify/operations";
import type { ParsedOrder } from "../webhooks/order-payload";
import { findOrderLines, replaceOrderLines, upsertOrderIfNewer, type OrderLineWrite } from "../models/orders.server";
import { activeLocationIds, itemsByVariant } from "../models/inventory.server";
import { evaluateStockPosition } from "./evaluate-stock-position.server";
import type { ProcessOutcome } from "./process-webhook.server";

type Assignment = { locationId: bigint; inventoryItemId: bigint | null };

type AssignmentsData = {
  order: null | {
    fulfillmentOrders: {
      nodes: {
        status: string;
        assignedLocation: { location: { id: string } | null } | null;
        lineItems: { nodes: { remainingQuantity: number; totalQuantity: number; inventoryItemId: string | null; lineItem: { id: string } }[] };
      }[];
    };
  };
};


/** Where Shopify assigned each line: the authoritative answer for orders without a location_id. */
async function fetchAssignments(shop: string, orderId: bigint): Promise<Map<bigint, Assignment>> {
  const data = await adminGraphql<AssignmentsData>(shop, ORDER_ASSIGNMENTS_QUERY, { id: `gid://shopify/Order/${orderId}` });
  const map = new Map<bigint, Assignment>();
  for (const fo of data.order?.fulfillmentOrders.nodes ?? []) {
    const loc = fo.assignedLocation?.location?.id;
    if (!loc) continue;
    for (const li of fo.lineItems.nodes) {
      // A line split across fulfillment orders: keep the location holding most of what remains.
      const lineId = gidNumber(li.lineItem.id);
      if (!map.has(lineId) || li.remainingQuantity > 0) {
        map.set(lineId, { locationId: gidNumber(loc), inventoryItemId: li.inventoryItemId ? gidNumber(li.inventoryItemId) : null });
      }
    }
  }
  return map;
}

export async function processOrder(shop: string, order: ParsedOrder, triggeredAt: Date, source: string): Promise<ProcessOutcome> {
  const tracked = order.lines.filter((l) => !l.untrackedReason);
  const untracked = order.lines.length - tracked.length;
  const existing = await findOrderLines(prisma, shop, order.id);
  const existingById = new Map(existing.map((l) => [l.id, l]));
  const items = await itemsByVariant(shop, tracked.map((l) => l.variantId!));

  // Location per line: already known, else the POS location, else the only location, else the
  // fulfillment orders' assignment from the Admin API.
  const locations = await activeLocationIds(shop);
  let assignments: Map<bigint, Assignment> | null = null;
  const needsLookup = tracked.some(
    (l) => !existingById.get(l.id)?.locationId && !order.locationId && (locations.length !== 1 || !items.has(l.variantId!)),
  );
  let lookupError: string | null = null;
  if (needsLookup && tracked.length > 0) {
    try {
      assignments = await fetchAssignments(shop, order.id);
    } catch (e) {
      lookupError = (e as Error).message;
    }
  }

  const writes: OrderLineWrite[] = tracked.map((l) => {
    const known = existingById.get(l.id);
    const a = assignments?.get(l.id);
    return {
      id: l.id,
      variantId: l.variantId,
      inventoryItemId: items.get(l.variantId!)?.id ?? a?.inventoryItemId ?? known?.inventoryItemId ?? null,
      sku: l.sku ?? items.get(l.variantId!)?.sku ?? null,
      title: l.title,
      quantity: l.quantity,
      openQuantity: l.openQuantity,
      locationId: a?.locationId ?? known?.locationId ?? order.locationId ?? (locations.length >= 1 ? locations[0] : null),
    };
  });

  const applied = await prisma.$transaction(async (tx) => {
    const ok = await upsertOrderIfNewer(tx, shop, order, triggeredAt);
    if (ok) await replaceOrderLines(tx, shop, order.id, writes);
    return ok;
  });
  if (!applied) return { status: "skipped", reason: "an equal or newer version of this order is already stored" };

  const positions = new Map<string, [bigint, bigint]>();
  for (const l of [...existing, ...writes]) {
    if (l.inventoryItemId && l.locationId) positions.set(`${l.inventoryItemId}:${l.locationId}`, [l.inventoryItemId, l.locationId]);
  }
  for (const [item, loc] of positions.values()) await evaluateStockPosition(shop, item, loc, "order", source);

  const unmapped = writes.filter((w) => !w.inventoryItemId || !w.locationId).length;
  const notes = [
    untracked ? `${untracked} line(s) without tracked stock (custom item or gift card) skipped` : null,
    unmapped ? `${unmapped} line(s) not yet mapped to an inventory item/location${lookupError ? ` (${lookupError})` : ""}` : null,
  ].filter(Boolean);
  if (tracked.length === 0) return { status: "skipped", reason: notes.join("; ") || "no line draws on tracked stock" };
  return { status: "processed", reason: notes.length ? notes.join("; ") : null };
}
