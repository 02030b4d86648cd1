// Which backorder lines the app's purchase orders cover. The lines stay `backordered` (shortage
// state); the link table says which PO line covers how many of their units. Recomputed per
// position from the windows' outstanding units whenever coverage or the shortage changes, so a
// line served from stock, reattributed or cancelled never keeps a stale link.
import type { Tx } from "../../models/transaction.server";
import type { StockPosition } from "../../models/backorders.server";
import { backorderedLines, countingWindows } from "../../models/replenishment/deficit-windows.server";
import { liveLinesOfWindows, replaceCoverage } from "../../models/replenishment/purchase-orders.server";
import { allocateCoverage, type CoverageSource } from "../../domain/replenishment/position-deficit";

const key = (item: bigint, loc: bigint) => `${item}:${loc}`;

export async function refreshCoverage(tx: Tx, shop: string, positions: readonly StockPosition[]): Promise<number> {
  if (positions.length === 0) return 0;
  const ordered = (await countingWindows(tx, shop, positions)).filter((w) => w.status === "ordered" && w.outstandingUnits > 0);
  const lines = await liveLinesOfWindows(tx, shop, ordered.map((w) => w.id));
  const linesOf = new Map<bigint, typeof lines>();
  for (const l of lines) linesOf.set(l.deficitWindowId, [...(linesOf.get(l.deficitWindowId) ?? []), l]);

  // Sources per position: each ordered window's outstanding units, over its live PO lines in order.
  const sources = new Map<string, CoverageSource[]>();
  for (const w of ordered) {
    let left = w.outstandingUnits;
    const list = sources.get(key(w.inventoryItemId, w.locationId)) ?? [];
    for (const l of linesOf.get(w.id) ?? []) {
      if (left === 0) break;
      const units = Math.min(left, l.customerUnits);
      if (units > 0) list.push({ id: l.id.toString(), units });
      left -= units;
    }
    sources.set(key(w.inventoryItemId, w.locationId), list);
  }
  const demand = await backorderedLines(tx, shop, positions);
  const demandOf = new Map<string, { id: string; units: number }[]>();
  for (const d of demand) {
    const k = key(d.inventoryItemId, d.locationId);
    demandOf.set(k, [...(demandOf.get(k) ?? []), { id: d.id.toString(), units: d.quantityBackordered }]);
  }
  const links = [...sources].flatMap(([k, s]) => allocateCoverage(s, demandOf.get(k) ?? []));
  await replaceCoverage(
    tx,
    shop,
    positions,
    links.map((l) => ({ backorderLineId: BigInt(l.demandId), purchaseOrderLineId: BigInt(l.sourceId), units: l.units })),
  );
  return links.length;
}
