// Promises (issue 8): settings, the current promise of each backorder line and every range given,
// the refresh job's bookkeeping, the metafield and customer-notice outboxes, and the reads the
// refresh, the admin pages and detection need. Every function is scoped by shop; reads that feed
// the refresh are set-based over the positions (inventory item x location) being refreshed.
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import type { StockPosition } from "./backorders.server";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

const items = (ps: readonly StockPosition[]) => ps.map((p) => p[0]);
const locs = (ps: readonly StockPosition[]) => ps.map((p) => p[1]);

// ---- shop, settings, state ---------------------------------------------------------------------

export type PromiseShop = { domain: string; timezone: string | null; country: string | null; name: string | null; uninstalledAt: Date | null };

export function findPromiseShop(shop: string, client: Client = prisma): Promise<PromiseShop | null> {
  return client.shop.findUnique({ where: { domain: shop }, select: { domain: true, timezone: true, country: true, name: true, uninstalledAt: true } });
}

export type PromiseSettingsRow = {
  receivingDays: number;
  processingDays: number;
  transitDays: unknown;
  lowQuantile: number;
  highQuantile: number;
  approvalDays: number;
  noticesEnabled: boolean;
  noticeTexts: unknown;
  updatedAt: Date;
};

export function findPromiseSettings(shop: string, client: Client = prisma): Promise<PromiseSettingsRow | null> {
  return client.promiseSettings.findUnique({ where: { shop }, select: { receivingDays: true, processingDays: true, transitDays: true, lowQuantile: true, highQuantile: true, approvalDays: true, noticesEnabled: true, noticeTexts: true, updatedAt: true } });
}

export async function savePromiseSettings(shop: string, row: Omit<PromiseSettingsRow, "transitDays" | "noticeTexts"> & { transitDays: Prisma.InputJsonValue; noticeTexts: Prisma.InputJsonValue }): Promise<void> {
  await prisma.promiseSettings.upsert({ where: { shop }, create: { shop, ...row }, update: row });
}

export type ShopStateRow = { poEventWatermark: bigint; computedOn: string | null; settingsAt: Date | null; definitionsAt: Date | null; refreshedAt: Date | null };

export function findShopState(shop: string, client: Client = prisma): Promise<ShopStateRow | null> {
  return client.promiseShopState.findUnique({ where: { shop }, select: { poEventWatermark: true, computedOn: true, settingsAt: true, definitionsAt: true, refreshedAt: true } });
}

