// Applies a set of changes to a shop's stock picture — orders, inventory levels, products, and
// fulfillment orders to look up — inside the caller's transaction (which holds the shop's stock
// lock), then evaluates every position those changes touched, once. Webhook batches, the order
// reconciliation and the install sync all come through here, so they cannot disagree.
import type { Tx } from "../models/transaction.server";
import type { ParsedOrder, ParsedOrderLine } from "../webhooks/order-payload";
import type { ParsedInventoryLevel } from "../webhooks/inventory-level-payload";
import type { ParsedProduct } from "../webhooks/product-payload";
import {
  closeRemovedLines,
  findLinesOfOrders,
  mapUnmappedLines,
  upsertOrderLines,
  upsertOrdersIfNewer,
  type OrderLineWrite,
  type StoredOrderLine,
} from "../models/orders.server";
import {
  activeLocationIds,
  findItems,
  itemsByVariant,
  positionsOfItems,
  upsertItemsIfNewer,
  upsertLevelsIfNewer,
  type ItemWrite,
} from "../models/inventory.server";
import { assignedLocations } from "../models/fulfillment-orders.server";
import { requestLookups } from "../models/location-lookups.server";
import type { StockPosition } from "../models/backorders.server";
import { evaluatePositions, type EvaluationContext, type EvaluationSummary } from "./stock-evaluation.server";
import { failPoint } from "../faults.server";
import { trackDeficits } from "./replenishment/track-deficits.server";

/** `source` names what brought the change (e.g. "webhook:<id>") for the audit trail. */
export type OrderChange = { order: ParsedOrder; triggeredAt: Date | null; source?: string };
export type LevelChange = { level: ParsedInventoryLevel & { available: number }; triggeredAt: Date | null; source?: string };

export type StockChanges = {
  /** At most one version per order id (the caller keeps the newest). */
  orders?: OrderChange[];
  /** At most one version per (item, location). */
  levels?: LevelChange[];
  products?: ParsedProduct[];
  /** Items read from the Admin API (sync, reconciliation): tracking and policy included. */
  items?: ItemWrite[];
  /** Fulfillment orders a webhook named: their assignment is looked up. */
  fulfillmentOrderIds?: bigint[];
  /** Assigned locations read along with the orders (install sync), by line id. */
  locationHints?: Map<bigint, bigint>;
  /** Positions to evaluate even if nothing above touches them (reconciliation). */
  evaluate?: StockPosition[];
};

export type AppliedStockChanges = {
  /** Order ids written; the others were older than what is stored. */
  ordersApplied: Set<bigint>;
  /** "item:location" keys written. */
  levelsApplied: Set<string>;
  productsApplied: Set<bigint>;
  /** Open lines now waiting for their assigned location. */
  pendingLocationLines: number;
  lookupsRequested: number;
  evaluation: EvaluationSummary;
};

export type ApplyOptions = EvaluationContext & {
  /** How long an order without a routing webhook waits before its own lookup (ms). */
  orderLookupGraceMs: number;
};

const posKey = (item: bigint, loc: bigint) => `${item}:${loc}`;

type LineLocation = { locationId: bigint | null; locationSource: string | null };

/**
 * Where a line is assigned, from what is known without asking Shopify: the fulfillment-order mirror
 * (authoritative), what was stored, the POS location in the payload, the shop's only location.
 * Otherwise the line waits as "pending" for the lookup — never a guess.
 */
export function resolveLineLocation(
  line: Pick<ParsedOrderLine, "openQuantity">,
  known: { fromFulfillmentOrder?: bigint; hint?: bigint; stored?: StoredOrderLine; orderLocationId: bigint | null; onlyLocationId: bigint | null },
): LineLocation {
  if (known.fromFulfillmentOrder !== undefined) return { locationId: known.fromFulfillmentOrder, locationSource: "fulfillment_order" };
  if (known.hint !== undefined) return { locationId: known.hint, locationSource: "sync" };
  if (known.stored?.locationId != null && known.stored.locationSource !== "pending") {
    return { locationId: known.stored.locationId, locationSource: known.stored.locationSource };
  }
  if (known.orderLocationId !== null) return { locationId: known.orderLocationId, locationSource: "payload" };
  if (known.onlyLocationId !== null) return { locationId: known.onlyLocationId, locationSource: "only_location" };
  if (line.openQuantity === 0) return { locationId: null, locationSource: null };
  return { locationId: null, locationSource: "pending" };
}

