// The hook in the stock pipeline: inside the transaction that applied a batch (under the shop's
// stock lock), after backorder lines were evaluated, the shortage of every changed position is
// mapped onto deficit windows (app/domain/replenishment/position-deficit): units no window counts
// open or grow the position's one open window (new demand moves its quiet period); a shrinking
// shortage comes off the windows not yet ordered first, then off ordered ones. Units a window or
// PO already counts are never counted again. Closing, planning and submitting happen after commit
// (close-windows.server.ts, woken at the window's closing time).
import type { Tx } from "../../models/transaction.server";
import type { StockPosition } from "../../models/backorders.server";
import {
  countingWindows,
  growWindows,
  insertOpenWindows,
  positionShortages,
  sealWindows,
  setCancelledUnits,
  setOutstandingUnits,
  type NewWindow,
  type WindowRow,
} from "../../models/replenishment/deficit-windows.server";
import { hasSuppliers } from "../../models/replenishment/suppliers.server";
import { reconcilePositionDeficit, type PositionWindows } from "../../domain/replenishment/position-deficit";
import { loadReplenishmentSettings } from "./settings.server";
import { refreshCoverage } from "./coverage.server";
import { scheduleReplenishmentRun } from "./schedule.server";
import { failPoint } from "../../faults.server";

export type DeficitTracking = {
  positions: number;
  opened: number;
  grown: number;
  sealed: number;
  shrunk: number;
  consumed: number;
  /** The earliest closing time among windows opened or grown here. */
  nextCloseAt: Date | null;
};

const key = (item: bigint, loc: bigint) => `${item}:${loc}`;

function stateOf(rows: WindowRow[]): PositionWindows {
  const open = rows.find((w) => w.status === "open");
  return {
    open: open
      ? { id: open.id.toString(), openedAt: open.openedAt, lastOversellAt: open.lastOversellAt, oversoldUnits: open.oversoldUnits, cancelledUnits: open.cancelledUnits }
      : null,
    sealed: rows.filter((w) => w.status === "due").map((w) => ({ id: w.id.toString(), oversoldUnits: w.oversoldUnits, cancelledUnits: w.cancelledUnits })),
    ordered: rows.filter((w) => w.status === "ordered").map((w) => ({ id: w.id.toString(), outstandingUnits: w.outstandingUnits })),
  };
}

export async function trackDeficits(tx: Tx, shop: string, positions: readonly StockPosition[], o: { at: Date }): Promise<DeficitTracking> {
  const summary: DeficitTracking = { positions: 0, opened: 0, grown: 0, sealed: 0, shrunk: 0, consumed: 0, nextCloseAt: null };
  if (positions.length === 0) return summary;
  // A shop without suppliers has not set up replenishment: nothing to count. (Counting is
  // state-based, so windows start from the full shortage once it does.)
  if (!(await hasSuppliers(tx, shop))) return summary;
  const settings = await loadReplenishmentSettings(shop, tx);
  const shortages = await positionShortages(tx, shop, positions);
  const windows = await countingWindows(tx, shop, shortages.map((s) => [s.inventoryItemId, s.locationId] as const));
  const windowsOf = new Map<string, WindowRow[]>();
  for (const w of windows) {
    const k = key(w.inventoryItemId, w.locationId);
    windowsOf.set(k, [...(windowsOf.get(k) ?? []), w]);
  }

  const seals: { id: bigint; closedAt: Date }[] = [];
  const grows: { id: bigint; oversoldUnits: number; lastOversellAt: Date; closesAt: Date }[] = [];
  const opens: NewWindow[] = [];
  const shrinks: { id: bigint; cancelledUnits: number }[] = [];
  const consumes: { id: bigint; outstandingUnits: number }[] = [];
  const coverageChanged: StockPosition[] = [];
  for (const s of shortages) {
    summary.positions++;
    const rows = windowsOf.get(key(s.inventoryItemId, s.locationId)) ?? [];
    const c = reconcilePositionDeficit(stateOf(rows), s.units, o.at, settings.window);
    if (c.seal) seals.push({ id: BigInt(c.seal.id), closedAt: c.seal.closedAt });
    if (c.grow) grows.push({ id: BigInt(c.grow.id), oversoldUnits: c.grow.oversoldUnits, lastOversellAt: c.grow.lastOversellAt, closesAt: c.grow.closesAt });
    if (c.open) opens.push({ inventoryItemId: s.inventoryItemId, locationId: s.locationId, sku: s.sku, openedAt: c.open.openedAt, closesAt: c.open.closesAt, oversoldUnits: c.open.oversoldUnits });
    shrinks.push(...c.shrink.map((x) => ({ id: BigInt(x.id), cancelledUnits: x.cancelledUnits })));
    consumes.push(...c.consume.map((x) => ({ id: BigInt(x.id), outstandingUnits: x.outstandingUnits })));
    // Lines at a position with ordered windows may have changed (served, cancelled, reattributed).
    if (rows.some((w) => w.status === "ordered")) coverageChanged.push([s.inventoryItemId, s.locationId]);
    for (const at of [c.grow?.closesAt, c.open?.closesAt]) if (at && (!summary.nextCloseAt || at < summary.nextCloseAt)) summary.nextCloseAt = at;
  }

  // Seal before inserting: the partial unique index admits one open window per position.
  await sealWindows(tx, shop, seals);
  await insertOpenWindows(tx, shop, opens);
  await growWindows(tx, shop, grows);
  await setCancelledUnits(tx, shop, shrinks);
  await setOutstandingUnits(tx, shop, consumes);
  if (coverageChanged.length) await refreshCoverage(tx, shop, coverageChanged);
  await failPoint("replenishment.track");
  Object.assign(summary, { opened: opens.length, grown: grows.length, sealed: seals.length, shrunk: shrinks.length, consumed: consumes.length });
  // A new window (or one just sealed) needs a run at its closing time; a grown one is found by the
  // run already queued for the earlier time, which queues the next. Not awaited: the wake-up goes
  // over the queue's own connection, which must not wait on this open transaction (on PGlite every
  // connection does); a wake-up for a transaction that rolls back finds nothing to do, and a lost
  // one is caught by the minute sweep.
  if (opens.length || seals.length) void scheduleReplenishmentRun(shop, seals.length ? o.at : summary.nextCloseAt);
  return summary;
}
