// The inventory mirror from the Admin API: the initial sync after install and the periodic
// reconciliation that heals missed webhooks. Both page through INVENTORY_SNAPSHOT_QUERY.
import prisma from "../db.server";
import { now } from "../clock.server";
import { gidNumber } from "../shopify/gid";
import { adminGraphql, paginate } from "../shopify/admin-client.server";
import {
  INVENTORY_PAGE_SIZE,
  INVENTORY_SNAPSHOT_QUERY,
  LOCATIONS_QUERY,
  OPEN_ORDERS_PAGE_SIZE,
  OPEN_ORDERS_QUERY,
  SHOP_INFO_QUERY,
} from "../shopify/operations";
import { upsertItems, upsertLevelIfNewer, upsertLocations } from "../models/inventory.server";
import { positionsWithOpenBackorders } from "../models/backorders.server";
import { replaceOrderLines, upsertOrderIfNewer } from "../models/orders.server";
import { evaluateStockPosition } from "./evaluate-stock-position.server";


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

export type SyncSummary = { variants: number; levelsChecked: number; healed: number; orders: number; positionsEvaluated: number };

/** Mirrors items and levels; returns the positions whose stored level changed. */
async function mirrorInventory(shop: string, summary: SyncSummary): Promise<Map<string, [bigint, bigint]>> {
  const changed = new Map<string, [bigint, bigint]>();
  for await (const variants of paginate<SnapshotPage, SnapshotVariant>(shop, INVENTORY_SNAPSHOT_QUERY, (d) => d.productVariants, { first: INVENTORY_PAGE_SIZE })) {
    summary.variants += variants.length;
    await upsertItems(
      shop,
      variants.map((v) => ({
        id: gidNumber(v.inventoryItem.id),
        variantId: gidNumber(v.id),
        productId: gidNumber(v.product.id),
        sku: v.sku || null,
        title: v.displayName,
        tracked: v.inventoryItem.tracked,
        inventoryPolicy: v.inventoryPolicy,
      })),
    );
    await prisma.$transaction(async (tx) => {
      for (const v of variants) {
        for (const lvl of v.inventoryItem.inventoryLevels.nodes) {
          const available = lvl.quantities.find((q) => q.name === "available")?.quantity;
          if (available === undefined) continue;
          summary.levelsChecked++;
          const itemId = gidNumber(v.inventoryItem.id);
          const locationId = gidNumber(lvl.location.id);
          const stored = await tx.inventoryLevel.findUnique({ where: { shop_inventoryItemId_locationId: { shop, inventoryItemId: itemId, locationId } } });
          if (stored && stored.available === available) continue;
          // The snapshot is as of its updatedAt (second precision) and carries no trigger time, so
          // a webhook for the same second — a change made at or after that instant — wins the tie.
          const applied = await upsertLevelIfNewer(tx, shop, {
            inventoryItemId: itemId,
            locationId,
            available,
            sourceUpdatedAt: new Date(lvl.updatedAt),
            sourceTriggeredAt: null,
          });
          if (applied) {
            if (stored) summary.healed++;
            changed.set(`${itemId}:${locationId}`, [itemId, locationId]);
          }
        }
      }
    });
  }
  return changed;
}

