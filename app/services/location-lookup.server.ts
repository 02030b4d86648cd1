// The per-shop assigned-location lookup: reads waiting fulfillment orders (named by routing, moved
// and split webhooks) and, after a grace period, orders no routing webhook explained — many per
// call with `nodes(ids:)`, only the fields needed, each call sized to what the shop's bucket holds
// now. The answer updates the fulfillment-order mirror, moves lines out of "pending" and
// re-evaluates the positions they now draw on, in one transaction under the shop's stock lock.
// While the Admin API is down the lines stay pending (visible in the admin), never guessed.
import { now } from "../clock.server";
import { gidNumber } from "../shopify/gid";
import { adminGraphqlWithCost, type CostExtension } from "../shopify/admin-client.server";
import { FO_LINE_ITEMS_PAGE, FULFILLMENT_ORDER_LOCATIONS_QUERY, ORDER_FULFILLMENT_LOCATIONS_QUERY } from "../shopify/operations";
import { FO_LOOKUP_COST, ORDER_LOOKUP_COST, lookupBatchSize } from "../shopify/lookup-cost";
import { completeLookups, countLookups, deferLookups, dueLookups, nextLookupAt, type DueLookup } from "../models/location-lookups.server";
import { assignedLocations, replaceFulfillmentOrders, type FulfillmentOrderLineWrite, type FulfillmentOrderWrite } from "../models/fulfillment-orders.server";
import { findLinesOfOrders, markLinesUnassigned, setLineLocations } from "../models/orders.server";
import { positionsOfItems } from "../models/inventory.server";
import { lockShopStock } from "../models/stock-lock.server";
import { withTransaction } from "../models/transaction.server";
import type { StockPosition } from "../models/backorders.server";
import { evaluatePositions } from "./stock-evaluation.server";
import { trackDeficits } from "./replenishment/track-deficits.server";
import { failPoint } from "../faults.server";

type FoNode = {
  id: string;
  orderId: string;
  status: string;
  updatedAt: string;
  assignedLocation: { location: { id: string } | null } | null;
  lineItems: { nodes: { id: string; totalQuantity: number; remainingQuantity: number; lineItem: { id: string } }[] };
};

const FO_COST = FO_LOOKUP_COST;
const ORDER_COST = ORDER_LOOKUP_COST;

/** `positionsChanged`: backorders changed at some position (promises and recovery follow: wakeAfterEvaluation). */
export type LookupRun = { calls: number; fulfillmentOrders: number; orders: number; linesLocated: number; positionsChanged: number; remaining: number; nextAt: Date | null; error?: string };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runLocationLookups(shop: string, o: { maxRunMs?: number } = {}): Promise<LookupRun> {
  const started = Date.now();
  const run: LookupRun = { calls: 0, fulfillmentOrders: 0, orders: 0, linesLocated: 0, positionsChanged: 0, remaining: 0, nextAt: null };
  let cost: CostExtension | undefined;
  while (Date.now() - started < (o.maxRunMs ?? 60_000)) {
    const due = await dueLookups(shop, now(), 500);
    if (due.length === 0) break;
    const fos = due.filter((d) => d.kind === "fulfillment_order");
    const batch = fos.length ? fos.slice(0, lookupBatchSize(FO_COST, cost)) : due.slice(0, lookupBatchSize(ORDER_COST, cost));
    const kind = batch[0].kind;
    // Wait for the bucket to hold what the call requests (requested cost is charged up front).
    const t = cost?.throttleStatus;
    const need = batch.length * (kind === "order" ? ORDER_COST : FO_COST);
    if (t && t.currentlyAvailable < need && t.restoreRate > 0) await sleep(Math.ceil(((need - t.currentlyAvailable) / t.restoreRate) * 1000));
    let nodes: FoNode[];
    try {
      const answer = await fetchFulfillmentOrders(shop, kind, batch);
      cost = answer.cost;
      nodes = answer.nodes;
      run.calls++;
    } catch (error) {
      // Admin API down or refusing: the lines stay pending; try these again later.
      const message = (error as Error).message;
      const attempts = Math.max(...batch.map((b) => b.attempts));
      await deferLookups(shop, batch, message, new Date(now().getTime() + Math.min(300_000, 2000 * 2 ** attempts)));
      run.error = message;
      break;
    }
    const applied = await applyAnswer(shop, kind, batch, nodes);
    run.linesLocated += applied.located;
    run.positionsChanged += applied.positionsChanged;
    if (kind === "order") run.orders += batch.length;
    else run.fulfillmentOrders += batch.length;
  }
  run.nextAt = await nextLookupAt(shop);
  run.remaining = run.nextAt ? await countLookups(shop) : 0;
  return run;
}

// An outage is not waited out inside the call: the lookups are deferred with backoff instead.
const CALL = { maxAttempts: 2 };

