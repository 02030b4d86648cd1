// A claimed batch of deliveries -> the shop's stock picture, in one transaction per shop: parse
// every body (outside any transaction), keep the newest version of each order and level, apply the
// changes set-based under the shop's stock lock, evaluate each touched position once, and settle
// every delivery in the same transaction as its effects. Lifecycle and compliance deliveries get a
// transaction each. A failure leaves the batch's rows claimed-but-unsettled: the worker retries
// them one by one (services/../jobs/delivery-worker.server.ts).
import { now } from "../clock.server";
import { parseDelivery, type DeliveryMeaning } from "../webhooks/parse-delivery";
import type { ParsedProduct } from "../webhooks/product-payload";
import { confirmClaim, settleDeliveries, type ClaimedDelivery, type Settlement } from "../models/webhook-deliveries.server";
import { lockShopStock } from "../models/stock-lock.server";
import { withTransaction } from "../models/transaction.server";
import { applyStockChanges, type LevelChange, type OrderChange, type StockChanges } from "./apply-stock-changes.server";
import { handleLifecycleWebhook } from "./lifecycle-webhooks.server";
import { failPoint } from "../faults.server";

export const ORDER_LOOKUP_GRACE_MS = () => Number(process.env.ORDER_LOOKUP_GRACE_MS ?? 10_000);

type Item = { d: ClaimedDelivery; meaning: DeliveryMeaning };

export type ShopBatchResult = {
  shop: string;
  settled: Settlement[];
  /** The shop now has assigned-location lookups waiting (the caller enqueues the lookup job). */
  lookupsWaiting: boolean;
  /** Deliveries another worker took over (lease expired): not settled here. */
  lost: bigint[];
  /** Backorder lines changed at some position (the caller wakes the promise refresh). */
  positionsChanged?: boolean;
};

/** Version order of two deliveries of the same object: Shopify's updated_at, then trigger time, then arrival. */
function newer(a: { updatedAt: Date | null; d: ClaimedDelivery }, b: { updatedAt: Date | null; d: ClaimedDelivery }): boolean {
  const t = (x: Date | null) => x?.getTime() ?? 0;
  return (
    t(a.updatedAt) - t(b.updatedAt) || t(a.d.triggeredAt) - t(b.d.triggeredAt) || Number(a.d.id - b.d.id)
  ) > 0;
}

function keepNewest<T extends { updatedAt: Date | null; d: ClaimedDelivery }>(items: T[], key: (t: T) => string, superseded: Settlement[], what: string): T[] {
  const best = new Map<string, T>();
  for (const it of items) {
    const k = key(it);
    const cur = best.get(k);
    if (!cur) best.set(k, it);
    else if (newer(it, cur)) {
      superseded.push({ id: cur.d.id, status: "skipped", reason: `superseded by a newer version of this ${what} in the same batch` });
      best.set(k, it);
    } else superseded.push({ id: it.d.id, status: "skipped", reason: `superseded by a newer version of this ${what} in the same batch` });
  }
  return [...best.values()];
}

const source = (d: ClaimedDelivery) => `webhook:${d.webhookId}`;

