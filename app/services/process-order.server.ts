// orders/create | orders/updated | orders/cancelled -> the order mirror and, in the same transaction,
// the re-evaluation of every stock position the order's lines draw on (before and after the change).
import prisma from "../db.server";
import { gidNumber } from "../shopify/gid";
import { adminGraphql } from "../shopify/admin-client.server";
import { ORDER_ASSIGNMENTS_QUERY } from "../shopify/operations";
import type { ParsedOrder } from "../webhooks/order-payload";
import { findOrderLines, replaceOrderLines, upsertOrderIfNewer, type OrderLineWrite } from "../models/orders.server";
import { activeLocationIds, itemsByVariant } from "../models/inventory.server";
import { evaluateLockedPosition, withStockPositions } from "./evaluate-stock-position.server";
import type { StockPosition } from "../models/backorders.server";
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


/** Where Shopify assigned each line (its fulfillment orders): the authoritative answer. */
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
  // Independent reads: concurrent on PostgreSQL (the pool has room), serial on PGlite either way.
  const [existing, items, locations] = await Promise.all([
    findOrderLines(prisma, shop, order.id),
    itemsByVariant(shop, tracked.map((l) => l.variantId!)),
    activeLocationIds(shop),
  ]);
  const existingById = new Map(existing.map((l) => [l.id, l]));

  // Location per line, once: the fulfillment order's assigned location from the Admin API, else the
  // payload's location_id (POS), else the shop's primary location. The Admin API is asked only for
  // open lines it can tell something about: a shop with one location needs it only for an item
  // the mirror does not know yet.
  const unlocated = tracked.filter((l) => !existingById.get(l.id)?.locationId);
  let assignments: Map<bigint, Assignment> | null = null;
  let lookupError: string | null = null;
  if (unlocated.some((l) => l.openQuantity > 0 && (locations.length !== 1 || !items.has(l.variantId!)))) {
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

  // Every position the order drew on before or draws on now is re-evaluated in the same
  // transaction as the order write, under those positions' locks.
  const positions = new Map<string, StockPosition>();
  for (const l of [...existing, ...writes]) {
    if (l.inventoryItemId && l.locationId) positions.set(`${l.inventoryItemId}:${l.locationId}`, [l.inventoryItemId, l.locationId]);
  }
  const applied = await withStockPositions(shop, [...positions.values()], async (tx) => {
    if (!(await upsertOrderIfNewer(tx, shop, order, triggeredAt))) return false;
    await replaceOrderLines(tx, shop, order.id, writes);
    for (const [item, loc] of positions.values()) await evaluateLockedPosition(tx, shop, item, loc, "order", source);
    return true;
  });
  if (!applied) return { status: "skipped", reason: "a newer version of this order is already stored" };

  const unmapped = writes.filter((w) => !w.inventoryItemId || !w.locationId).length;
  const guessed = lookupError && locations.length > 1 ? writes.filter((w, i) => w.locationId && unlocated.includes(tracked[i])).length : 0;
  const fallback = order.locationId ? "the order's location_id" : "the shop's primary location";
  const notes = [
    untracked ? `${untracked} line(s) without tracked stock (custom item or gift card) skipped` : null,
    guessed ? `${guessed} line(s) placed at ${fallback}: assigned location unavailable (${lookupError})` : null,
    unmapped ? `${unmapped} line(s) not yet mapped to an inventory item/location${lookupError ? ` (${lookupError})` : ""}` : null,
  ].filter(Boolean);
  if (tracked.length === 0) return { status: "skipped", reason: notes.join("; ") || "no line draws on tracked stock" };
  return { status: "processed", reason: notes.length ? notes.join("; ") : null };
}
