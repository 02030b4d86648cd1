// Backorder lines and their audit trail, and the set-based reads that evaluate stock positions: one
// round trip per kind of data for ALL positions a batch touched, never one per position.
import { jsonRows } from "./json-rows";
import type { Prisma } from "@prisma/client";

type Tx = Prisma.TransactionClient;

export type StockPosition = readonly [inventoryItemId: bigint, locationId: bigint];

const items = (ps: readonly StockPosition[]) => ps.map((p) => p[0]);
const locs = (ps: readonly StockPosition[]) => ps.map((p) => p[1]);

export type PositionHead = {
  inventoryItemId: bigint;
  locationId: bigint;
  available: number;
  tracked: boolean | null;
  inventoryPolicy: string | null;
  sku: string | null;
};

/** The stored level and the item's tracking and policy, for each position that has a level. */
export function positionHeads(tx: Tx, shop: string, positions: readonly StockPosition[]): Promise<PositionHead[]> {
  return tx.$queryRaw`
    SELECT l."inventoryItemId", l."locationId", l."available", i."tracked", i."inventoryPolicy", i."sku"
      FROM unnest(${items(positions)}::bigint[], ${locs(positions)}::bigint[]) AS p(item, loc)
      JOIN "InventoryLevel" l ON l."shop" = ${shop} AND l."inventoryItemId" = p.item AND l."locationId" = p.loc
      LEFT JOIN "InventoryItem" i ON i."shop" = l."shop" AND i."id" = l."inventoryItemId"`;
}

export type DemandRow = {
  id: bigint;
  orderId: bigint;
  inventoryItemId: bigint;
  locationId: bigint;
  variantId: bigint | null;
  sku: string | null;
  title: string;
  quantity: number;
  openQuantity: number;
  orderName: string;
  orderCreatedAt: Date;
  channel: string;
  cancelledAt: Date | null;
  customerId: bigint | null;
  email: string | null;
  customerName: string | null;
  totalPrice: number | null;
  /** The latest day of the line's open customer promise (YYYY-MM-DD), if it has one. */
  promiseLatest: string | null;
};

/** Lines on the positions that are open now, or that a stored backorder there points at, with their order. */
export function positionsDemand(tx: Tx, shop: string, positions: readonly StockPosition[]): Promise<DemandRow[]> {
  return tx.$queryRaw`
    SELECT ol."id", ol."orderId", ol."inventoryItemId", ol."locationId", ol."variantId", ol."sku", ol."title",
           ol."quantity", ol."openQuantity", o."name" AS "orderName", o."createdAt" AS "orderCreatedAt", o."channel",
           o."cancelledAt", o."customerId", o."email", o."customerName", o."totalPrice"::float8 AS "totalPrice",
           (SELECT max(lp."latest") FROM "LinePromise" lp
             WHERE lp."shop" = ol."shop" AND lp."lineItemId" = ol."id" AND lp."status" = 'open') AS "promiseLatest"
      FROM unnest(${items(positions)}::bigint[], ${locs(positions)}::bigint[]) AS p(item, loc)
      JOIN "OrderLine" ol ON ol."shop" = ${shop} AND ol."inventoryItemId" = p.item AND ol."locationId" = p.loc
      JOIN "Order" o ON o."shop" = ol."shop" AND o."id" = ol."orderId"
     WHERE ol."openQuantity" > 0 OR EXISTS (
             SELECT 1 FROM "BackorderLine" b
              WHERE b."shop" = ol."shop" AND b."lineItemId" = ol."id" AND b."locationId" = ol."locationId")`;
}

/** Open lines of these items still waiting for their assigned location (they may draw on any of its positions). */
export function pendingDemand(tx: Tx, shop: string, itemIds: bigint[]): Promise<DemandRow[]> {
  if (itemIds.length === 0) return Promise.resolve([]);
  return tx.$queryRaw`
    SELECT ol."id", ol."orderId", ol."inventoryItemId", ol."locationId", ol."variantId", ol."sku", ol."title",
           ol."quantity", ol."openQuantity", o."name" AS "orderName", o."createdAt" AS "orderCreatedAt", o."channel",
           o."cancelledAt", o."customerId", o."email", o."customerName", o."totalPrice"::float8 AS "totalPrice",
           (SELECT max(lp."latest") FROM "LinePromise" lp
             WHERE lp."shop" = ol."shop" AND lp."lineItemId" = ol."id" AND lp."status" = 'open') AS "promiseLatest"
      FROM "OrderLine" ol
      JOIN "Order" o ON o."shop" = ol."shop" AND o."id" = ol."orderId"
     WHERE ol."shop" = ${shop} AND ol."inventoryItemId" = ANY(${itemIds}::bigint[])
       AND ol."locationSource" = 'pending' AND ol."openQuantity" > 0`;
}

