// The closing run: under the shop's stock lock, every window past its closing time (re-checked
// with the current settings: a late oversell may have moved the quiet period) is planned and
// ordered in ONE transaction — POs, escalations and their outbox rows, coverage links — or left as
// it was. Windows closing in the same run share POs (one per supplier per run). Submissions and
// alerts go out after commit (dispatch.server.ts).
import { withTransaction, type Tx } from "../../models/transaction.server";
import { lockShopStock } from "../../models/stock-lock.server";
import type { StockPosition } from "../../models/backorders.server";
import {
  backorderedLines,
  itemTitles,
  markWindowsPlanned,
  sealWindows,
  unplannedWindows,
  type WindowRow,
} from "../../models/replenishment/deficit-windows.server";
import { safetyStockFor } from "../../models/replenishment/suppliers.server";
import { surplusOnOrder } from "../../models/replenishment/purchase-orders.server";
import { isWindowClosed, windowClosesAt } from "../../domain/replenishment/deficit-window";
import { loadReplenishmentSettings, type ShopReplenishmentSettings } from "./settings.server";
import { planAndCreateOrders, type CreatedOrders, type PlanRequest } from "./plan-orders.server";
import { refreshCoverage } from "./coverage.server";
import { positionsUnderOpenEscalation } from "../../models/replenishment/escalations.server";

export type ClosingRun = {
  windowsClosed: number;
  windowsEmpty: number;
  /** Closed windows of positions a person is deciding about (open escalation): planned after the decision. */
  windowsHeld: number;
  purchaseOrders: CreatedOrders["purchaseOrders"];
  escalations: CreatedOrders["escalations"];
};

const key = (item: bigint, loc: bigint) => `${item}:${loc}`;

export async function closeDueWindows(shop: string, at: Date): Promise<ClosingRun> {
  return withTransaction(async (tx) => {
    await lockShopStock(tx, shop);
    const settings = await loadReplenishmentSettings(shop, tx);
    const closed = (await unplannedWindows(tx, shop)).filter((w) => w.status === "due" || isWindowClosed(w, at, settings.window));
    if (closed.length === 0) return { windowsClosed: 0, windowsEmpty: 0, windowsHeld: 0, purchaseOrders: [], escalations: [] };
    await sealWindows(
      tx,
      shop,
      closed.filter((w) => w.status === "open").map((w) => ({ id: w.id, closedAt: windowClosesAt(w, settings.window) })),
    );
    // A person is deciding about these positions: their further deficits wait (sealed, "due") for
    // that decision instead of piling up one escalated draft per window. Approving or dismissing
    // queues a run that plans them.
    const held = await positionsUnderOpenEscalation(tx, shop);
    const due = closed.filter((w) => !held.has(key(w.inventoryItemId, w.locationId)));
    const run = await planWindows(tx, shop, due, at, settings);
    return { ...run, windowsHeld: closed.length - due.length };
  });
}

async function planWindows(tx: Tx, shop: string, due: WindowRow[], at: Date, settings: ShopReplenishmentSettings): Promise<Omit<ClosingRun, "windowsHeld">> {
  if (due.length === 0) return { windowsClosed: 0, windowsEmpty: 0, purchaseOrders: [], escalations: [] };
  const positions = [...new Map(due.map((w) => [key(w.inventoryItemId, w.locationId), [w.inventoryItemId, w.locationId] as StockPosition])).values()];
  const lines = await backorderedLines(tx, shop, positions);
  const channelsOf = new Map<string, Set<string>>();
  for (const l of lines) {
    const k = key(l.inventoryItemId, l.locationId);
    channelsOf.set(k, (channelsOf.get(k) ?? new Set()).add(l.channel));
  }
  const items = new Map((await itemTitles(tx, shop, [...new Set(due.map((w) => w.inventoryItemId))])).map((i) => [i.id, i]));
  const skuOf = (w: WindowRow) => w.sku ?? items.get(w.inventoryItemId)?.sku ?? `item-${w.inventoryItemId}`;
  const safety = await safetyStockFor(tx, shop, [...new Set(due.map(skuOf))]);
  // Buffer already on its way (earlier POs' buffer and rounding) is not ordered again.
  const surplus = await surplusOnOrder(tx, shop, positions);

  const requests: PlanRequest[] = [];
  const outcomes: { id: bigint; status: "ordered" | "empty"; units: number; closedAt: Date }[] = [];
  for (const w of due) {
    const units = w.oversoldUnits - w.cancelledUnits;
    const closedAt = w.closedAt ?? windowClosesAt(w, settings.window);
    if (units <= 0) {
      outcomes.push({ id: w.id, status: "empty", units: 0, closedAt });
      continue;
    }
    const k = key(w.inventoryItemId, w.locationId);
    const sku = skuOf(w);
    const target = safety.get(sku) ?? settings.safetyStockDefault;
    const onOrder = surplus.get(k) ?? 0;
    const bufferUnits = Math.max(0, target - onOrder);
    // A second window of the same position in this run gets no buffer again.
    surplus.set(k, onOrder + bufferUnits);
    requests.push({
      windowId: w.id,
      inventoryItemId: w.inventoryItemId,
      locationId: w.locationId,
      sku,
      title: items.get(w.inventoryItemId)?.title ?? null,
      customerUnits: units,
      bufferUnits,
      channels: [...(channelsOf.get(k) ?? [])],
      excludedSupplierIds: w.failedSupplierIds,
      detectedAt: w.openedAt,
    });
    outcomes.push({ id: w.id, status: "ordered", units, closedAt });
  }
  const created = await planAndCreateOrders(tx, shop, requests, { at, origin: "auto", replacesId: null, settings });
  const changed = await markWindowsPlanned(tx, shop, outcomes);
  if (changed !== outcomes.length) throw new Error(`closing run: ${outcomes.length - changed} window(s) were planned by another run`);
  await refreshCoverage(tx, shop, positions);
  return {
    windowsClosed: outcomes.filter((o) => o.status === "ordered").length,
    windowsEmpty: outcomes.filter((o) => o.status === "empty").length,
    purchaseOrders: created.purchaseOrders,
    escalations: created.escalations,
  };
}