/** Applies one shop's stock deliveries in one transaction; returns the settlements written. */
async function applyShopStock(shop: string, items: Item[], rejected: Settlement[], token: string): Promise<ShopBatchResult> {
  const at = now();
  const superseded: Settlement[] = [];
  const orders = keepNewest(
    items.flatMap((i) => (i.meaning.kind === "order" ? [{ d: i.d, order: i.meaning.order, updatedAt: i.meaning.order.updatedAt }] : [])),
    (x) => x.order.id.toString(), superseded, "order",
  );
  const levels = keepNewest(
    items.flatMap((i) => (i.meaning.kind === "level" ? [{ d: i.d, level: i.meaning.level, updatedAt: i.meaning.level.updatedAt }] : [])),
    (x) => `${x.level.inventoryItemId}:${x.level.locationId}`, superseded, "inventory level",
  );
  const products = keepNewest(
    items.flatMap((i) => (i.meaning.kind === "product" ? [{ d: i.d, product: i.meaning.product, updatedAt: i.meaning.product.updatedAt }] : [])),
    (x) => x.product.id.toString(), superseded, "product",
  );
  const foEvents = items.flatMap((i) => (i.meaning.kind === "fulfillment_orders" ? [{ d: i.d, ids: i.meaning.change.fulfillmentOrderIds }] : []));

  const changes: StockChanges = {
    orders: orders.map<OrderChange>((x) => ({ order: x.order, triggeredAt: x.d.triggeredAt, source: source(x.d) })),
    levels: levels.map<LevelChange>((x) => ({ level: { ...x.level, available: x.level.available! }, triggeredAt: x.d.triggeredAt, source: source(x.d) })),
    products: products.map<ParsedProduct>((x) => x.product),
    fulfillmentOrderIds: foEvents.flatMap((e) => e.ids),
  };

  const allIds = [...items.map((i) => i.d.id), ...rejected.map((r) => r.id)];
  return withTransaction(async (tx) => {
    const mine = await confirmClaim(tx, token, allIds);
    const lost = allIds.filter((id) => !mine.has(id));
    if (lost.length) {
      // Another worker took some over (our lease ran out): leave the whole batch to be reclaimed.
      return { shop, settled: [], lookupsWaiting: false, lost: allIds };
    }
    await lockShopStock(tx, shop);
    const r = await applyStockChanges(tx, shop, changes, {
      cause: orders.length ? "order" : "inventory",
      source: "webhooks",
      at,
      orderLookupGraceMs: ORDER_LOOKUP_GRACE_MS(),
    });
    const settled: Settlement[] = [...rejected, ...superseded];
    for (const x of orders) {
      const untracked = x.order.lines.filter((l) => l.untrackedReason).length;
      const applied = r.ordersApplied.has(x.order.id);
      const notes = [
        untracked ? `${untracked} line(s) without tracked stock (custom item or gift card) skipped` : null,
        applied && x.order.lines.length === untracked ? "no line draws on tracked stock" : null,
      ].filter(Boolean);
      settled.push(
        applied
          ? { id: x.d.id, status: x.order.lines.length === untracked ? "skipped" : "processed", reason: notes.join("; ") || null }
          : { id: x.d.id, status: "skipped", reason: "a newer version of this order is already stored" },
      );
    }
    for (const x of levels) {
      const applied = r.levelsApplied.has(`${x.level.inventoryItemId}:${x.level.locationId}`);
      settled.push(applied ? { id: x.d.id, status: "processed", reason: null } : { id: x.d.id, status: "skipped", reason: "a newer inventory level is already stored" });
    }
    for (const x of products) {
      const skipped = x.product.skippedVariants ? `${x.product.skippedVariants} variant(s) without inventory_item_id skipped` : null;
      settled.push(
        r.productsApplied.has(x.product.id)
          ? { id: x.d.id, status: "processed", reason: skipped }
          : { id: x.d.id, status: "skipped", reason: "a newer version of this product is already stored" },
      );
    }
    for (const e of foEvents) settled.push({ id: e.d.id, status: "processed", reason: `assigned location lookup requested for ${e.ids.length} fulfillment order(s)` });
    await settleDeliveries(tx, token, settled, at);
    await failPoint("worker.beforeCommit");
    return { shop, settled, lookupsWaiting: r.lookupsRequested > 0, lost: [], positionsChanged: r.evaluation.changedPositions.length > 0 };
  });
}

async function applyLifecycle(item: Item, token: string): Promise<ShopBatchResult> {
  // An uninstall or a redaction happened when Shopify says it did, not when the worker got to it.
  const at = item.d.triggeredAt ?? now();
  const { d } = item;
  const payload = item.meaning.kind === "lifecycle" ? item.meaning.payload : null;
  return withTransaction(async (tx) => {
    const mine = await confirmClaim(tx, token, [d.id]);
    if (!mine.has(d.id)) return { shop: d.shop, settled: [], lookupsWaiting: false, lost: [d.id] };
    const outcome = await handleLifecycleWebhook(tx, d, payload, at);
    const s: Settlement = { id: d.id, ...outcome };
    await settleDeliveries(tx, token, [s], now());
    return { shop: d.shop, settled: [s], lookupsWaiting: false, lost: [] };
  });
}

/** Parses and groups a claimed batch: per shop, the stock items, the rejected ones and the lifecycle ones. */
export function planBatch(claimed: ClaimedDelivery[]) {
  const shops = new Map<string, { stock: Item[]; rejected: Settlement[]; lifecycle: Item[] }>();
  for (const d of claimed) {
    const g = shops.get(d.shop) ?? { stock: [], rejected: [], lifecycle: [] };
    shops.set(d.shop, g);
    const p = parseDelivery(d.topic, d.body);
    if (!p.ok) g.rejected.push({ id: d.id, status: p.status, reason: p.reason });
    else if (p.meaning.kind === "lifecycle") g.lifecycle.push({ d, meaning: p.meaning });
    else g.stock.push({ d, meaning: p.meaning });
  }
  return shops;
}

export type BatchPlan = ReturnType<typeof planBatch>;

/**
 * Applies one shop's part of a batch: the stock changes (one transaction), then each lifecycle
 * delivery (one transaction each). Throws when a transaction fails; nothing of it is committed.
 */
export async function applyShopPart(shop: string, part: { stock: Item[]; rejected: Settlement[]; lifecycle: Item[] }, token: string): Promise<ShopBatchResult[]> {
  const results: ShopBatchResult[] = [];
  if (part.stock.length || part.rejected.length) results.push(await applyShopStock(shop, part.stock, part.rejected, token));
  for (const item of part.lifecycle) results.push(await applyLifecycle(item, token));
  return results;
}