type OpenOrder = {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  closedAt: string | null;
  test: boolean;
  sourceName: string | null;
  email: string | null;
  customer: { id: string; displayName: string } | null;
  lineItems: { nodes: { id: string; sku: string | null; name: string; quantity: number; unfulfilledQuantity: number; variant: { id: string; inventoryItem: { id: string } } | null }[] };
  fulfillmentOrders: { nodes: { assignedLocation: { location: { id: string } | null } | null; lineItems: { nodes: { remainingQuantity: number; lineItem: { id: string } }[] } }[] };
};
type OpenOrdersPage = { orders: { nodes: OpenOrder[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

/** Orders placed before install that still wait for stock: demand the detection must know. */
async function mirrorOpenOrders(shop: string, summary: SyncSummary): Promise<Map<string, [bigint, bigint]>> {
  const touched = new Map<string, [bigint, bigint]>();
  for await (const orders of paginate<OpenOrdersPage, OpenOrder>(shop, OPEN_ORDERS_QUERY, (d) => d.orders, {
    first: OPEN_ORDERS_PAGE_SIZE,
    query: "status:open fulfillment_status:unfulfilled",
  })) {
    for (const o of orders) {
      summary.orders++;
      const locationByLine = new Map<string, bigint>();
      for (const fo of o.fulfillmentOrders.nodes) {
        const loc = fo.assignedLocation?.location?.id;
        if (loc) for (const li of fo.lineItems.nodes) locationByLine.set(li.lineItem.id, gidNumber(loc));
      }
      const orderId = gidNumber(o.id);
      const lines = o.lineItems.nodes
        .filter((li) => li.variant)
        .map((li) => ({
          id: gidNumber(li.id),
          variantId: gidNumber(li.variant!.id),
          inventoryItemId: gidNumber(li.variant!.inventoryItem.id),
          sku: li.sku || null,
          title: li.name,
          quantity: li.quantity,
          openQuantity: o.cancelledAt ? 0 : li.unfulfilledQuantity,
          locationId: locationByLine.get(li.id) ?? null,
        }));
      await prisma.$transaction(async (tx) => {
        const applied = await upsertOrderIfNewer(
          tx,
          shop,
          {
            id: orderId,
            name: o.name,
            channel: o.sourceName ?? "unknown",
            createdAt: new Date(o.createdAt),
            updatedAt: new Date(o.updatedAt),
            cancelledAt: o.cancelledAt ? new Date(o.cancelledAt) : null,
            closedAt: o.closedAt ? new Date(o.closedAt) : null,
            test: o.test,
            customerId: o.customer ? gidNumber(o.customer.id) : null,
            email: o.email,
            customerName: o.customer?.displayName ?? null,
            locationId: null,
            lines: [],
          },
          null,
        );
        if (applied) await replaceOrderLines(tx, shop, orderId, lines);
      });
      for (const l of lines) if (l.locationId) touched.set(`${l.inventoryItemId}:${l.locationId}`, [l.inventoryItemId, l.locationId]);
    }
  }
  return touched;
}

async function evaluateAll(shop: string, positions: Map<string, [bigint, bigint]>, source: string, summary: SyncSummary) {
  for (const p of await positionsWithOpenBackorders(shop, prisma)) {
    positions.set(`${p.inventoryItemId}:${p.locationId}`, [p.inventoryItemId, p.locationId]);
  }
  for (const [item, loc] of positions.values()) {
    await evaluateStockPosition(shop, item, loc, "reconciliation", source);
    summary.positionsEvaluated++;
  }
}

export async function syncShopInventory(shop: string): Promise<SyncSummary> {
  const summary: SyncSummary = { variants: 0, levelsChecked: 0, healed: 0, orders: 0, positionsEvaluated: 0 };
  const info = await adminGraphql<{ shop: { currencyCode: string; ianaTimezone: string } }>(shop, SHOP_INFO_QUERY);
  await prisma.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, currency: info.shop.currencyCode, timezone: info.shop.ianaTimezone },
    update: { currency: info.shop.currencyCode, timezone: info.shop.ianaTimezone },
  });
  type LocPage = { locations: { nodes: { id: string; name: string; isActive: boolean }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  for await (const locs of paginate<LocPage, LocPage["locations"]["nodes"][number]>(shop, LOCATIONS_QUERY, (d) => d.locations, { first: 50 })) {
    await upsertLocations(shop, locs.map((l) => ({ id: gidNumber(l.id), name: l.name, active: l.isActive })));
  }
  const positions = await mirrorInventory(shop, summary);
  for (const [k, v] of await mirrorOpenOrders(shop, summary)) positions.set(k, v);
  // Evaluate every negative position too: a shortage may predate the app.
  const negative = await prisma.inventoryLevel.findMany({ where: { shop, available: { lt: 0 } }, select: { inventoryItemId: true, locationId: true } });
  for (const n of negative) positions.set(`${n.inventoryItemId}:${n.locationId}`, [n.inventoryItemId, n.locationId]);
  await evaluateAll(shop, positions, "sync", summary);
  await prisma.shop.update({ where: { domain: shop }, data: { syncedAt: now() } });
  return summary;
}

/** Heals levels that drifted (missed webhooks) and re-evaluates what changed plus every open shortage. */
export async function reconcileShop(shop: string): Promise<SyncSummary> {
  const summary: SyncSummary = { variants: 0, levelsChecked: 0, healed: 0, orders: 0, positionsEvaluated: 0 };
  const positions = await mirrorInventory(shop, summary);
  await evaluateAll(shop, positions, "reconciliation", summary);
  await prisma.shop.update({ where: { domain: shop }, data: { reconciledAt: now() } });
  if (summary.healed) console.info(`[reconcile] ${shop}: healed ${summary.healed} of ${summary.levelsChecked} levels`);
  return summary;
}

/** The scheduled run: every installed shop (or one), each independently. */
export async function reconcileShops(shop?: string): Promise<{ shops: number; failed: string[] }> {
  const shops = shop
    ? [shop]
    : (await prisma.shop.findMany({ where: { uninstalledAt: null, syncedAt: { not: null } }, select: { domain: true } })).map((s) => s.domain);
  const failed: string[] = [];
  for (const s of shops) {
    try {
      await reconcileShop(s);
    } catch (e) {
      failed.push(`${s}: ${(e as Error).message}`);
    }
  }
  return { shops: shops.length, failed };
}