export type StoredBackorder = {
  id: bigint;
  lineItemId: bigint;
  inventoryItemId: bigint;
  locationId: bigint;
  status: string;
  quantityBackordered: number;
};

export function positionsBackorders(tx: Tx, shop: string, positions: readonly StockPosition[]): Promise<StoredBackorder[]> {
  return tx.$queryRaw`
    SELECT b."id", b."lineItemId", b."inventoryItemId", b."locationId", b."status", b."quantityBackordered"
      FROM unnest(${items(positions)}::bigint[], ${locs(positions)}::bigint[]) AS p(item, loc)
      JOIN "BackorderLine" b ON b."shop" = ${shop} AND b."inventoryItemId" = p.item AND b."locationId" = p.loc`;
}

export type NewBackorderLine = {
  orderId: bigint;
  orderName: string;
  orderCreatedAt: Date;
  lineItemId: bigint;
  variantId: bigint | null;
  inventoryItemId: bigint;
  sku: string | null;
  title: string | null;
  locationId: bigint;
  channel: string;
  quantityOrdered: number;
  quantityBackordered: number;
  reasonCode: string;
  customerId: bigint | null;
  customerEmail: string | null;
  customerName: string | null;
};

/** Inserts new backorder lines (status backordered); returns their ids by line item. */
export async function insertBackorderLines(tx: Tx, shop: string, rows: NewBackorderLine[], at: Date): Promise<Map<string, bigint>> {
  if (rows.length === 0) return new Map();
  const out = await tx.$queryRaw<{ id: bigint; lineItemId: bigint; locationId: bigint }[]>`
    INSERT INTO "BackorderLine" ("shop", "orderId", "orderName", "orderCreatedAt", "lineItemId", "variantId", "inventoryItemId",
                                 "sku", "title", "locationId", "channel", "quantityOrdered", "quantityBackordered", "reasonCode",
                                 "customerId", "customerEmail", "customerName", "status", "detectedAt", "updatedAt")
    SELECT ${shop}, x.*, 'backordered', ${at}, ${at}
      FROM jsonb_to_recordset(${jsonRows(rows)}::jsonb) AS x(
             "orderId" bigint, "orderName" text, "orderCreatedAt" timestamp, "lineItemId" bigint, "variantId" bigint,
             "inventoryItemId" bigint, "sku" text, "title" text, "locationId" bigint, "channel" text, "quantityOrdered" int,
             "quantityBackordered" int, "reasonCode" text, "customerId" bigint, "customerEmail" text, "customerName" text)
    RETURNING "id", "lineItemId", "locationId"`;
  return new Map(out.map((r) => [`${r.lineItemId}:${r.locationId}`, r.id]));
}


export type BackorderUpdate = {
  id: bigint;
  status: string;
  quantityBackordered: number;
  reasonCode: string | null;
  /** Set when the line leaves `backordered`, cleared when it reopens. */
  resolvedAt: Date | null;
};

export async function updateBackorderLines(tx: Tx, shop: string, rows: BackorderUpdate[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    UPDATE "BackorderLine" b
       SET "status" = u."status", "quantityBackordered" = u."quantityBackordered", "reasonCode" = COALESCE(u."reasonCode", b."reasonCode"),
           "resolvedAt" = u."resolvedAt", "updatedAt" = ${at}
      FROM jsonb_to_recordset(${jsonRows(rows)}::jsonb)
           AS u("id" bigint, "status" text, "quantityBackordered" int, "reasonCode" text, "resolvedAt" timestamp)
     WHERE b."shop" = ${shop} AND b."id" = u."id"`;
}

export type NewBackorderEvent = {
  backorderLineId: bigint;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  fromQuantity: number | null;
  toQuantity: number | null;
  reasonCode: string | null;
  source: string | null;
  detail: Prisma.InputJsonValue | null;
};

export async function insertBackorderEvents(tx: Tx, shop: string, rows: NewBackorderEvent[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "BackorderEvent" ("shop", "backorderLineId", "at", "kind", "fromStatus", "toStatus", "fromQuantity", "toQuantity",
                                  "reasonCode", "source", "detail")
    SELECT ${shop}, x."backorderLineId", ${at}, x."kind", x."fromStatus", x."toStatus", x."fromQuantity", x."toQuantity",
           x."reasonCode", x."source", x."detail"
      FROM jsonb_to_recordset(${jsonRows(rows)}::jsonb) AS x(
             "backorderLineId" bigint, "kind" text, "fromStatus" text, "toStatus" text, "fromQuantity" int, "toQuantity" int,
             "reasonCode" text, "source" text, "detail" jsonb)`;
}

export function positionsWithOpenBackorders(tx: Tx, shop: string): Promise<{ inventoryItemId: bigint; locationId: bigint }[]> {
  return tx.$queryRaw`
    SELECT DISTINCT "inventoryItemId", "locationId" FROM "BackorderLine" WHERE "shop" = ${shop} AND "status" = 'backordered'`;
}