export async function saveShopState(shop: string, data: Partial<ShopStateRow>, client: Client = prisma): Promise<void> {
  await client.promiseShopState.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

/** Takes the shop's promise lock for the rest of the transaction: one refresh writes at a time. */
export async function lockShopPromises(tx: Tx, shop: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`backorder-pilot:promises:${shop}`}, 0))`;
}

/** The newest purchase-order receipt event id, and whether any came after `since`. */
export async function receiptEventsSince(shop: string, since: bigint): Promise<{ latest: bigint; any: boolean }> {
  const rows = await prisma.$queryRaw<{ latest: bigint | null; n: number }[]>`
    SELECT max("id") AS "latest", count(*) FILTER (WHERE "id" > ${since})::int AS "n"
      FROM "PurchaseOrderEvent" WHERE "shop" = ${shop} AND "kind" = 'received'`;
  return { latest: rows[0]?.latest ?? since, any: (rows[0]?.n ?? 0) > 0 };
}

// ---- what needs recomputing --------------------------------------------------------------------

/**
 * A backorder line's inputs as the database holds them: status, units, channel and every PO line
 * covering it with its PO's state. A promise remembers the fingerprint it was computed from;
 * lines whose fingerprint moved are recomputed (state-based: no clock or commit-order race).
 */
const FINGERPRINT = Prisma.sql`md5(b."status" || '|' || b."quantityBackordered" || '|' || b."channel" || '|' || COALESCE((
    SELECT string_agg(c."purchaseOrderLineId" || ':' || c."units" || ':' || po."status" || ':' || COALESCE(po."eta", '') || ':'
                      || COALESCE(po."submittedAt"::text, '') || ':' || COALESCE(po."receivedAt"::text, '') || ':' || pl."receivedQuantity" || ':'
                      || COALESCE(pl."firstReceivedAt"::text, '') || ':' || pl."leadTimeDays" || ':' || pl."live"::text, ',' ORDER BY c."purchaseOrderLineId")
      FROM "PurchaseOrderCoverage" c
      JOIN "PurchaseOrderLine" pl ON pl."id" = c."purchaseOrderLineId"
      JOIN "PurchaseOrder" po ON po."id" = pl."purchaseOrderId"
     WHERE c."backorderLineId" = b."id"), ''))`;

/**
 * Positions with a line to (re)promise: open lines without a current promise or whose inputs moved,
 * and promises still open on lines that closed. `all`: every position with an open line or promise.
 */
export async function positionsToRefresh(shop: string, o: { all: boolean; unnotified: boolean }): Promise<StockPosition[]> {
  const rows = await prisma.$queryRaw<{ inventoryItemId: bigint; locationId: bigint }[]>`
    SELECT DISTINCT x."inventoryItemId", x."locationId" FROM (
      SELECT b."inventoryItemId", b."locationId"
        FROM "BackorderLine" b LEFT JOIN "LinePromise" p ON p."backorderLineId" = b."id"
       WHERE b."shop" = ${shop} AND b."status" = 'backordered'
         AND (${o.all} OR p."backorderLineId" IS NULL OR p."status" <> 'open' OR p."inputsKey" <> ${FINGERPRINT}
              OR (${o.unnotified} AND p."notifiedVersion" IS NULL AND p."latest" IS NOT NULL))
      UNION ALL
      SELECT p."inventoryItemId", p."locationId"
        FROM "LinePromise" p JOIN "BackorderLine" b ON b."id" = p."backorderLineId"
       WHERE p."shop" = ${shop} AND p."status" = 'open' AND b."status" <> 'backordered'
    ) x
    ORDER BY 1, 2`;
  return rows.map((r) => [r.inventoryItemId, r.locationId] as StockPosition);
}

export type RefreshCandidate = { shop: string; timezone: string | null; country: string | null; computedOn: string | null; flagged: boolean; hasOpen: boolean };

/**
 * For the minute sweep: installed shops and whether something may have moved since their last
 * refresh (a line without its promise, a promise on a closed line, a line or PO changed since, a
 * first notice held back while its PO was minutes away), and
 * whether they hold open promises (re-checked when the shop's day changes).
 */
export function promiseRefreshCandidates(): Promise<RefreshCandidate[]> {
  return prisma.$queryRaw<RefreshCandidate[]>`
    SELECT s."domain" AS "shop", s."timezone", s."country", st."computedOn",
           (EXISTS (SELECT 1 FROM "BackorderLine" b LEFT JOIN "LinePromise" p ON p."backorderLineId" = b."id"
                     WHERE b."shop" = s."domain" AND b."status" = 'backordered'
                       AND (p."backorderLineId" IS NULL OR p."status" <> 'open' OR b."updatedAt" >= COALESCE(st."refreshedAt", 'epoch'::timestamp)))
            OR EXISTS (SELECT 1 FROM "LinePromise" p JOIN "BackorderLine" b ON b."id" = p."backorderLineId"
                        WHERE p."shop" = s."domain" AND p."status" = 'open' AND b."status" <> 'backordered')
            OR EXISTS (SELECT 1 FROM "PurchaseOrder" po
                        WHERE po."shop" = s."domain" AND po."updatedAt" >= COALESCE(st."refreshedAt", 'epoch'::timestamp))
            OR EXISTS (SELECT 1 FROM "LinePromise" p
                        WHERE p."shop" = s."domain" AND p."status" = 'open' AND p."latest" IS NOT NULL AND p."notifiedVersion" IS NULL)) AS "flagged",
           EXISTS (SELECT 1 FROM "LinePromise" p WHERE p."shop" = s."domain" AND p."status" = 'open') AS "hasOpen"
      FROM "Shop" s LEFT JOIN "PromiseShopState" st ON st."shop" = s."domain"
     WHERE s."uninstalledAt" IS NULL`;
}

// ---- reads for a refresh -----------------------------------------------------------------------

export type RefreshLineRow = {
  id: bigint;
  orderId: bigint;
  orderName: string;
  lineItemId: bigint;
  variantId: bigint | null;
  inventoryItemId: bigint;
  locationId: bigint;
  sku: string | null;
  title: string | null;
  channel: string;
  quantityOrdered: number;
  quantityBackordered: number;
  status: string;
  fingerprint: string;
  /** The stored promise, if any. */
  promiseStatus: string | null;
  earliest: string | null;
  latest: string | null;
  phase: string | null;
  version: number | null;
  supplierEta: string | null;
  closedReason: string | null;
  notifiedVersion: number | null;
  notifiedEarliest: string | null;
  notifiedLatest: string | null;
  setAt: Date | null;
  inputsKey: string | null;
  storedBasis: unknown;
  /** The last day the stock could come in for the current range to hold (its basis). */
  receiptLatest: string | null;
  /** How the line closed (the reason code of its last resolved / cancelled event). */
  closeReasonCode: string | null;
  orderCancelled: boolean;
  currentQuantity: number | null;
  openQuantity: number | null;
};

/** Open lines at the positions, and lines there whose promise is still open although they closed. */
export function linesToRefresh(tx: Tx, shop: string, positions: readonly StockPosition[]): Promise<RefreshLineRow[]> {
  if (positions.length === 0) return Promise.resolve([]);
  return tx.$queryRaw<RefreshLineRow[]>`
    SELECT b."id", b."orderId", b."orderName", b."lineItemId", b."variantId", b."inventoryItemId", b."locationId", b."sku", b."title",
           b."channel", b."quantityOrdered", b."quantityBackordered", b."status", ${FINGERPRINT} AS "fingerprint",
           p."status" AS "promiseStatus", p."earliest", p."latest", p."phase", p."version", p."basis"->>'supplierEta' AS "supplierEta",
           p."closedReason", p."notifiedVersion", p."notifiedEarliest", p."notifiedLatest", p."setAt", p."inputsKey", p."basis" AS "storedBasis",
           p."basis"->'receipt'->>'latest' AS "receiptLatest",
           CASE WHEN b."status" <> 'backordered' THEN
             (SELECT e."reasonCode" FROM "BackorderEvent" e
               WHERE e."backorderLineId" = b."id" AND e."kind" IN ('resolved', 'cancelled') ORDER BY e."at" DESC, e."id" DESC LIMIT 1)
           END AS "closeReasonCode",
           (o."cancelledAt" IS NOT NULL) AS "orderCancelled", ol."currentQuantity", ol."openQuantity"
      FROM "BackorderLine" b
      LEFT JOIN "LinePromise" p ON p."backorderLineId" = b."id"
      LEFT JOIN "OrderLine" ol ON ol."shop" = b."shop" AND ol."id" = b."lineItemId"
      LEFT JOIN "Order" o ON o."shop" = b."shop" AND o."id" = b."orderId"
     WHERE b."shop" = ${shop}
       AND (b."inventoryItemId", b."locationId") IN (SELECT * FROM unnest(${items(positions)}::bigint[], ${locs(positions)}::bigint[]))
       AND (b."status" = 'backordered' OR p."status" = 'open')
     ORDER BY b."id"`;
}

export type CoverageRow = {
  backorderLineId: bigint;
  units: number;
  purchaseOrderLineId: bigint;
  purchaseOrderId: bigint;
  supplierId: string;
  status: string;
  submittedAt: Date | null;
  eta: string | null;
  firstEta: string | null;
  firstEtaAt: Date | null;
  receivedAt: Date | null;
  leadTimeDays: number;
  customerUnits: number;
  receivedQuantity: number;
  firstReceivedAt: Date | null;
};

/** The first ETA the supplier gave for the PO `po` (alias "fe": "firstEta", "firstEtaAt"). */
const FIRST_ETA = (po: Prisma.Sql) => Prisma.sql`LEFT JOIN LATERAL (
    SELECT e."detail"->>'eta' AS "firstEta", e."at" AS "firstEtaAt" FROM "PurchaseOrderEvent" e
     WHERE e."purchaseOrderId" = ${po} AND e."kind" IN ('submitted', 'confirmed', 'eta_changed') AND e."detail"->>'eta' IS NOT NULL
     ORDER BY e."at", e."id" LIMIT 1) fe ON true`;

/** The PO lines covering these backorder lines, with their PO and its first confirmed ETA. */
export function coverageOfLines(tx: Tx, shop: string, lineIds: bigint[]): Promise<CoverageRow[]> {
  if (lineIds.length === 0) return Promise.resolve([]);
  return tx.$queryRaw<CoverageRow[]>`
    SELECT c."backorderLineId", c."units", pl."id" AS "purchaseOrderLineId", po."id" AS "purchaseOrderId", po."supplierId", po."status",
           po."submittedAt", po."eta", fe."firstEta", fe."firstEtaAt", po."receivedAt", pl."leadTimeDays", pl."customerUnits",
           pl."receivedQuantity", pl."firstReceivedAt"
      FROM "PurchaseOrderCoverage" c
      JOIN "PurchaseOrderLine" pl ON pl."id" = c."purchaseOrderLineId"
      JOIN "PurchaseOrder" po ON po."id" = pl."purchaseOrderId"
      ${FIRST_ETA(Prisma.sql`po."id"`)}
     WHERE c."shop" = ${shop} AND c."backorderLineId" = ANY(${lineIds}::bigint[]) AND pl."live"
     ORDER BY c."backorderLineId", pl."id"`;
}

export type OfferRow = { sku: string; supplierId: string; leadTimeDays: number; active: boolean };

/** Every supplier offer for these SKUs, with whether its supplier is active. */
export function offersForSkus(tx: Tx, shop: string, skus: string[]): Promise<OfferRow[]> {
  if (skus.length === 0) return Promise.resolve([]);
  return tx.$queryRaw<OfferRow[]>`
    SELECT o."sku", o."supplierId", o."leadTimeDays", (s."status" = 'active') AS "active"
      FROM "SupplierOffer" o JOIN "Supplier" s ON s."shop" = o."shop" AND s."id" = o."supplierId"
     WHERE o."shop" = ${shop} AND o."sku" = ANY(${skus}::text[])
     ORDER BY o."sku", o."supplierId"`;
}

export type ReceiptRow = { supplierId: string; sku: string; submittedAt: Date; receivedAt: Date; leadTimeDays: number; firstEta: string | null; firstEtaAt: Date | null };

/** Received PO lines of these suppliers, the most recent first (what lead times are learned from). */
export function receiptHistory(tx: Tx, shop: string, supplierIds: string[], limit = 5000): Promise<ReceiptRow[]> {
  if (supplierIds.length === 0) return Promise.resolve([]);
  return tx.$queryRaw<ReceiptRow[]>`
    SELECT po."supplierId", pl."sku", po."submittedAt", pl."firstReceivedAt" AS "receivedAt", pl."leadTimeDays",
           fe."firstEta", fe."firstEtaAt"
      FROM "PurchaseOrderLine" pl JOIN "PurchaseOrder" po ON po."id" = pl."purchaseOrderId"
      ${FIRST_ETA(Prisma.sql`po."id"`)}
     WHERE po."shop" = ${shop} AND po."supplierId" = ANY(${supplierIds}::text[])
       AND po."submittedAt" IS NOT NULL AND pl."firstReceivedAt" IS NOT NULL
     ORDER BY pl."firstReceivedAt" DESC
     LIMIT ${limit}`;
}

export type OrderLineInfo = { id: bigint; orderId: bigint; title: string; quantity: number; openQuantity: number; inventoryItemId: bigint | null };

/** Every line of these orders (what else the customer waits for: the "on track" part of a notice). */
export function linesOfOrders(tx: Tx, shop: string, orderIds: bigint[]): Promise<OrderLineInfo[]> {
  if (orderIds.length === 0) return Promise.resolve([]);
  return tx.$queryRaw<OrderLineInfo[]>`
    SELECT "id", "orderId", "title", "quantity", "openQuantity", "inventoryItemId"
      FROM "OrderLine" WHERE "shop" = ${shop} AND "orderId" = ANY(${orderIds}::bigint[]) ORDER BY "orderId", "id"`;
}

/** Open backordered units of these orders' other lines (lines that are not fully on track). */
export function openBackorderUnitsOfOrders(tx: Tx, shop: string, orderIds: bigint[]): Promise<{ lineItemId: bigint; units: number }[]> {
  if (orderIds.length === 0) return Promise.resolve([]);
  return tx.$queryRaw`
    SELECT "lineItemId", sum("quantityBackordered")::int AS "units" FROM "BackorderLine"
     WHERE "shop" = ${shop} AND "orderId" = ANY(${orderIds}::bigint[]) AND "status" = 'backordered' GROUP BY 1`;
}

/** Positions where a deficit window is still collecting oversells (a PO for them is minutes away). */
export async function positionsWithOpenDeficit(tx: Tx, shop: string, positions: readonly StockPosition[]): Promise<Set<string>> {
  if (positions.length === 0) return new Set();
  const rows = await tx.$queryRaw<{ inventoryItemId: bigint; locationId: bigint }[]>`
    SELECT DISTINCT "inventoryItemId", "locationId" FROM "DeficitWindow"
     WHERE "shop" = ${shop} AND "status" IN ('open', 'due')
       AND ("inventoryItemId", "locationId") IN (SELECT * FROM unnest(${items(positions)}::bigint[], ${locs(positions)}::bigint[]))`;
  return new Set(rows.map((r) => `${r.inventoryItemId}:${r.locationId}`));
}

// ---- variant windows ---------------------------------------------------------------------------

export type VariantPositionRow = { variantId: bigint; inventoryItemId: bigint; locationId: bigint; sku: string | null; openUnits: number };

/** For the variants of these items: the positions where they have open backordered units (none: not backordered). */
export function variantsOfItems(tx: Tx, shop: string, itemIds: bigint[]): Promise<{ variantId: bigint; inventoryItemId: bigint; sku: string | null }[]> {
  if (itemIds.length === 0) return Promise.resolve([]);
  return tx.$queryRaw`
    SELECT "variantId", "id" AS "inventoryItemId", "sku" FROM "InventoryItem"
     WHERE "shop" = ${shop} AND "id" = ANY(${itemIds}::bigint[]) AND "variantId" IS NOT NULL`;
}

export function openUnitsOfItems(tx: Tx, shop: string, itemIds: bigint[]): Promise<{ inventoryItemId: bigint; locationId: bigint; units: number }[]> {
  if (itemIds.length === 0) return Promise.resolve([]);
  return tx.$queryRaw`
    SELECT "inventoryItemId", "locationId", sum("quantityBackordered")::int AS "units" FROM "BackorderLine"
     WHERE "shop" = ${shop} AND "inventoryItemId" = ANY(${itemIds}::bigint[]) AND "status" = 'backordered' AND NOT "settled"
     GROUP BY 1, 2 ORDER BY 1, 2`;
}

export type OpenOrderLineRow = {
  inventoryItemId: bigint;
  locationId: bigint;
  purchaseOrderLineId: bigint;
  purchaseOrderId: bigint;
  supplierId: string;
  status: string;
  submittedAt: Date | null;
  eta: string | null;
  firstEta: string | null;
  firstEtaAt: Date | null;
  receivedAt: Date | null;
  leadTimeDays: number;
  quantity: number;
  customerUnits: number;
  receivedQuantity: number;
  firstReceivedAt: Date | null;
};

/** Live lines of open POs of these items (units still coming), oldest first. */
export function openOrderLinesOfItems(tx: Tx, shop: string, itemIds: bigint[]): Promise<OpenOrderLineRow[]> {
  if (itemIds.length === 0) return Promise.resolve([]);
  return tx.$queryRaw<OpenOrderLineRow[]>`
    SELECT pl."inventoryItemId", pl."locationId", pl."id" AS "purchaseOrderLineId", po."id" AS "purchaseOrderId", po."supplierId", po."status",
           po."submittedAt", po."eta", fe."firstEta", fe."firstEtaAt", po."receivedAt", pl."leadTimeDays", pl."quantity",
           pl."customerUnits", pl."receivedQuantity", pl."firstReceivedAt"
      FROM "PurchaseOrderLine" pl JOIN "PurchaseOrder" po ON po."id" = pl."purchaseOrderId"
      ${FIRST_ETA(Prisma.sql`po."id"`)}
     WHERE pl."shop" = ${shop} AND pl."inventoryItemId" = ANY(${itemIds}::bigint[]) AND pl."live"
       AND po."status" IN ('draft', 'escalated', 'submitted', 'confirmed', 'partially_received')
     ORDER BY pl."id"`;
}

// ---- writes of a refresh -----------------------------------------------------------------------

export type LinePromiseWrite = {
  backorderLineId: bigint;
  orderId: bigint;
  lineItemId: bigint;
  variantId: bigint | null;
  inventoryItemId: bigint;
  locationId: bigint;
  status: "open" | "closed";
  closedReason: string | null;
  earliest: string | null;
  latest: string | null;
  phase: string;
  version: number;
  notifiedVersion: number | null;
  notifiedEarliest: string | null;
  notifiedLatest: string | null;
  inputsKey: string;
  basis: Prisma.InputJsonValue;
  setAt: Date;
  closedAt: Date | null;
};

/** Writes the promises (one statement); `checkedAt` is `at`. */
export async function upsertLinePromises(tx: Tx, shop: string, rows: LinePromiseWrite[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof LinePromiseWrite>(k: K) => rows.map((r) => r[k]);
  await tx.$executeRaw`
    INSERT INTO "LinePromise" ("backorderLineId", "shop", "orderId", "lineItemId", "variantId", "inventoryItemId", "locationId", "status",
                               "closedReason", "earliest", "latest", "phase", "version", "inputsKey", "basis", "setAt", "closedAt",
                               "notifiedVersion", "notifiedEarliest", "notifiedLatest", "checkedAt")
    SELECT x.id, ${shop}, x.o, x.li, x.v, x.i, x.l, x.s, x.cr, x.e, x.la, x.ph, x.ver, x.k, x.b, x.sa, x.ca, x.nv, x.ne, x.nl, ${at}
      FROM unnest(${col("backorderLineId")}::bigint[], ${col("orderId")}::bigint[], ${col("lineItemId")}::bigint[], ${col("variantId")}::bigint[],
                  ${col("inventoryItemId")}::bigint[], ${col("locationId")}::bigint[], ${col("status")}::text[], ${col("closedReason")}::text[],
                  ${col("earliest")}::text[], ${col("latest")}::text[], ${col("phase")}::text[], ${col("version")}::int[], ${col("inputsKey")}::text[],
                  ${rows.map((r) => JSON.stringify(r.basis))}::jsonb[], ${col("setAt")}::timestamp[], ${col("closedAt")}::timestamp[],
                  ${col("notifiedVersion")}::int[], ${col("notifiedEarliest")}::text[], ${col("notifiedLatest")}::text[])
           AS x(id, o, li, v, i, l, s, cr, e, la, ph, ver, k, b, sa, ca, nv, ne, nl)
    ON CONFLICT ("backorderLineId") DO UPDATE SET
      "status" = EXCLUDED."status", "closedReason" = EXCLUDED."closedReason", "earliest" = EXCLUDED."earliest", "latest" = EXCLUDED."latest",
      "phase" = EXCLUDED."phase", "version" = EXCLUDED."version", "inputsKey" = EXCLUDED."inputsKey", "basis" = EXCLUDED."basis",
      "setAt" = EXCLUDED."setAt", "closedAt" = EXCLUDED."closedAt", "checkedAt" = EXCLUDED."checkedAt",
      "notifiedVersion" = EXCLUDED."notifiedVersion", "notifiedEarliest" = EXCLUDED."notifiedEarliest", "notifiedLatest" = EXCLUDED."notifiedLatest",
      "variantId" = EXCLUDED."variantId", "inventoryItemId" = EXCLUDED."inventoryItemId", "locationId" = EXCLUDED."locationId"`;
}

/** Promises whose range did not move: only their fingerprint and check time. */
export async function touchLinePromises(tx: Tx, shop: string, rows: { backorderLineId: bigint; inputsKey: string }[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    UPDATE "LinePromise" p SET "inputsKey" = u.k, "checkedAt" = ${at}
      FROM unnest(${rows.map((r) => r.backorderLineId)}::bigint[], ${rows.map((r) => r.inputsKey)}::text[]) AS u(id, k)
     WHERE p."shop" = ${shop} AND p."backorderLineId" = u.id`;
}