export async function applyStockChanges(tx: Tx, shop: string, changes: StockChanges, o: ApplyOptions): Promise<AppliedStockChanges> {
  const positions: StockPosition[] = [...(changes.evaluate ?? [])];
  const sourceOf = new Map(o.sourceOf);
  const touched = (p: StockPosition, source: string | undefined) => {
    positions.push(p);
    if (source) sourceOf.set(posKey(p[0], p[1]), source);
  };
  const locations = await activeLocationIds(tx, shop);
  const onlyLocationId = locations.length === 1 ? locations[0] : null;
  let pendingLocationLines = 0;
  let lookupsRequested = 0;

  // Items (products/update, or the Admin snapshot): the variant -> item mapping, tracking and
  // policy. Lines stored before their variant was known are mapped now; every position of an item
  // whose mapping, tracking or policy changed is re-evaluated.
  const productsApplied = new Set<bigint>();
  const fromProducts: ItemWrite[] = (changes.products ?? []).flatMap((p) =>
    p.variants.map((v) => ({
      id: v.inventoryItemId, variantId: v.variantId, productId: p.id, sku: v.sku, title: v.title,
      inventoryPolicy: v.inventoryPolicy, sourceUpdatedAt: p.updatedAt,
    })),
  );
  const itemWrites = [...fromProducts, ...(changes.items ?? [])];
  // One row per item and statement: a later version in the list wins (two products cannot both
  // own an item in Shopify; a malformed pair must not fail the batch).
  const lastById = <T extends { id: bigint }>(xs: T[]) => [...new Map(xs.map((x) => [x.id, x])).values()];
  if (itemWrites.length) {
    const before = new Map((await findItems(tx, shop, itemWrites.map((i) => i.id))).map((i) => [i.id, i]));
    // One call per source: products/update does not say whether an item is tracked.
    const itemsApplied = new Set([
      ...(await upsertItemsIfNewer(tx, shop, lastById(fromProducts))),
      ...(await upsertItemsIfNewer(tx, shop, lastById(changes.items ?? []))),
    ]);
    for (const p of changes.products ?? []) if (p.variants.some((v) => itemsApplied.has(v.inventoryItemId))) productsApplied.add(p.id);
    const written = itemWrites.filter((i) => itemsApplied.has(i.id));
    const changed = written.filter((i) => {
      const b = before.get(i.id);
      return !b || b.variantId !== i.variantId || b.inventoryPolicy !== i.inventoryPolicy || (i.tracked !== undefined && b.tracked !== i.tracked);
    });
    const mapped = await mapUnmappedLines(tx, shop, written.filter((i) => i.variantId !== null).map((i) => ({ variantId: i.variantId!, itemId: i.id, sku: i.sku })));
    for (const l of mapped) if (l.locationId !== null) positions.push([l.inventoryItemId!, l.locationId]);
    positions.push(...(await positionsOfItems(tx, shop, changed.map((i) => i.id))));
  }

  // Orders: the newest version of each, its lines, and where each line is assigned.
  const ordersApplied = new Set<bigint>();
  if (changes.orders?.length) {
    const orderIds = changes.orders.map((c) => c.order.id);
    const stored = await findLinesOfOrders(tx, shop, orderIds);
    const storedById = new Map(stored.map((l) => [l.id, l]));
    const tracked = changes.orders.flatMap((c) => c.order.lines.filter((l) => !l.untrackedReason));
    const items = await itemsByVariant(tx, shop, tracked.map((l) => l.variantId!));
    const fromFo = await assignedLocations(tx, shop, tracked.map((l) => l.id));

    for (const id of await upsertOrdersIfNewer(
      tx, shop,
      changes.orders.map(({ order: x, triggeredAt }) => ({
        id: x.id, name: x.name, channel: x.channel, createdAt: x.createdAt, updatedAt: x.updatedAt, triggeredAt,
        cancelledAt: x.cancelledAt, closedAt: x.closedAt, test: x.test, customerId: x.customerId, email: x.email,
        customerName: x.customerName, totalPrice: x.totalPrice,
      })),
    )) ordersApplied.add(id);

    const writes: OrderLineWrite[] = [];
    const pendingOrders = new Set<bigint>();
    for (const { order } of changes.orders) {
      if (!ordersApplied.has(order.id)) continue;
      for (const l of order.lines) {
        if (l.untrackedReason) continue;
        const item = items.get(l.variantId!);
        const storedLine = storedById.get(l.id);
        const where = resolveLineLocation(l, {
          fromFulfillmentOrder: fromFo.get(l.id), hint: changes.locationHints?.get(l.id), stored: storedLine, orderLocationId: order.locationId, onlyLocationId,
        });
        if (where.locationSource === "pending") {
          pendingOrders.add(order.id);
          pendingLocationLines++;
        }
        writes.push({
          id: l.id, orderId: order.id, variantId: l.variantId, inventoryItemId: item?.id ?? storedLine?.inventoryItemId ?? null,
          sku: l.sku ?? item?.sku ?? null, title: l.title, quantity: l.quantity, openQuantity: l.openQuantity,
          currentQuantity: l.currentQuantity ?? null, ...where, unitPrice: l.unitPrice,
        });
      }
    }
    // A line id belongs to one order in Shopify; should two orders of a batch both claim one, the
    // last written wins rather than failing the batch.
    await upsertOrderLines(tx, shop, [...new Map(writes.map((w) => [w.id, w])).values()]);
    const appliedIds = [...ordersApplied];
    await closeRemovedLines(tx, shop, appliedIds, writes.map((w) => w.id));
    const sourceOfOrder = new Map(changes.orders.map((c) => [c.order.id, c.source]));
    for (const l of stored) {
      if (ordersApplied.has(l.orderId) && l.inventoryItemId !== null && l.locationId !== null) touched([l.inventoryItemId, l.locationId], sourceOfOrder.get(l.orderId));
    }
    for (const w of writes) if (w.inventoryItemId !== null && w.locationId !== null) touched([w.inventoryItemId, w.locationId], sourceOfOrder.get(w.orderId));
    lookupsRequested += await requestLookups(tx, shop, "order", [...pendingOrders], o.at, new Date(o.at.getTime() + o.orderLookupGraceMs));
    // A line whose location is pending (now or before) may draw on any position of its item.
    const pendingItems = new Set<bigint>();
    for (const l of [...stored, ...writes]) if (l.locationSource === "pending" && l.inventoryItemId !== null) pendingItems.add(l.inventoryItemId);
    positions.push(...(await positionsOfItems(tx, shop, [...pendingItems])));
  }

  // Inventory levels, newer wins.
  let levelsApplied = new Set<string>();
  if (changes.levels?.length) {
    levelsApplied = await upsertLevelsIfNewer(
      tx, shop,
      changes.levels.map(({ level, triggeredAt }) => ({
        inventoryItemId: level.inventoryItemId,
        locationId: level.locationId,
        available: level.available,
        // Ordering comes from the payload's updated_at (then the trigger time), never from arrival.
        sourceUpdatedAt: level.updatedAt ?? triggeredAt ?? o.at,
        sourceTriggeredAt: triggeredAt,
      })),
    );
    for (const { level, source } of changes.levels) {
      if (levelsApplied.has(posKey(level.inventoryItemId, level.locationId))) touched([level.inventoryItemId, level.locationId], source);
    }
  }

  if (changes.fulfillmentOrderIds?.length) {
    lookupsRequested += await requestLookups(tx, shop, "fulfillment_order", changes.fulfillmentOrderIds, o.at, o.at);
  }

  await failPoint("worker.apply");
  const evaluation = await evaluatePositions(tx, shop, positions, { ...o, sourceOf });
  await trackDeficits(tx, shop, evaluation.changedPositions, { at: o.at });
  return { ordersApplied, levelsApplied, productsApplied, pendingLocationLines, lookupsRequested, evaluation };
}
