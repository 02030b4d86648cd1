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
 * domain compares them as text), the order's creation time in epoch milliseconds. The order's fields
 * are the line's own copies (no join to "Order"); rows come back grouped by position, one text
 * value per position (see `textRows`): for a re-plan over 100,000 lines, decoding a row object per
 * line through the driver adapter cost more than the query itself (ADR 0008, 0009).
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
// break (ids, numbers, a day), except the last, the channel: as it is, or as a JSON string literal
// when it holds a tab, a line break or a quote (so a raw channel never starts with a quote).
const DEMAND_FACT_FIELDS = Prisma.sql`
  concat_ws(E'\t', ol."id", ol."orderId", ol."openQuantity", (extract(epoch FROM ol."orderCreatedAt") * 1000)::bigint,
            ol."orderCancelled"::int, COALESCE(ol."orderTotal", 0), COALESCE(lp."latest", ''),
            CASE WHEN strpos(ol."orderChannel", E'\t') > 0 OR strpos(ol."orderChannel", E'\n') > 0 OR strpos(ol."orderChannel", '"') > 0
                 THEN to_json(ol."orderChannel")::text ELSE ol."orderChannel" END)`;

/**
 * The latest day of each open customer promise on lines of these items (promises exist for
 * backordered lines only: a handful of rows, found by the partial index on open promises and
 * hash-joined, rather than looked up for every demand line).
 */
const openPromises = (shop: string, itemIds: readonly bigint[]) => Prisma.sql`
  (SELECT "lineItemId", max("latest") AS "latest" FROM "LinePromise"
    WHERE "shop" = ${shop} AND "inventoryItemId" = ANY(${[...new Set(itemIds)]}::bigint[]) AND "status" = 'open'
    GROUP BY "lineItemId")`;

type GroupedRows = { item: string; loc: string | null; rows: string }[];

function demandFacts(groups: GroupedRows): DemandFact[] {
  const out: DemandFact[] = [];
  for (const g of groups) {
    const loc = g.loc ?? "";
    for (const f of textRows(g.rows)) {
      const channel = f[7];
      out.push({
        id: f[0],
        orderId: f[1],
        inventoryItemId: g.item,
        locationId: loc,
        openQuantity: Number(f[2]),
        orderCreatedMs: Number(f[3]),
        cancelled: f[4] === "1",
        totalPrice: Number(f[5]),
        promiseLatest: f[6] === "" ? null : f[6],
        channel: channel.startsWith('"') ? (JSON.parse(channel) as string) : channel,
      });
    }
  }
  return out;
}

/**
 * Lines open at the positions now (the partial index of open, uncancelled lines): fulfilled,
 * removed and cancelled lines are history and not read — a position's read grows with what is open
 * there, not with every order it ever had. The few lines no longer open that a backorder still
 * waits on are read by `demandOfLines`.
 */
export async function positionsDemand(tx: Tx, shop: string, positions: readonly StockPosition[]): Promise<DemandFact[]> {
  const groups = await tx.$queryRaw<GroupedRows>`
    SELECT ol."inventoryItemId"::text AS "item", ol."locationId"::text AS "loc", string_agg(${DEMAND_FACT_FIELDS}, E'\n') AS "rows"
      FROM unnest(${items(positions)}::bigint[], ${locs(positions)}::bigint[]) AS p(item, loc)
      JOIN "OrderLine" ol ON ol."shop" = ${shop} AND ol."inventoryItemId" = p.item AND ol."locationId" = p.loc
                         AND ol."openQuantity" > 0 AND NOT ol."orderCancelled"
      LEFT JOIN ${openPromises(shop, items(positions))} lp ON lp."lineItemId" = ol."id"
     GROUP BY ol."inventoryItemId", ol."locationId"`;
  return demandFacts(groups);
}

/** These lines, if they are (still) at the given position, whatever their open quantity. */
export async function demandOfLines(tx: Tx, shop: string, lines: { lineItemId: bigint; inventoryItemId: bigint; locationId: bigint }[]): Promise<DemandFact[]> {
  if (lines.length === 0) return [];
  const groups = await tx.$queryRaw<GroupedRows>`
    SELECT ol."inventoryItemId"::text AS "item", ol."locationId"::text AS "loc", string_agg(${DEMAND_FACT_FIELDS}, E'\n') AS "rows"
      FROM unnest(${lines.map((l) => l.lineItemId)}::bigint[], ${lines.map((l) => l.inventoryItemId)}::bigint[], ${lines.map((l) => l.locationId)}::bigint[]) AS x(id, item, loc)
      JOIN "OrderLine" ol ON ol."shop" = ${shop} AND ol."id" = x.id AND ol."inventoryItemId" = x.item AND ol."locationId" = x.loc
      LEFT JOIN ${openPromises(shop, lines.map((l) => l.inventoryItemId))} lp ON lp."lineItemId" = ol."id"
     GROUP BY ol."inventoryItemId", ol."locationId"`;
  return demandFacts(groups);
}