export type PromiseHistoryWrite = { backorderLineId: bigint; version: number; earliest: string; latest: string; phase: string; reason: string; change: string };

export async function insertPromiseHistory(tx: Tx, shop: string, rows: PromiseHistoryWrite[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof PromiseHistoryWrite>(k: K) => rows.map((r) => r[k]);
  await tx.$executeRaw`
    INSERT INTO "PromiseHistory" ("shop", "backorderLineId", "version", "at", "earliest", "latest", "phase", "reason", "change")
    SELECT ${shop}, x.id, x.v, ${at}, x.e, x.l, x.p, x.r, x.c
      FROM unnest(${col("backorderLineId")}::bigint[], ${col("version")}::int[], ${col("earliest")}::text[], ${col("latest")}::text[],
                  ${col("phase")}::text[], ${col("reason")}::text[], ${col("change")}::text[]) AS x(id, v, e, l, p, r, c)
    ON CONFLICT ("backorderLineId", "version") DO NOTHING`;
}

export type OrderPromiseRow = {
  orderId: bigint;
  backorderLineId: bigint;
  variantId: bigint | null;
  status: string;
  closedReason: string | null;
  earliest: string | null;
  latest: string | null;
  quantityOrdered: number;
  quantityBackordered: number;
};

/** Every promise of these orders (the order's `line_promises` metafield is built from them). */
export function promisesOfOrders(tx: Tx, shop: string, orderIds: bigint[]): Promise<OrderPromiseRow[]> {
  if (orderIds.length === 0) return Promise.resolve([]);
  return tx.$queryRaw<OrderPromiseRow[]>`
    SELECT p."orderId", p."backorderLineId", p."variantId", p."status", p."closedReason", p."earliest", p."latest",
           b."quantityOrdered", b."quantityBackordered"
      FROM "LinePromise" p JOIN "BackorderLine" b ON b."id" = p."backorderLineId"
     WHERE p."shop" = ${shop} AND p."orderId" = ANY(${orderIds}::bigint[])
     ORDER BY p."orderId", p."backorderLineId"`;
}

// ---- metafield outbox --------------------------------------------------------------------------

export type MetafieldOwnerType = "variant" | "order";
export type DesiredMetafield = { ownerType: MetafieldOwnerType; ownerId: bigint; value: string | null; hash: string };

/**
 * Records the value each owner's metafield should have. A new version only when the value differs
 * from the one recorded; an owner without a row and nothing to set gets no row (nothing to delete).
 */
export async function setDesiredMetafields(tx: Tx, shop: string, rows: DesiredMetafield[], at: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <K extends keyof DesiredMetafield>(k: K) => rows.map((r) => r[k]);
  const changed = await tx.$queryRaw<{ n: number }[]>`
    WITH x AS (
      SELECT * FROM unnest(${col("ownerType")}::text[], ${col("ownerId")}::bigint[], ${col("value")}::text[], ${col("hash")}::text[]) AS x(t, id, v, h)
    ), upserted AS (
      INSERT INTO "PromiseMetafield" ("shop", "ownerType", "ownerId", "value", "hash", "version", "availableAt", "updatedAt")
      SELECT ${shop}, x.t, x.id, x.v, x.h, 1, ${at}, ${at} FROM x
       WHERE x.v IS NOT NULL OR EXISTS (SELECT 1 FROM "PromiseMetafield" m WHERE m."shop" = ${shop} AND m."ownerType" = x.t AND m."ownerId" = x.id)
      ON CONFLICT ("shop", "ownerType", "ownerId") DO UPDATE SET
        "value" = EXCLUDED."value", "hash" = EXCLUDED."hash", "version" = "PromiseMetafield"."version" + 1,
        "availableAt" = LEAST("PromiseMetafield"."availableAt", EXCLUDED."availableAt"), "attempts" = 0, "updatedAt" = EXCLUDED."updatedAt"
       WHERE "PromiseMetafield"."hash" <> EXCLUDED."hash"
      RETURNING 1
    )
    SELECT count(*)::int AS "n" FROM upserted`;
  return changed[0]?.n ?? 0;
}

export type ClaimedMetafield = { ownerType: MetafieldOwnerType; ownerId: bigint; value: string | null; hash: string; version: number; sentHash: string | null; attempts: number };

const METAFIELD_PENDING = Prisma.sql`"version" > "sentVersion" AND ("failedVersion" IS NULL OR "failedVersion" < "version")`;

/** Claims due metafields of a shop until `at + leaseMs` (FOR UPDATE SKIP LOCKED). */
export function claimMetafields(shop: string, token: string, at: Date, leaseMs: number, limit: number): Promise<ClaimedMetafield[]> {
  const until = new Date(at.getTime() + leaseMs);
  return prisma.$queryRaw<ClaimedMetafield[]>`
    UPDATE "PromiseMetafield" m SET "claimToken" = ${token}, "claimedUntil" = ${until}, "attempts" = m."attempts" + 1
      FROM (SELECT "shop", "ownerType", "ownerId" FROM "PromiseMetafield"
             WHERE "shop" = ${shop} AND ${METAFIELD_PENDING} AND "availableAt" <= ${at} AND ("claimedUntil" IS NULL OR "claimedUntil" < ${at})
             ORDER BY "availableAt", "ownerType", "ownerId" LIMIT ${limit} FOR UPDATE SKIP LOCKED) c
     WHERE m."shop" = c."shop" AND m."ownerType" = c."ownerType" AND m."ownerId" = c."ownerId"
    RETURNING m."ownerType", m."ownerId", m."value", m."hash", m."version", m."sentHash", m."attempts"`;
}

type OwnerKey = { ownerType: MetafieldOwnerType; ownerId: bigint };

/** The claimed versions are in Shopify now (a newer version written meanwhile stays pending). */
export async function settleMetafieldsSent(shop: string, token: string, rows: (OwnerKey & { version: number; hash: string })[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await prisma.$executeRaw`
    UPDATE "PromiseMetafield" m SET "sentVersion" = u.v, "sentHash" = u.h, "sentAt" = ${at}, "claimToken" = NULL, "claimedUntil" = NULL,
           "lastError" = NULL, "attempts" = CASE WHEN m."version" = u.v THEN 0 ELSE m."attempts" END
      FROM unnest(${rows.map((r) => r.ownerType)}::text[], ${rows.map((r) => r.ownerId)}::bigint[], ${rows.map((r) => r.version)}::int[],
                  ${rows.map((r) => r.hash)}::text[]) AS u(t, id, v, h)
     WHERE m."shop" = ${shop} AND m."ownerType" = u.t AND m."ownerId" = u.id AND m."claimToken" = ${token}`;
}

/** Shopify refused these versions (userErrors): not retried until a newer version exists. */
export async function failMetafields(shop: string, token: string, rows: (OwnerKey & { version: number; error: string })[]): Promise<void> {
  if (rows.length === 0) return;
  await prisma.$executeRaw`
    UPDATE "PromiseMetafield" m SET "failedVersion" = u.v, "lastError" = u.e, "claimToken" = NULL, "claimedUntil" = NULL
      FROM unnest(${rows.map((r) => r.ownerType)}::text[], ${rows.map((r) => r.ownerId)}::bigint[], ${rows.map((r) => r.version)}::int[],
                  ${rows.map((r) => r.error)}::text[]) AS u(t, id, v, e)
     WHERE m."shop" = ${shop} AND m."ownerType" = u.t AND m."ownerId" = u.id AND m."claimToken" = ${token}`;
}

/** Releases claimed rows to be tried again at `retryAt` (Admin API error or outage). */
export async function releaseMetafields(shop: string, token: string, rows: OwnerKey[], retryAt: Date, error: string): Promise<void> {
  if (rows.length === 0) return;
  await prisma.$executeRaw`
    UPDATE "PromiseMetafield" m SET "availableAt" = ${retryAt}, "lastError" = ${error}, "claimToken" = NULL, "claimedUntil" = NULL
      FROM unnest(${rows.map((r) => r.ownerType)}::text[], ${rows.map((r) => r.ownerId)}::bigint[]) AS u(t, id)
     WHERE m."shop" = ${shop} AND m."ownerType" = u.t AND m."ownerId" = u.id AND m."claimToken" = ${token}`;
}

/** When the shop's next metafield write is due (a claimed row: when its lease runs out). */
export async function nextMetafieldAt(shop: string): Promise<Date | null> {
  const rows = await prisma.$queryRaw<{ at: Date | null }[]>`
    SELECT min(GREATEST("availableAt", COALESCE("claimedUntil", "availableAt"))) AS "at"
      FROM "PromiseMetafield" WHERE "shop" = ${shop} AND ${METAFIELD_PENDING}`;
  return rows[0]?.at ?? null;
}

export async function shopsWithDueMetafields(at: Date): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ shop: string }[]>`
    SELECT DISTINCT "shop" FROM "PromiseMetafield"
     WHERE ${METAFIELD_PENDING} AND "availableAt" <= ${at} AND ("claimedUntil" IS NULL OR "claimedUntil" < ${at})`;
  return rows.map((r) => r.shop);
}

