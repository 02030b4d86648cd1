import type { Prisma } from "@prisma/client";

type Tx = Prisma.TransactionClient;

export function positionBackorders(tx: Tx, shop: string, inventoryItemId: bigint, locationId: bigint) {
  return tx.backorderLine.findMany({ where: { shop, inventoryItemId, locationId } });
}

/** Lines on a position that are open now, or that a stored backorder points at. */
export function positionDemand(tx: Tx, shop: string, inventoryItemId: bigint, locationId: bigint, backorderedLineIds: bigint[]) {
  return tx.orderLine.findMany({
    where: {
      shop,
      inventoryItemId,
      locationId,
      OR: [{ openQuantity: { gt: 0 } }, { id: { in: backorderedLineIds } }],
    },
    include: { order: true },
  });
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
