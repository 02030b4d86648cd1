// The mirror from the Admin API: the initial sync after install, and the periodic reconciliation
// that heals what missed webhooks left wrong — inventory levels AND orders (a missed orders/create
// is found by the updated-since scan). Every page is applied through applyStockChanges in its own
// transaction under the shop's stock lock, so webhooks interleave between pages and the same code
// decides as for a webhook. Each query keeps under Shopify's single-query cost limit; the Admin
// client waits out THROTTLED answers.
import { now } from "../clock.server";
import { gidNumber } from "../shopify/gid";
import { adminGraphql, paginate } from "../shopify/admin-client.server";
import { orderFromAdmin, type AdminOrderNode } from "../shopify/admin-order";
import {
  INVENTORY_PAGE_SIZE,
  INVENTORY_SNAPSHOT_QUERY,
  LOCATIONS_QUERY,
  OPEN_ORDERS_PAGE_SIZE,
  OPEN_ORDERS_QUERY,
  ORDERS_UPDATED_SINCE_QUERY,
  RECONCILE_ORDERS_PAGE_SIZE,
  SHOP_INFO_QUERY,
} from "../shopify/operations";
import { findLevels, negativePositions, upsertLocations, type ItemWrite } from "../models/inventory.server";
import { positionsWithOpenBackorders, type StockPosition } from "../models/backorders.server";
import { findOrderVersions, ordersWithPendingLocations } from "../models/orders.server";
import { requestLookups } from "../models/location-lookups.server";
import { findShop, installedShops, markReconciled, markSynced, setShopInfo } from "../models/shops.server";
import { lockShopStock } from "../models/stock-lock.server";
import { withTransaction } from "../models/transaction.server";
import { applyStockChanges, type LevelChange, type StockChanges } from "./apply-stock-changes.server";
import { ORDER_LOOKUP_GRACE_MS } from "./process-deliveries.server";