export function metafieldRows(shop: string) {
  return prisma.promiseMetafield.findMany({ where: { shop }, orderBy: [{ ownerType: "asc" }, { ownerId: "asc" }] });
}

// ---- customer notices --------------------------------------------------------------------------

export type NewNotice = {
  key: string;
  orderId: bigint;
  orderName: string;
  kind: string;
  data: Prisma.InputJsonValue;
  status: "pending" | "skipped";
  messageId: string;
  lastError: string | null;
  /** `<line>:<kind>:<version>` per line event the notice covers. */
  lineKeys: { key: string; backorderLineId: bigint }[];
};

/**
 * Records notices to send. A line event already in a notice is never in another: a notice whose
 * line events were all taken already is not created; a notice key that exists is left as it is.
 */
export async function insertNotices(tx: Tx, shop: string, notices: NewNotice[], at: Date): Promise<number> {
  let created = 0;
  for (const n of notices) {
    const taken = await tx.$queryRaw<{ key: string }[]>`
      SELECT "key" FROM "CustomerNoticeLine" WHERE "shop" = ${shop} AND "key" = ANY(${n.lineKeys.map((k) => k.key)}::text[])`;
    const takenKeys = new Set(taken.map((t) => t.key));
    const lines = n.lineKeys.filter((k) => !takenKeys.has(k.key));
    if (lines.length === 0) continue;
    const row = await tx.$queryRaw<{ id: bigint }[]>`
      INSERT INTO "CustomerNotice" ("shop", "key", "orderId", "orderName", "kind", "data", "status", "availableAt", "messageId", "lastError", "createdAt")
      VALUES (${shop}, ${n.key}, ${n.orderId}, ${n.orderName}, ${n.kind}, ${JSON.stringify(n.data)}::jsonb, ${n.status}, ${at}, ${n.messageId}, ${n.lastError}, ${at})
      ON CONFLICT ("shop", "key") DO NOTHING RETURNING "id"`;
    if (row.length === 0) continue;
    await tx.$executeRaw`
      INSERT INTO "CustomerNoticeLine" ("shop", "key", "noticeId", "backorderLineId")
      SELECT ${shop}, x.k, ${row[0].id}, x.l FROM unnest(${lines.map((l) => l.key)}::text[], ${lines.map((l) => l.backorderLineId)}::bigint[]) AS x(k, l)
      ON CONFLICT ("shop", "key") DO NOTHING`;
    created++;
  }
  return created;
}