/** Open lines of these items still waiting for their assigned location (they may draw on any of its positions). */
export async function pendingDemand(tx: Tx, shop: string, itemIds: bigint[]): Promise<DemandFact[]> {
  if (itemIds.length === 0) return [];
  const groups = await tx.$queryRaw<GroupedRows>`
    SELECT ol."inventoryItemId"::text AS "item", NULL::text AS "loc", string_agg(${DEMAND_FACT_FIELDS}, E'\n') AS "rows"
      FROM "OrderLine" ol
      LEFT JOIN ${openPromises(shop, itemIds)} lp ON lp."lineItemId" = ol."id"
     WHERE ol."shop" = ${shop} AND ol."inventoryItemId" = ANY(${itemIds}::bigint[])
       AND ol."locationSource" = 'pending' AND ol."openQuantity" > 0
     GROUP BY ol."inventoryItemId"`;
  return demandFacts(groups);
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

/** The backorders at the positions that are not settled (settled ones are history: see `settleBackorderLines`). */
export async function positionsBackorders(tx: Tx, shop: string, positions: readonly StockPosition[]): Promise<StoredBackorder[]> {
  const groups = await tx.$queryRaw<{ item: string; loc: string; rows: string }[]>`
    SELECT b."inventoryItemId"::text AS "item", b."locationId"::text AS "loc",
           string_agg(concat_ws(E'\t', b."id", b."lineItemId", b."quantityBackordered", b."status"), E'\n') AS "rows"
      FROM unnest(${items(positions)}::bigint[], ${locs(positions)}::bigint[]) AS p(item, loc)
      JOIN "BackorderLine" b ON b."shop" = ${shop} AND b."inventoryItemId" = p.item AND b."locationId" = p.loc AND NOT b."settled"
     GROUP BY b."inventoryItemId", b."locationId"`;
  const out: StoredBackorder[] = [];
  for (const g of groups) {
    for (const f of textRows(g.rows)) {
      out.push({ id: f[0], lineItemId: f[1], inventoryItemId: g.item, locationId: g.loc, quantityBackordered: Number(f[2]), status: f[3] });
    }
  }
  return out;
}

/**
 * A line detection newly found short, on the position whose shortage it carries (a line still
 * waiting for its location is attributed to one of its item's positions).
 */
export type DetectedLine = {
  lineItemId: bigint;
  inventoryItemId: bigint;
  locationId: bigint;
  /** The item's SKU, for a line that has none of its own. */
  itemSku: string | null;
  quantityBackordered: number;
  reasonCode: string;
  /** The "detected" audit event's source and detail. */
  source: string | null;
  detail: Prisma.InputJsonValue | null;
};

/**
 * Inserts the new backorder lines (status backordered) and their "detected" audit events in one
 * statement: what a backorder copies (order name and time, variant, title, quantity ordered,
 * channel, customer) is read from its order line and order inside the statement, never carried
 * through the app. A settled backorder of the line at that position (its line was fulfilled,
 * cancelled or moved, and is open there again) is not read by evaluation: it is reopened here
 * instead, with a "reopened" event; one closed by staff stays closed. Returns the number of audit
 * events written (one per line written).
 */
export async function insertDetectedLines(tx: Tx, shop: string, rows: DetectedLine[], at: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <K extends keyof DetectedLine>(k: K) => rows.map((r) => r[k]);
  return tx.$executeRaw`
    WITH x AS (
      SELECT * FROM unnest(${col("lineItemId")}::bigint[], ${col("inventoryItemId")}::bigint[], ${col("locationId")}::bigint[],
                           ${col("itemSku")}::text[], ${col("quantityBackordered")}::int[], ${col("reasonCode")}::text[],
                           ${col("source")}::text[], ${rows.map((r) => (r.detail === null ? null : JSON.stringify(r.detail)))}::text[])
               AS x("lineItemId", "inventoryItemId", "locationId", "itemSku", "quantityBackordered", "reasonCode", "source", "detail")
    ), ins AS (
      INSERT INTO "BackorderLine" ("shop", "orderId", "orderName", "orderCreatedAt", "lineItemId", "variantId", "inventoryItemId",
                                   "sku", "title", "locationId", "channel", "quantityOrdered", "quantityBackordered", "reasonCode",
                                   "customerId", "customerEmail", "customerName", "status", "detectedAt", "updatedAt")
      SELECT ${shop}, ol."orderId", o."name", o."createdAt", ol."id", ol."variantId", x."inventoryItemId", COALESCE(ol."sku", x."itemSku"),
             ol."title", x."locationId", o."channel", ol."quantity", x."quantityBackordered", x."reasonCode",
             o."customerId", o."email", o."customerName", 'backordered', ${at}, ${at}
        FROM x JOIN "OrderLine" ol ON ol."shop" = ${shop} AND ol."id" = x."lineItemId"
               JOIN "Order" o ON o."shop" = ol."shop" AND o."id" = ol."orderId"
      ON CONFLICT ("shop", "lineItemId", "locationId") DO UPDATE
         SET "status" = 'backordered', "quantityBackordered" = EXCLUDED."quantityBackordered", "reasonCode" = EXCLUDED."reasonCode",
             "resolvedAt" = NULL, "updatedAt" = EXCLUDED."updatedAt", "settled" = false
       WHERE "BackorderLine"."settled" AND "BackorderLine"."status" <> 'closed'
      RETURNING "id", "lineItemId", "locationId", (xmax <> 0) AS "reopened"
    )
    INSERT INTO "BackorderEvent" ("shop", "backorderLineId", "at", "kind", "fromStatus", "toStatus", "fromQuantity", "toQuantity",
                                  "reasonCode", "source", "detail")
    SELECT ${shop}, ins."id", ${at}, CASE WHEN ins."reopened" THEN 'reopened' ELSE 'detected' END, NULL, 'backordered', NULL,
           x."quantityBackordered", x."reasonCode", x."source", x."detail"::jsonb
      FROM ins JOIN x ON x."lineItemId" = ins."lineItemId" AND x."locationId" = ins."locationId"`;
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

export type BackorderUpdate = {
  id: bigint;
  status: string;
  quantityBackordered: number;
  /** null keeps the stored reason. */
  reasonCode: string | null;
  /** Set when the line leaves `backordered`, cleared when it reopens. */
  resolvedAt: Date | null;
  /** Left backordered and its order line is no longer open at its position: evaluation stops reading it. */
  settled: boolean;
  /** The audit event that says what changed and why. */
  event: Omit<NewBackorderEvent, "backorderLineId">;
};

/** Updates stored backorder lines and writes each one's audit event, in one statement. */
export async function updateBackorderLines(tx: Tx, shop: string, rows: BackorderUpdate[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof BackorderUpdate>(k: K) => rows.map((r) => r[k]);
  const ev = <K extends keyof BackorderUpdate["event"]>(k: K) => rows.map((r) => r.event[k]);
  await tx.$executeRaw`
    WITH u AS (
      SELECT * FROM unnest(${col("id")}::bigint[], ${col("status")}::text[], ${col("quantityBackordered")}::int[], ${col("reasonCode")}::text[],
                           ${col("resolvedAt")}::timestamp[], ${ev("kind")}::text[], ${ev("fromStatus")}::text[], ${ev("toStatus")}::text[],
                           ${ev("fromQuantity")}::int[], ${ev("toQuantity")}::int[], ${ev("reasonCode")}::text[], ${ev("source")}::text[],
                           ${rows.map((r) => (r.event.detail === null ? null : JSON.stringify(r.event.detail)))}::text[], ${col("settled")}::boolean[])
               AS u("id", "status", "quantityBackordered", "reasonCode", "resolvedAt", "kind", "fromStatus", "toStatus",
                    "fromQuantity", "toQuantity", "eventReasonCode", "source", "detail", "settled")
    ), updated AS (
      UPDATE "BackorderLine" b
         SET "status" = u."status", "quantityBackordered" = u."quantityBackordered", "reasonCode" = COALESCE(u."reasonCode", b."reasonCode"),
             "resolvedAt" = u."resolvedAt", "updatedAt" = ${at}, "settled" = u."settled"
        FROM u
       WHERE b."shop" = ${shop} AND b."id" = u."id"
      RETURNING b."id"
    )
    INSERT INTO "BackorderEvent" ("shop", "backorderLineId", "at", "kind", "fromStatus", "toStatus", "fromQuantity", "toQuantity",
                                  "reasonCode", "source", "detail")
    SELECT ${shop}, u."id", ${at}, u."kind", u."fromStatus", u."toStatus", u."fromQuantity", u."toQuantity", u."eventReasonCode", u."source", u."detail"::jsonb
      FROM u JOIN updated ON updated."id" = u."id"`;
}

/**
 * Backorders no longer backordered whose order line is no longer open at their position: settled,
 * evaluation stops reading them. No audit event: nothing about the backorder changed.
 */
export async function settleBackorderLines(tx: Tx, shop: string, ids: bigint[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.$executeRaw`
    UPDATE "BackorderLine" SET "settled" = true
     WHERE "shop" = ${shop} AND "id" = ANY(${ids}::bigint[]) AND "status" <> 'backordered' AND NOT "settled"`;
}

export function positionsWithOpenBackorders(tx: Tx, shop: string): Promise<{ inventoryItemId: bigint; locationId: bigint }[]> {
  return tx.$queryRaw`
    SELECT DISTINCT "inventoryItemId", "locationId" FROM "BackorderLine" WHERE "shop" = ${shop} AND "status" = 'backordered'`;
}