async function fetchFulfillmentOrders(shop: string, kind: DueLookup["kind"], batch: DueLookup[]): Promise<{ nodes: FoNode[]; cost: CostExtension | undefined }> {
  if (kind === "fulfillment_order") {
    const r = await adminGraphqlWithCost<{ nodes: (FoNode | null)[] }>(shop, FULFILLMENT_ORDER_LOCATIONS_QUERY, {
      ids: batch.map((b) => `gid://shopify/FulfillmentOrder/${b.targetId}`),
      lines: FO_LINE_ITEMS_PAGE,
    }, CALL);
    return { nodes: r.data.nodes.filter((n): n is FoNode => n !== null && "orderId" in n), cost: r.cost };
  }
  const r = await adminGraphqlWithCost<{ nodes: ({ id: string; fulfillmentOrders: { nodes: FoNode[] } } | null)[] }>(shop, ORDER_FULFILLMENT_LOCATIONS_QUERY, {
    ids: batch.map((b) => `gid://shopify/Order/${b.targetId}`),
    lines: FO_LINE_ITEMS_PAGE,
  }, CALL);
  return { nodes: r.data.nodes.flatMap((n) => (n && "fulfillmentOrders" in n ? n.fulfillmentOrders.nodes : [])), cost: r.cost };
}

/** Writes the answer and re-evaluates what moved: how many lines got (or changed) a location, and how many positions changed. */
async function applyAnswer(shop: string, kind: DueLookup["kind"], batch: DueLookup[], nodes: FoNode[]): Promise<{ located: number; positionsChanged: number }> {
  const fos: FulfillmentOrderWrite[] = nodes.map((n) => ({
    id: gidNumber(n.id),
    orderId: gidNumber(n.orderId),
    locationId: n.assignedLocation?.location ? gidNumber(n.assignedLocation.location.id) : null,
    status: n.status.toLowerCase(),
    updatedAt: new Date(n.updatedAt),
  }));
  const lines: FulfillmentOrderLineWrite[] = nodes.flatMap((n) =>
    n.lineItems.nodes.map((li) => ({
      id: gidNumber(li.id),
      fulfillmentOrderId: gidNumber(n.id),
      orderId: gidNumber(n.orderId),
      lineItemId: gidNumber(li.lineItem.id),
      totalQuantity: li.totalQuantity,
      remainingQuantity: li.remainingQuantity,
    })),
  );
  const orderIds = [...new Set([...fos.map((f) => f.orderId), ...(kind === "order" ? batch.map((b) => b.targetId) : [])])];
  return withTransaction(async (tx) => {
    await lockShopStock(tx, shop);
    await replaceFulfillmentOrders(tx, shop, fos, lines);
    const stored = await findLinesOfOrders(tx, shop, orderIds);
    const where = await assignedLocations(tx, shop, stored.map((l) => l.id));
    const updates = stored.flatMap((l) => {
      const loc = where.get(l.id);
      return loc === undefined ? [] : [{ lineId: l.id, locationId: loc, source: "fulfillment_order" }];
    });
    const before = await setLineLocations(tx, shop, updates);
    // Shopify answered for the whole order and no open fulfillment order holds these lines: they
    // will not ship from any location (removed, digital, fulfilled), so they stop waiting.
    const unassignedItems =
      kind === "order" ? await markLinesUnassigned(tx, shop, stored.filter((l) => l.locationSource === "pending" && !where.has(l.id)).map((l) => l.id)) : [];
    await failPoint("lookup.apply");
    const positions: StockPosition[] = [];
    const moved = new Map(updates.map((u) => [u.lineId, u.locationId]));
    for (const l of before) {
      if (l.inventoryItemId === null) continue;
      if (l.locationId !== null) positions.push([l.inventoryItemId, l.locationId]);
      positions.push([l.inventoryItemId, moved.get(l.id)!]);
    }
    // A line that was pending held back shortage units at every position of its item.
    const wasPending = [...unassignedItems, ...before.filter((l) => l.locationSource === "pending" && l.inventoryItemId !== null).map((l) => l.inventoryItemId!)];
    positions.push(...(await positionsOfItems(tx, shop, [...new Set(wasPending)])));
    const at = now();
    const evaluation = await evaluatePositions(tx, shop, positions, { cause: "order", source: "fulfillment_order_lookup", at });
    // Shortages found here (lines whose location was pending) count for replenishment like any other.
    await trackDeficits(tx, shop, evaluation.changedPositions, { at });
    // Done: the fulfillment orders read, and every order none of whose open lines is still pending.
    await completeLookups(tx, shop, "fulfillment_order", kind === "fulfillment_order" ? batch.map((b) => b.targetId) : fos.map((f) => f.id));
    const stillPending = new Set(stored.filter((l) => l.locationSource === "pending" && l.openQuantity > 0 && !moved.has(l.id)).map((l) => l.orderId));
    await completeLookups(tx, shop, "order", orderIds.filter((id) => !stillPending.has(id) || kind === "order"));
    return { located: before.length, positionsChanged: evaluation.changedPositions.length };
  });
}
