// The reads behind the restock preview: a SKU's inventory item, its level at a location, and the
// lines waiting there with what the priority policy ranks them by.
import prisma from "../../db.server";

export type ItemRef = { id: bigint; sku: string | null; title: string | null; variantId: bigint | null };

export function itemsBySku(shop: string, sku: string): Promise<ItemRef[]> {
  return prisma.inventoryItem.findMany({ where: { shop, sku }, orderBy: { id: "asc" }, select: { id: true, sku: true, title: true, variantId: true } });
}

export function shopLocations(shop: string): Promise<{ id: bigint; name: string }[]> {
  return prisma.location.findMany({ where: { shop, active: true }, orderBy: { id: "asc" }, select: { id: true, name: true } });
}

export async function levelAt(shop: string, itemId: bigint, locationId: bigint): Promise<number | null> {
  const row = await prisma.inventoryLevel.findUnique({ where: { shop_inventoryItemId_locationId: { shop, inventoryItemId: itemId, locationId } }, select: { available: true } });
  return row?.available ?? null;
}

export type WaitingLine = {
  id: bigint;
  orderId: bigint;
  orderName: string;
  orderCreatedAt: Date;
  channel: string;
  quantityBackordered: number;
  totalPrice: number | null;
  promiseLatest: string | null;
};

/** Backordered lines at the position, with their order's value and latest promised day. */
export function waitingLinesAt(shop: string, itemId: bigint, locationId: bigint): Promise<WaitingLine[]> {
  return prisma.$queryRaw<WaitingLine[]>`
    SELECT b."id", b."orderId", b."orderName", b."orderCreatedAt", b."channel", b."quantityBackordered",
           o."totalPrice"::float8 AS "totalPrice", CASE WHEN p."status" = 'open' THEN p."latest" END AS "promiseLatest"
      FROM "BackorderLine" b
      LEFT JOIN "Order" o ON o."shop" = b."shop" AND o."id" = b."orderId"
      LEFT JOIN "LinePromise" p ON p."backorderLineId" = b."id"
     WHERE b."shop" = ${shop} AND b."inventoryItemId" = ${itemId} AND b."locationId" = ${locationId} AND b."status" = 'backordered' AND NOT b."settled"
     ORDER BY b."id"`;
}

/** Positions (item x location) with waiting lines, by SKU, for the preview's pickers. */
export function waitingPositions(shop: string): Promise<{ sku: string | null; inventoryItemId: bigint; locationId: bigint; lines: number; units: number }[]> {
  return prisma.$queryRaw`
    SELECT "sku", "inventoryItemId", "locationId", count(*)::int AS "lines", sum("quantityBackordered")::int AS "units"
      FROM "BackorderLine" WHERE "shop" = ${shop} AND "status" = 'backordered'
     GROUP BY "sku", "inventoryItemId", "locationId" ORDER BY "units" DESC, "sku" LIMIT 200`;
}

export type ReceiptRow = { eventId: bigint; purchaseOrderId: bigint; number: string; locationId: bigint; at: Date; lines: unknown };

/** The shop's latest purchase-order receipts (events `received`: SKUs and quantities), newest first. */
export function recentReceipts(shop: string, limit = 20): Promise<ReceiptRow[]> {
  return prisma.$queryRaw<ReceiptRow[]>`
    SELECT e."id" AS "eventId", po."id" AS "purchaseOrderId", po."number", po."locationId", e."at", e."detail"->'lines' AS "lines"
      FROM "PurchaseOrderEvent" e JOIN "PurchaseOrder" po ON po."id" = e."purchaseOrderId" AND po."shop" = e."shop"
     WHERE e."shop" = ${shop} AND e."kind" = 'received'
     ORDER BY e."id" DESC LIMIT ${limit}`;
}

/** Request ids of restocks already queued (which receipts were put into stock). */
export async function queuedRestockIds(shop: string, requestIds: string[]): Promise<Set<string>> {
  if (requestIds.length === 0) return new Set();
  const rows = await prisma.$queryRaw<{ key: string }[]>`
    SELECT "key" FROM "RecoveryAction" WHERE "shop" = ${shop} AND "key" = ANY(${requestIds.map((r) => `restock:${r}`)}::text[])`;
  return new Set(rows.map((r) => r.key.slice("restock:".length)));
}
