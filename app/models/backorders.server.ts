import type { Prisma } from "@prisma/client";

type Tx = Prisma.TransactionClient;

export type StockPosition = readonly [inventoryItemId: bigint, locationId: bigint];

/**
 * Takes the transaction-scoped advisory locks of the given (item, location) positions, in one
 * statement and in the order of their lock keys: every transaction that locks several positions
 * takes them in the same order, so two of them can never wait on each other. Released at commit.
 */
export async function lockStockPositions(tx: Tx, shop: string, positions: readonly StockPosition[]): Promise<void> {
  if (positions.length === 0) return;
  const keys = [...new Set(positions.map(([item, loc]) => `${item}:${loc}`))];
  await tx.$executeRaw`
    SELECT pg_advisory_xact_lock(hashtext(${shop}), k)
      FROM (SELECT DISTINCT hashtext(key) AS k FROM unnest(${keys}::text[]) AS key ORDER BY 1) AS keys`;
}

export type PositionHead = {
  available: number;
  tracked: boolean | null;
  inventoryPolicy: string | null;
  sku: string | null;
  hasOpenBackorders: boolean;
};

/** One round trip: the stored level, the item's tracking and policy, and whether a line is backordered here. */
export async function positionHead(tx: Tx, shop: string, inventoryItemId: bigint, locationId: bigint): Promise<PositionHead | null> {
  const rows = await tx.$queryRaw<PositionHead[]>`
    SELECT l."available", i."tracked", i."inventoryPolicy", i."sku",
           EXISTS (SELECT 1 FROM "BackorderLine" b
                    WHERE b."shop" = l."shop" AND b."inventoryItemId" = l."inventoryItemId"
                      AND b."locationId" = l."locationId" AND b."status" = 'backordered') AS "hasOpenBackorders"
      FROM "InventoryLevel" l
      LEFT JOIN "InventoryItem" i ON i."shop" = l."shop" AND i."id" = l."inventoryItemId"
     WHERE l."shop" = ${shop} AND l."inventoryItemId" = ${inventoryItemId} AND l."locationId" = ${locationId}`;
  return rows[0] ?? null;
}

export function positionBackorders(tx: Tx, shop: string, inventoryItemId: bigint, locationId: bigint) {
  return tx.backorderLine.findMany({ where: { shop, inventoryItemId, locationId } });
}

export type DemandRow = {
  id: bigint;
  orderId: bigint;
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
};

/** Lines on a position that are open now, or that a stored backorder here points at, with their order (one round trip). */
export function positionDemand(tx: Tx, shop: string, inventoryItemId: bigint, locationId: bigint): Promise<DemandRow[]> {
  return tx.$queryRaw<DemandRow[]>`
    SELECT ol."id", ol."orderId", ol."variantId", ol."sku", ol."title", ol."quantity", ol."openQuantity",
           o."name" AS "orderName", o."createdAt" AS "orderCreatedAt", o."channel", o."cancelledAt",
           o."customerId", o."email", o."customerName"
      FROM "OrderLine" ol
      JOIN "Order" o ON o."shop" = ol."shop" AND o."id" = ol."orderId"
     WHERE ol."shop" = ${shop} AND ol."inventoryItemId" = ${inventoryItemId} AND ol."locationId" = ${locationId}
       AND (ol."openQuantity" > 0 OR EXISTS (
             SELECT 1 FROM "BackorderLine" b
              WHERE b."shop" = ol."shop" AND b."lineItemId" = ol."id" AND b."locationId" = ol."locationId"
                AND b."inventoryItemId" = ol."inventoryItemId"))`;
}

export function createBackorderLine(tx: Tx, data: Prisma.BackorderLineUncheckedCreateInput) {
  return tx.backorderLine.create({ data });
}

export function updateBackorderLine(tx: Tx, shop: string, id: bigint, data: Prisma.BackorderLineUncheckedUpdateInput) {
  return tx.backorderLine.update({ where: { id, shop }, data });
}

export function appendBackorderEvent(tx: Tx, data: Prisma.BackorderEventUncheckedCreateInput) {
  return tx.backorderEvent.create({ data });
}

export function positionsWithOpenBackorders(shop: string, client: Tx) {
  return client.backorderLine.findMany({
    where: { shop, status: "backordered" },
    distinct: ["inventoryItemId", "locationId"],
    select: { inventoryItemId: true, locationId: true },
  });
}
