// Deficit windows and the shortage they count, per position (inventory item x location). Reads are
// set-based over all positions of a batch; the partial unique index "DeficitWindow_one_open_per_position"
// makes a second open window for a position impossible, whatever the callers do.
import type { Prisma } from "@prisma/client";
import prisma from "../../db.server";
import type { StockPosition } from "../backorders.server";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

const items = (ps: readonly StockPosition[]) => ps.map((p) => p[0]);
const locs = (ps: readonly StockPosition[]) => ps.map((p) => p[1]);

export type PositionShortage = { inventoryItemId: bigint; locationId: bigint; units: number; sku: string | null };

/** Open backordered units per position (every position asked for is returned, 0 when none), with the item's SKU. */
export function positionShortages(tx: Tx, shop: string, positions: readonly StockPosition[]): Promise<PositionShortage[]> {
  if (positions.length === 0) return Promise.resolve([]);
  return tx.$queryRaw<PositionShortage[]>`
    SELECT p.item AS "inventoryItemId", p.loc AS "locationId",
           COALESCE((SELECT sum(b."quantityBackordered") FROM "BackorderLine" b
                      WHERE b."shop" = ${shop} AND b."inventoryItemId" = p.item AND b."locationId" = p.loc
                        AND b."status" = 'backordered'), 0)::int AS "units",
           (SELECT i."sku" FROM "InventoryItem" i WHERE i."shop" = ${shop} AND i."id" = p.item) AS "sku"
      FROM (SELECT DISTINCT item, loc FROM unnest(${items(positions)}::bigint[], ${locs(positions)}::bigint[]) AS x(item, loc)) p`;
}

export type WindowRow = {
  id: bigint;
  inventoryItemId: bigint;
  locationId: bigint;
  sku: string | null;
  status: "open" | "due" | "ordered" | "empty";
  openedAt: Date;
  lastOversellAt: Date;
  closesAt: Date;
  oversoldUnits: number;
  cancelledUnits: number;
  closedAt: Date | null;
  orderedUnits: number;
  outstandingUnits: number;
  failedSupplierIds: string[];
};

const WINDOW_COLUMNS = `"id", "inventoryItemId", "locationId", "sku", "status", "openedAt", "lastOversellAt", "closesAt", "oversoldUnits",
  "cancelledUnits", "closedAt", "orderedUnits", "outstandingUnits", "failedSupplierIds"`;

/** Windows that still count units at these positions (open, due, or ordered with units outstanding), oldest first. */
export function countingWindows(tx: Tx, shop: string, positions: readonly StockPosition[]): Promise<WindowRow[]> {
  if (positions.length === 0) return Promise.resolve([]);
  return tx.$queryRawUnsafe<WindowRow[]>(
    `SELECT ${WINDOW_COLUMNS} FROM "DeficitWindow" w
      WHERE w."shop" = $1
        AND (w."inventoryItemId", w."locationId") IN (SELECT * FROM unnest($2::bigint[], $3::bigint[]))
        AND (w."status" IN ('open', 'due') OR (w."status" = 'ordered' AND w."outstandingUnits" > 0))
      ORDER BY w."openedAt", w."id"`,
    shop,
    items(positions),
    locs(positions),
  );
}

export function windowsByIds(client: Client | undefined, shop: string, ids: bigint[]): Promise<WindowRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return (client ?? prisma).$queryRawUnsafe<WindowRow[]>(
    `SELECT ${WINDOW_COLUMNS} FROM "DeficitWindow" WHERE "shop" = $1 AND "id" = ANY($2::bigint[]) ORDER BY "openedAt", "id"`,
    shop,
    ids,
  );
}

/** Windows of the shop waiting for the closing run: open ones (the caller checks their time) and due ones. */
export function unplannedWindows(tx: Tx, shop: string): Promise<WindowRow[]> {
  return tx.$queryRawUnsafe<WindowRow[]>(
    `SELECT ${WINDOW_COLUMNS} FROM "DeficitWindow" WHERE "shop" = $1 AND "status" IN ('open', 'due') ORDER BY "openedAt", "id"`,
    shop,
  );
}

export type NewWindow = { inventoryItemId: bigint; locationId: bigint; sku: string | null; openedAt: Date; closesAt: Date; oversoldUnits: number };

/** Inserts open windows. A second open window for a position violates the partial unique index. */
export async function insertOpenWindows(tx: Tx, shop: string, rows: NewWindow[]): Promise<bigint[]> {
  if (rows.length === 0) return [];
  const out = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "DeficitWindow" ("shop", "inventoryItemId", "locationId", "sku", "status", "openedAt", "lastOversellAt", "closesAt", "oversoldUnits")
    SELECT ${shop}, x.item, x.loc, x.sku, 'open', x.opened, x.opened, x.closes, x.units
      FROM unnest(${rows.map((r) => r.inventoryItemId)}::bigint[], ${rows.map((r) => r.locationId)}::bigint[], ${rows.map((r) => r.sku)}::text[],
                  ${rows.map((r) => r.openedAt)}::timestamp[], ${rows.map((r) => r.closesAt)}::timestamp[], ${rows.map((r) => r.oversoldUnits)}::int[])
           AS x(item, loc, sku, opened, closes, units)
    RETURNING "id"`;
  return out.map((r) => r.id);
}

export async function growWindows(tx: Tx, shop: string, rows: { id: bigint; oversoldUnits: number; lastOversellAt: Date; closesAt: Date }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    UPDATE "DeficitWindow" w SET "oversoldUnits" = x.units, "lastOversellAt" = x.last, "closesAt" = x.closes
      FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.oversoldUnits)}::int[], ${rows.map((r) => r.lastOversellAt)}::timestamp[],
                  ${rows.map((r) => r.closesAt)}::timestamp[]) AS x(id, units, last, closes)
     WHERE w."shop" = ${shop} AND w."id" = x.id AND w."status" = 'open'`;
}

