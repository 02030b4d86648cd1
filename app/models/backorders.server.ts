// Backorder lines and their audit trail, and the set-based reads that evaluate stock positions: one
// round trip per kind of data for ALL positions a batch touched, never one per position.
import { jsonRows, textRows } from "./json-rows";
import { Prisma } from "@prisma/client";

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

/**
 * What detection needs of a line that draws on a position, and no more: ids as decimal text (the
 * domain compares them as text), the order's creation time in epoch milliseconds. Read as ONE text
 * value per query (see `textRows`): for a re-plan over 100,000 lines, decoding a row object per
 * line through the driver adapter cost more than the query itself.
 */
export type DemandFact = {
  id: string;
  orderId: string;
  inventoryItemId: string;
  /** Empty while the line waits for its location. */
  locationId: string;
  openQuantity: number;
  orderCreatedMs: number;
  cancelled: boolean;
  /** The order's total; 0 when unknown. */
  totalPrice: number;
  /** The latest day of the line's open customer promise (YYYY-MM-DD), if it has one. */
  promiseLatest: string | null;
  channel: string;
};

// One line per row, one tab between fields; every field is non-null text without a tab or a line
// break (ids, numbers, dates), except the last, the channel, which is a JSON string literal.
const DEMAND_FACT_FIELDS = Prisma.sql`
  concat_ws(E'\\t', ol."id", ol."orderId", ol."inventoryItemId", COALESCE(ol."locationId"::text, ''), ol."openQuantity",
            floor(extract(epoch FROM o."createdAt") * 1000)::bigint, (o."cancelledAt" IS NOT NULL)::int,
            COALESCE(o."totalPrice", 0),
            COALESCE((SELECT max(lp."latest") FROM "LinePromise" lp
                       WHERE lp."shop" = ol."shop" AND lp."lineItemId" = ol."id" AND lp."status" = 'open'), ''),
            to_json(o."channel")::text)`;

function demandFacts(text: string | null): DemandFact[] {
  return textRows(text).map((f) => ({
    id: f[0],
    orderId: f[1],
    inventoryItemId: f[2],
    locationId: f[3],
    openQuantity: Number(f[4]),
    orderCreatedMs: Number(f[5]),
    cancelled: f[6] === "1",
    totalPrice: Number(f[7]),
    promiseLatest: f[8] === "" ? null : f[8],
    channel: JSON.parse(f[9]) as string,
  }));
}

/** Lines on the positions that are open now, or that a stored backorder there points at. */
export async function positionsDemand(tx: Tx, shop: string, positions: readonly StockPosition[]): Promise<DemandFact[]> {
  const [row] = await tx.$queryRaw<{ rows: string | null }[]>`
    SELECT string_agg(${DEMAND_FACT_FIELDS}, E'\\n') AS "rows"
      FROM unnest(${items(positions)}::bigint[], ${locs(positions)}::bigint[]) AS p(item, loc)
      JOIN "OrderLine" ol ON ol."shop" = ${shop} AND ol."inventoryItemId" = p.item AND ol."locationId" = p.loc
      JOIN "Order" o ON o."shop" = ol."shop" AND o."id" = ol."orderId"
     WHERE ol."openQuantity" > 0 OR EXISTS (
             SELECT 1 FROM "BackorderLine" b
              WHERE b."shop" = ol."shop" AND b."lineItemId" = ol."id" AND b."locationId" = ol."locationId")`;
  return demandFacts(row?.rows ?? null);
}

/** Open lines of these items still waiting for their assigned location (they may draw on any of its positions). */
export async function pendingDemand(tx: Tx, shop: string, itemIds: bigint[]): Promise<DemandFact[]> {
  if (itemIds.length === 0) return [];
  const [row] = await tx.$queryRaw<{ rows: string | null }[]>`
    SELECT string_agg(${DEMAND_FACT_FIELDS}, E'\\n') AS "rows"
      FROM "OrderLine" ol
      JOIN "Order" o ON o."shop" = ol."shop" AND o."id" = ol."orderId"
     WHERE ol."shop" = ${shop} AND ol."inventoryItemId" = ANY(${itemIds}::bigint[])
       AND ol."locationSource" = 'pending' AND ol."openQuantity" > 0`;
  return demandFacts(row?.rows ?? null);
}

/** What a new backorder line copies from its order line and order. */
export type DemandDetail = {
  id: bigint;
  orderId: bigint;
  orderName: string;
  orderCreatedAt: Date;
  variantId: bigint | null;
  sku: string | null;
  title: string;
  quantity: number;
  channel: string;
  customerId: bigint | null;
  email: string | null;
  customerName: string | null;
};

/** The details of these order lines (only the lines that become backorders need them). */
export async function demandDetails(tx: Tx, shop: string, lineIds: bigint[]): Promise<Map<string, DemandDetail>> {
  if (lineIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<DemandDetail[]>`
    SELECT ol."id", ol."orderId", o."name" AS "orderName", o."createdAt" AS "orderCreatedAt", ol."variantId", ol."sku", ol."title",
           ol."quantity", o."channel", o."customerId", o."email", o."customerName"
      FROM "OrderLine" ol JOIN "Order" o ON o."shop" = ol."shop" AND o."id" = ol."orderId"
     WHERE ol."shop" = ${shop} AND ol."id" = ANY(${lineIds}::bigint[])`;
  return new Map(rows.map((r) => [r.id.toString(), r]));
}

/** A stored backorder line on a position (ids as decimal text, as in `DemandFact`). */
export type StoredBackorder = {
  id: string;
  lineItemId: string;
  inventoryItemId: string;
  locationId: string;
  status: string;
  quantityBackordered: number;
};

export async function positionsBackorders(tx: Tx, shop: string, positions: readonly StockPosition[]): Promise<StoredBackorder[]> {
  const [row] = await tx.$queryRaw<{ rows: string | null }[]>`
    SELECT string_agg(concat_ws(E'\\t', b."id", b."lineItemId", b."inventoryItemId", b."locationId", b."quantityBackordered", b."status"), E'\\n') AS "rows"
      FROM unnest(${items(positions)}::bigint[], ${locs(positions)}::bigint[]) AS p(item, loc)
      JOIN "BackorderLine" b ON b."shop" = ${shop} AND b."inventoryItemId" = p.item AND b."locationId" = p.loc`;
  return textRows(row?.rows ?? null).map((f) => ({
    id: f[0],
    lineItemId: f[1],
    inventoryItemId: f[2],
    locationId: f[3],
    quantityBackordered: Number(f[4]),
    status: f[5],
  }));
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