export type ClaimedNotice = { id: bigint; key: string; orderId: bigint; orderName: string; kind: string; data: unknown; messageId: string; attempts: number };

/**
 * Notices whose send was interrupted (the process died between the claim and the result): the
 * SMTP server may have accepted them, so they are not sent again but marked uncertain.
 */
export async function markInterruptedNotices(shop: string, at: Date): Promise<number> {
  return prisma.$executeRaw`
    UPDATE "CustomerNotice" SET "status" = 'uncertain', "claimToken" = NULL,
           "lastError" = 'interrupted during the SMTP exchange: not sent again, to avoid a duplicate'
     WHERE "shop" = ${shop} AND "status" = 'sending' AND "claimedUntil" < ${at}`;
}

/** Claims due notices: pending -> sending, committed BEFORE the SMTP exchange (the record that it may have gone out). */
export function claimNotices(shop: string, token: string, at: Date, leaseMs: number, limit: number): Promise<ClaimedNotice[]> {
  const until = new Date(at.getTime() + leaseMs);
  return prisma.$queryRaw<ClaimedNotice[]>`
    UPDATE "CustomerNotice" n SET "status" = 'sending', "claimToken" = ${token}, "claimedUntil" = ${until}, "attempts" = n."attempts" + 1
      FROM (SELECT "id" FROM "CustomerNotice"
             WHERE "shop" = ${shop} AND "status" = 'pending' AND "availableAt" <= ${at}
             ORDER BY "availableAt", "id" LIMIT ${limit} FOR UPDATE SKIP LOCKED) c
     WHERE n."id" = c."id"
    RETURNING n."id", n."key", n."orderId", n."orderName", n."kind", n."data", n."messageId", n."attempts"`;
}