/** Open windows past their closing time: no new units join them; the closing run plans them. */
export async function sealWindows(tx: Tx, shop: string, rows: { id: bigint; closedAt: Date }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    UPDATE "DeficitWindow" w SET "status" = 'due', "closedAt" = x.closed
      FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.closedAt)}::timestamp[]) AS x(id, closed)
     WHERE w."shop" = ${shop} AND w."id" = x.id AND w."status" = 'open'`;
}

export async function setCancelledUnits(tx: Tx, shop: string, rows: { id: bigint; cancelledUnits: number }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    UPDATE "DeficitWindow" w SET "cancelledUnits" = x.cancelled
      FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.cancelledUnits)}::int[]) AS x(id, cancelled)
     WHERE w."shop" = ${shop} AND w."id" = x.id AND w."status" IN ('open', 'due')`;
}

export async function setOutstandingUnits(tx: Tx, shop: string, rows: { id: bigint; outstandingUnits: number }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    UPDATE "DeficitWindow" w SET "outstandingUnits" = x.outstanding
      FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.outstandingUnits)}::int[]) AS x(id, outstanding)
     WHERE w."shop" = ${shop} AND w."id" = x.id AND w."status" = 'ordered'`;
}

/** The closing run's outcome per window: ordered (with the units planned) or empty. Only unplanned windows change. */
export async function markWindowsPlanned(tx: Tx, shop: string, rows: { id: bigint; status: "ordered" | "empty"; units: number; closedAt: Date }[]): Promise<number> {
  if (rows.length === 0) return 0;
  return tx.$executeRaw`
    UPDATE "DeficitWindow" w
       SET "status" = x.status, "orderedUnits" = x.units, "outstandingUnits" = x.units, "closedAt" = COALESCE(w."closedAt", x.closed)
      FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.units)}::int[],
                  ${rows.map((r) => r.closedAt)}::timestamp[]) AS x(id, status, units, closed)
     WHERE w."shop" = ${shop} AND w."id" = x.id AND w."status" IN ('open', 'due')`;
}

export async function addFailedSupplier(tx: Tx, shop: string, windowIds: bigint[], supplierId: string): Promise<void> {
  if (windowIds.length === 0) return;
  await tx.$executeRaw`
    UPDATE "DeficitWindow" SET "failedSupplierIds" = array_append("failedSupplierIds", ${supplierId})
     WHERE "shop" = ${shop} AND "id" = ANY(${windowIds}::bigint[]) AND NOT (${supplierId} = ANY("failedSupplierIds"))`;
}

/** When the shop's replenishment work is next due: the earliest open window's closing time, or now for a due one. */
export async function nextWindowWork(shop: string, client: Client = prisma): Promise<{ closesAt: Date | null; due: boolean }> {
  const rows = await client.$queryRaw<{ closesAt: Date | null; due: boolean }[]>`
    SELECT (SELECT min("closesAt") FROM "DeficitWindow" WHERE "shop" = ${shop} AND "status" = 'open') AS "closesAt",
           EXISTS (SELECT 1 FROM "DeficitWindow" WHERE "shop" = ${shop} AND "status" = 'due') AS "due"`;
  return rows[0];
}

/** Shops with a window to close or plan at `at` (the sweep). */
export async function shopsWithDueWindows(at: Date): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ shop: string }[]>`
    SELECT DISTINCT "shop" FROM "DeficitWindow" WHERE ("status" = 'open' AND "closesAt" <= ${at}) OR "status" = 'due'`;
  return rows.map((r) => r.shop);
}

export type BackorderedLine = {
  id: bigint;
  inventoryItemId: bigint;
  locationId: bigint;
  quantityBackordered: number;
  channel: string;
  detectedAt: Date;
};

/** Open backordered lines at the positions, oldest detection first: coverage fills them in this order. */
export function backorderedLines(client: Client, shop: string, positions: readonly StockPosition[]): Promise<BackorderedLine[]> {
  if (positions.length === 0) return Promise.resolve([]);
  return client.$queryRaw<BackorderedLine[]>`
    SELECT b."id", b."inventoryItemId", b."locationId", b."quantityBackordered", b."channel", b."detectedAt"
      FROM "BackorderLine" b
     WHERE b."shop" = ${shop} AND b."status" = 'backordered' AND NOT b."settled"
       AND (b."inventoryItemId", b."locationId") IN (SELECT * FROM unnest(${items(positions)}::bigint[], ${locs(positions)}::bigint[]))
     ORDER BY b."detectedAt", b."orderCreatedAt", b."id"`;
}

export function itemTitles(client: Client, shop: string, itemIds: bigint[]): Promise<{ id: bigint; title: string | null; sku: string | null }[]> {
  if (itemIds.length === 0) return Promise.resolve([]);
  return client.inventoryItem.findMany({ where: { shop, id: { in: itemIds } }, select: { id: true, title: true, sku: true } });
}