type SnapshotVariant = {
  id: string;
  sku: string | null;
  displayName: string;
  inventoryPolicy: "DENY" | "CONTINUE";
  product: { id: string };
  inventoryItem: {
    id: string;
    tracked: boolean;
    inventoryLevels: { nodes: { updatedAt: string; location: { id: string }; quantities: { name: string; quantity: number }[] }[] };
  };
};
type SnapshotPage = { productVariants: { nodes: SnapshotVariant[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

export type SyncSummary = {
  variants: number;
  levelsChecked: number;
  healed: number;
  orders: number;
  ordersHealed: number;
  positionsEvaluated: number;
  /** Positions whose backorders changed: their promises and recovery follow (wakeAfterEvaluation). */
  positionsChanged: number;
  lookupsRequested: number;
};

const emptySummary = (): SyncSummary => ({ variants: 0, levelsChecked: 0, healed: 0, orders: 0, ordersHealed: 0, positionsEvaluated: 0, positionsChanged: 0, lookupsRequested: 0 });

/** A step's evaluation, added to the run's summary. */
function countEvaluation(summary: SyncSummary, e: { positions: number; changedPositions: readonly unknown[] }): void {
  summary.positionsEvaluated += e.positions;
  summary.positionsChanged += e.changedPositions.length;
}

/** Applies changes for a shop in one locked transaction. */
function applyLocked(shop: string, changes: StockChanges, source: string, cause: "reconciliation" | "order" = "reconciliation") {
  return withTransaction((tx) =>
    lockShopStock(tx, shop).then(() => applyStockChanges(tx, shop, changes, { cause, source, at: now(), orderLookupGraceMs: ORDER_LOOKUP_GRACE_MS() })),
  );
}

/** Mirrors items and levels page by page; levels that differ from the mirror are healed and evaluated. */
async function mirrorInventory(shop: string, summary: SyncSummary, source: string): Promise<void> {
  for await (const variants of paginate<SnapshotPage, SnapshotVariant>(shop, INVENTORY_SNAPSHOT_QUERY, (d) => d.productVariants, { first: INVENTORY_PAGE_SIZE })) {
    summary.variants += variants.length;
    const items: ItemWrite[] = variants.map((v) => ({
        id: gidNumber(v.inventoryItem.id),
        variantId: gidNumber(v.id),
        productId: gidNumber(v.product.id),
        sku: v.sku || null,
        title: v.displayName,
        tracked: v.inventoryItem.tracked,
        inventoryPolicy: v.inventoryPolicy,
        sourceUpdatedAt: null,
    }));
    const snapshot: LevelChange[] = variants.flatMap((v) =>
      v.inventoryItem.inventoryLevels.nodes.flatMap((lvl) => {
        const available = lvl.quantities.find((q) => q.name === "available")?.quantity;
        if (available === undefined) return [];
        // The snapshot is as of its updatedAt (second precision) and carries no trigger time, so a
        // webhook for the same second — a change made at or after that instant — wins the tie.
        return [{
          level: { inventoryItemId: gidNumber(v.inventoryItem.id), locationId: gidNumber(lvl.location.id), available, updatedAt: new Date(lvl.updatedAt) },
          triggeredAt: null,
          source,
        }];
      }),
    );
    summary.levelsChecked += snapshot.length;
    const stored = await findLevels(shop, snapshot.map((s) => [s.level.inventoryItemId, s.level.locationId] as const));
    const storedBy = new Map(stored.map((l) => [`${l.inventoryItemId}:${l.locationId}`, l.available]));
    const differing = snapshot.filter((s) => storedBy.get(`${s.level.inventoryItemId}:${s.level.locationId}`) !== s.level.available);
    const r = await applyLocked(shop, { items, levels: differing }, source);
    summary.healed += differing.filter((d) => storedBy.has(`${d.level.inventoryItemId}:${d.level.locationId}`) && r.levelsApplied.has(`${d.level.inventoryItemId}:${d.level.locationId}`)).length;
    countEvaluation(summary, r.evaluation);
  }
}

type OpenOrder = AdminOrderNode & {
  fulfillmentOrders: { nodes: { assignedLocation: { location: { id: string } | null } | null; lineItems: { nodes: { remainingQuantity: number; lineItem: { id: string } }[] } }[] };
};
type OpenOrdersPage = { orders: { nodes: OpenOrder[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

/** Orders placed before install that still wait for stock: demand the detection must know. */
async function mirrorOpenOrders(shop: string, summary: SyncSummary): Promise<void> {
  for await (const orders of paginate<OpenOrdersPage, OpenOrder>(shop, OPEN_ORDERS_QUERY, (d) => d.orders, {
    first: OPEN_ORDERS_PAGE_SIZE,
    query: "status:open fulfillment_status:unfulfilled",
  })) {
    summary.orders += orders.length;
    const hints = new Map<bigint, bigint>();
    for (const o of orders) {
      for (const fo of o.fulfillmentOrders.nodes) {
        const loc = fo.assignedLocation?.location?.id;
        if (loc) for (const li of fo.lineItems.nodes) if (li.remainingQuantity > 0 || !hints.has(gidNumber(li.lineItem.id))) hints.set(gidNumber(li.lineItem.id), gidNumber(loc));
      }
    }
    const r = await applyLocked(shop, { orders: orders.map((o) => ({ order: orderFromAdmin(o), triggeredAt: null, source: "sync" })), locationHints: hints }, "sync");
    countEvaluation(summary, r.evaluation);
    summary.lookupsRequested += r.lookupsRequested;
  }
}

type UpdatedOrdersPage = { orders: { nodes: AdminOrderNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

/** Orders updated since the watermark (minus an overlap for clock skew) that the mirror lacks or holds older. */
async function reconcileOrders(shop: string, since: Date, summary: SyncSummary): Promise<Date> {
  let watermark = since;
  const from = new Date(since.getTime() - 5 * 60_000).toISOString();
  for await (const orders of paginate<UpdatedOrdersPage, AdminOrderNode>(shop, ORDERS_UPDATED_SINCE_QUERY, (d) => d.orders, {
    first: RECONCILE_ORDERS_PAGE_SIZE,
    query: `updated_at:>='${from}'`,
  })) {
    summary.orders += orders.length;
    const parsed = orders.map(orderFromAdmin);
    for (const o of parsed) if (o.updatedAt > watermark) watermark = o.updatedAt;
    const stored = new Map((await findOrderVersions(shop, parsed.map((o) => o.id))).map((o) => [o.id, o.sourceUpdatedAt.getTime()]));
    const missed = parsed.filter((o) => (stored.get(o.id) ?? -1) < o.updatedAt.getTime());
    if (missed.length === 0) continue;
    const r = await applyLocked(shop, { orders: missed.map((order) => ({ order, triggeredAt: null, source: "reconciliation" })) }, "reconciliation", "order");
    summary.ordersHealed += r.ordersApplied.size;
    countEvaluation(summary, r.evaluation);
    summary.lookupsRequested += r.lookupsRequested;
  }
  return watermark;
}

/** Re-evaluates the given positions plus every position with an open backorder, in chunks. */
async function evaluateOpen(shop: string, extra: StockPosition[], source: string, summary: SyncSummary): Promise<void> {
  const open = await withTransaction((tx) => positionsWithOpenBackorders(tx, shop));
  const all = [...extra, ...open.map((p) => [p.inventoryItemId, p.locationId] as const)];
  for (let i = 0; i < all.length; i += 500) {
    const r = await applyLocked(shop, { evaluate: all.slice(i, i + 500) }, source);
    countEvaluation(summary, r.evaluation);
  }
}

/** Lines still pending without a lookup waiting (a lost job, an earlier outage): ask again. */
async function requestMissingLookups(shop: string, summary: SyncSummary): Promise<void> {
  await withTransaction(async (tx) => {
    const pending = await ordersWithPendingLocations(tx, shop, 10_000);
    summary.lookupsRequested += await requestLookups(tx, shop, "order", pending.map((p) => p.orderId), now(), now());
  });
}

export async function syncShopInventory(shop: string): Promise<SyncSummary> {
  const summary = emptySummary();
  const info = await adminGraphql<{ shop: { name?: string; currencyCode: string; ianaTimezone: string; shopAddress?: { countryCodeV2: string | null } | null } }>(shop, SHOP_INFO_QUERY);
  // The country's public holidays count in the shop's business days (promises); its name is in customer notices.
  await setShopInfo(shop, {
    currency: info.shop.currencyCode,
    timezone: info.shop.ianaTimezone,
    country: info.shop.shopAddress?.countryCodeV2 ?? null,
    ...(info.shop.name ? { name: info.shop.name } : {}),
  });
  type LocPage = { locations: { nodes: { id: string; name: string; isActive: boolean }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  for await (const locs of paginate<LocPage, LocPage["locations"]["nodes"][number]>(shop, LOCATIONS_QUERY, (d) => d.locations, { first: 50 })) {
    await upsertLocations(shop, locs.map((l) => ({ id: gidNumber(l.id), name: l.name, active: l.isActive })));
  }
  const startedAt = now();
  await mirrorInventory(shop, summary, "sync");
  await mirrorOpenOrders(shop, summary);
  // Every negative position too: a shortage may predate the app.
  await evaluateOpen(shop, await negativePositions(shop), "sync", summary);
  await markSynced(shop, now());
  await markReconciled(shop, now(), startedAt);
  return summary;
}

/** Heals levels and orders that drifted (missed webhooks) and re-evaluates what changed plus every open shortage. */
export async function reconcileShop(shop: string): Promise<SyncSummary> {
  const summary = emptySummary();
  const s = await findShop(shop);
  const startedAt = now();
  await mirrorInventory(shop, summary, "reconciliation");
  const since = s?.ordersReconciledAt ?? s?.syncedAt ?? s?.installedAt ?? startedAt;
  const watermark = await reconcileOrders(shop, since, summary);
  await evaluateOpen(shop, [], "reconciliation", summary);
  await requestMissingLookups(shop, summary);
  await markReconciled(shop, now(), watermark > since ? watermark : since);
  if (summary.healed || summary.ordersHealed) {
    console.info(`[reconcile] ${shop}: healed ${summary.healed} of ${summary.levelsChecked} levels, ${summary.ordersHealed} of ${summary.orders} orders`);
  }
  return summary;
}

/** The scheduled run: every installed shop (or one), each independently. */
export async function reconcileShops(shop?: string): Promise<{ shops: number; failed: string[]; changed: string[] }> {
  const shops = shop ? [shop] : await installedShops();
  const failed: string[] = [];
  const changed: string[] = [];
  for (const s of shops) {
    try {
      if ((await reconcileShop(s)).positionsChanged > 0) changed.push(s);
    } catch (e) {
      failed.push(`${s}: ${(e as Error).message}`);
    }
  }
  return { shops: shops.length, failed, changed };
}