export type NoticeOutcome =
  | { status: "sent"; to: string; at: Date }
  | { status: "skipped" | "failed"; at: Date; error: string }
  | { status: "pending"; retryAt: Date; error: string };

/** Settles a claimed notice; false when the claim was lost. */
export async function settleNotice(id: bigint, token: string, o: NoticeOutcome): Promise<boolean> {
  const n =
    o.status === "sent"
      ? await prisma.$executeRaw`
          UPDATE "CustomerNotice" SET "status" = 'sent', "to" = ${o.to}, "sentAt" = ${o.at}, "lastError" = NULL, "claimToken" = NULL, "claimedUntil" = NULL
           WHERE "id" = ${id} AND "claimToken" = ${token} AND "status" = 'sending'`
      : o.status === "pending"
        ? await prisma.$executeRaw`
            UPDATE "CustomerNotice" SET "status" = 'pending', "availableAt" = ${o.retryAt}, "lastError" = ${o.error}, "claimToken" = NULL, "claimedUntil" = NULL
             WHERE "id" = ${id} AND "claimToken" = ${token} AND "status" = 'sending'`
        : await prisma.$executeRaw`
            UPDATE "CustomerNotice" SET "status" = ${o.status}, "lastError" = ${o.error}, "claimToken" = NULL, "claimedUntil" = NULL
             WHERE "id" = ${id} AND "claimToken" = ${token} AND "status" = 'sending'`;
  return n === 1;
}

export type NoticeRecipient = { customerEmail: string | null; customerName: string | null };

/** Who the order's notices go to: the order's customer as copied onto its backorder lines. */
export async function noticeRecipient(shop: string, orderId: bigint): Promise<NoticeRecipient | null> {
  const rows = await prisma.$queryRaw<NoticeRecipient[]>`
    SELECT "customerEmail", "customerName" FROM "BackorderLine"
     WHERE "shop" = ${shop} AND "orderId" = ${orderId} ORDER BY ("customerEmail" IS NULL), "id" LIMIT 1`;
  return rows[0] ?? null;
}

export async function nextNoticeAt(shop: string): Promise<Date | null> {
  const rows = await prisma.$queryRaw<{ at: Date | null }[]>`
    SELECT min(CASE WHEN "status" = 'pending' THEN "availableAt" ELSE "claimedUntil" END) AS "at"
      FROM "CustomerNotice" WHERE "shop" = ${shop} AND "status" IN ('pending', 'sending')`;
  return rows[0]?.at ?? null;
}

export async function shopsWithDueNotices(at: Date): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ shop: string }[]>`
    SELECT DISTINCT "shop" FROM "CustomerNotice"
     WHERE ("status" = 'pending' AND "availableAt" <= ${at}) OR ("status" = 'sending' AND "claimedUntil" < ${at})`;
  return rows.map((r) => r.shop);
}

export function noticesOfShop(shop: string, o: { orderIds?: bigint[]; status?: string[] } = {}) {
  return prisma.customerNotice.findMany({
    where: { shop, ...(o.orderIds ? { orderId: { in: o.orderIds } } : {}), ...(o.status ? { status: { in: o.status } } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, orderId: true, orderName: true, kind: true, status: true, to: true, createdAt: true, sentAt: true, messageId: true, lastError: true, attempts: true },
  });
}

// ---- admin and detection reads -----------------------------------------------------------------

export type LinePromiseView = { backorderLineId: bigint; status: string; closedReason: string | null; earliest: string | null; latest: string | null; phase: string; version: number; setAt: Date; basis: unknown };

export function promisesOfLines(shop: string, lineIds: bigint[]): Promise<LinePromiseView[]> {
  if (lineIds.length === 0) return Promise.resolve([]);
  return prisma.linePromise.findMany({
    where: { shop, backorderLineId: { in: lineIds } },
    select: { backorderLineId: true, status: true, closedReason: true, earliest: true, latest: true, phase: true, version: true, setAt: true, basis: true },
  });
}

/** Every promise of the shop (scenario results, reports). */
export function promisesOfShop(shop: string): Promise<LinePromiseView[]> {
  return prisma.linePromise.findMany({
    where: { shop },
    orderBy: { backorderLineId: "asc" },
    select: { backorderLineId: true, status: true, closedReason: true, earliest: true, latest: true, phase: true, version: true, setAt: true, basis: true },
  });
}

export function promiseHistoryOf(shop: string, lineIds: bigint[]) {
  if (lineIds.length === 0) return Promise.resolve([]);
  return prisma.promiseHistory.findMany({
    where: { shop, backorderLineId: { in: lineIds } },
    orderBy: [{ backorderLineId: "asc" }, { version: "asc" }],
    select: { backorderLineId: true, version: true, at: true, earliest: true, latest: true, phase: true, reason: true, change: true },
  });
}

// ---- privacy and purge -------------------------------------------------------------------------

/** customers/redact: recipients of the orders' notices go, and unsent ones are not sent. */
export async function redactNoticesOfOrders(tx: Tx, shop: string, orderIds: bigint[]): Promise<void> {
  if (orderIds.length === 0) return;
  await tx.$executeRaw`
    UPDATE "CustomerNotice" SET "to" = NULL,
           "status" = CASE WHEN "status" = 'pending' THEN 'skipped' ELSE "status" END,
           "lastError" = CASE WHEN "status" = 'pending' THEN 'customer data redacted' ELSE "lastError" END
     WHERE "shop" = ${shop} AND "orderId" = ANY(${orderIds}::bigint[])`;
}

export async function purgePromiseData(tx: Tx, shop: string): Promise<void> {
  await tx.customerNoticeLine.deleteMany({ where: { shop } });
  await tx.customerNotice.deleteMany({ where: { shop } });
  await tx.promiseMetafield.deleteMany({ where: { shop } });
  await tx.promiseHistory.deleteMany({ where: { shop } });
  await tx.linePromise.deleteMany({ where: { shop } });
  await tx.promiseShopState.deleteMany({ where: { shop } });
  await tx.promiseSettings.deleteMany({ where: { shop } });
}
