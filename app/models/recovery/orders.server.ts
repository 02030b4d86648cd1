// Recovery's per-order reads and writes: an order's lines and backorders as the app mirrors them,
// its recovery state (the customer's answer, the holds as last synced), spent customer links, and
// the orders whose holds must follow a change.
import type { Prisma } from "@prisma/client";
import prisma from "../../db.server";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

export type OrderHeader = { id: bigint; name: string; channel: string; cancelledAt: Date | null; customerName: string | null; email: string | null; createdAt: Date };

export function findOrderHeader(shop: string, orderId: bigint, client: Client = prisma): Promise<OrderHeader | null> {
  return client.order.findUnique({
    where: { shop_id: { shop, id: orderId } },
    select: { id: true, name: true, channel: true, cancelledAt: true, customerName: true, email: true, createdAt: true },
  });
}

export type MirroredOrderLine = {
  id: bigint;
  sku: string | null;
  title: string;
  variantId: bigint | null;
  quantity: number;
  openQuantity: number;
  currentQuantity: number | null;
  unitPrice: number | null;
};

export function orderLinesOf(shop: string, orderId: bigint, client: Client = prisma): Promise<MirroredOrderLine[]> {
  return client.$queryRaw<MirroredOrderLine[]>`
    SELECT "id", "sku", "title", "variantId", "quantity", "openQuantity", "currentQuantity", "unitPrice"::float8 AS "unitPrice"
      FROM "OrderLine" WHERE "shop" = ${shop} AND "orderId" = ${orderId} ORDER BY "id"`;
}

export type OrderBackorder = {
  id: bigint;
  orderId: bigint;
  lineItemId: bigint;
  locationId: bigint;
  inventoryItemId: bigint;
  variantId: bigint | null;
  sku: string | null;
  title: string | null;
  status: string;
  quantityOrdered: number;
  quantityBackordered: number;
  orderName: string;
  customerEmail: string | null;
  promiseEarliest: string | null;
  promiseLatest: string | null;
};

/** The order's backorder lines with their current promise (if the promise engineer's table has one). */
export function orderBackorders(shop: string, orderIds: bigint[], client: Client = prisma): Promise<OrderBackorder[]> {
  if (orderIds.length === 0) return Promise.resolve([]);
  return client.$queryRaw<OrderBackorder[]>`
    SELECT b."id", b."orderId", b."lineItemId", b."locationId", b."inventoryItemId", b."variantId", b."sku", b."title", b."status",
           b."quantityOrdered", b."quantityBackordered", b."orderName", b."customerEmail",
           CASE WHEN p."status" = 'open' THEN p."earliest" END AS "promiseEarliest",
           CASE WHEN p."status" = 'open' THEN p."latest" END AS "promiseLatest"
      FROM "BackorderLine" b LEFT JOIN "LinePromise" p ON p."backorderLineId" = b."id"
     WHERE b."shop" = ${shop} AND b."orderId" = ANY(${orderIds}::bigint[])
     ORDER BY b."orderId", b."id"`;
}

// ---- recovery state ------------------------------------------------------------------------------

export type OrderRecoveryRow = {
  orderId: bigint;
  orderName: string;
  ruleOverride: string | null;
  choice: string | null;
  choiceAt: Date | null;
  fulfillmentOrders: unknown;
  heldHandles: string[];
  holdNotes: unknown;
  holdsSyncedAt: Date | null;
};

const RECOVERY_SELECT = { orderId: true, orderName: true, ruleOverride: true, choice: true, choiceAt: true, fulfillmentOrders: true, heldHandles: true, holdNotes: true, holdsSyncedAt: true } as const;

export function findOrderRecovery(shop: string, orderId: bigint, client: Client = prisma): Promise<OrderRecoveryRow | null> {
  return client.orderRecovery.findUnique({ where: { shop_orderId: { shop, orderId } }, select: RECOVERY_SELECT });
}

export function orderRecoveries(shop: string, orderIds: bigint[], client: Client = prisma): Promise<OrderRecoveryRow[]> {
  if (orderIds.length === 0) return Promise.resolve([]);
  return client.orderRecovery.findMany({ where: { shop, orderId: { in: orderIds } }, select: RECOVERY_SELECT });
}

export async function recordChoice(tx: Tx, shop: string, o: { orderId: bigint; orderName: string; choice: string; ruleOverride: string | null; at: Date }): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "OrderRecovery" ("shop", "orderId", "orderName", "choice", "choiceAt", "ruleOverride", "updatedAt")
    VALUES (${shop}, ${o.orderId}, ${o.orderName}, ${o.choice}, ${o.at}, ${o.ruleOverride}, ${o.at})
    ON CONFLICT ("shop", "orderId") DO UPDATE SET "choice" = EXCLUDED."choice", "choiceAt" = EXCLUDED."choiceAt",
           "ruleOverride" = COALESCE(EXCLUDED."ruleOverride", "OrderRecovery"."ruleOverride"), "updatedAt" = EXCLUDED."updatedAt"`;
}

export async function recordHoldSync(
  shop: string,
  o: { orderId: bigint; orderName: string; fulfillmentOrders: Prisma.InputJsonValue; heldHandles: string[]; notes: Prisma.InputJsonValue; at: Date },
): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO "OrderRecovery" ("shop", "orderId", "orderName", "fulfillmentOrders", "heldHandles", "holdNotes", "holdsSyncedAt", "updatedAt")
    VALUES (${shop}, ${o.orderId}, ${o.orderName}, ${JSON.stringify(o.fulfillmentOrders)}::jsonb, ${o.heldHandles}::text[], ${JSON.stringify(o.notes)}::jsonb, ${o.at}, ${o.at})
    ON CONFLICT ("shop", "orderId") DO UPDATE SET "fulfillmentOrders" = EXCLUDED."fulfillmentOrders", "heldHandles" = EXCLUDED."heldHandles",
           "holdNotes" = EXCLUDED."holdNotes", "holdsSyncedAt" = EXCLUDED."holdsSyncedAt", "updatedAt" = EXCLUDED."updatedAt"`;
}

/** Of these orders, those this app holds (anything to release) — the rest need no hold sync to release. */
export async function ordersWithHolds(tx: Tx, shop: string, orderIds: bigint[]): Promise<bigint[]> {
  if (orderIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ orderId: bigint }[]>`
    SELECT "orderId" FROM "OrderRecovery" WHERE "shop" = ${shop} AND "orderId" = ANY(${orderIds}::bigint[]) AND cardinality("heldHandles") > 0`;
  return rows.map((r) => r.orderId);
}

// ---- spent links ---------------------------------------------------------------------------------

/** Spends a link: false when it was spent already (the key is unique). */
export async function spendCustomerLink(tx: Tx, o: { key: string; shop: string; orderId: bigint; choice: string; at: Date }): Promise<boolean> {
  const n = await tx.$executeRaw`
    INSERT INTO "SpentCustomerLink" ("key", "shop", "orderId", "choice", "spentAt") VALUES (${o.key}, ${o.shop}, ${o.orderId}, ${o.choice}, ${o.at})
    ON CONFLICT ("key") DO NOTHING`;
  return n === 1;
}

export function findSpentLink(key: string, client: Client = prisma) {
  return client.spentCustomerLink.findUnique({ where: { key } });
}

// ---- events ------------------------------------------------------------------------------------

/** Locks the order's backorder lines for the rest of the transaction (a choice and aging never race). */
export async function lockOrderBackorders(tx: Tx, shop: string, orderId: bigint): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "BackorderLine" WHERE "shop" = ${shop} AND "orderId" = ${orderId} FOR UPDATE`;
}

/** Closes lines by hand (status `closed`): the reason stays on the line's aging row and in the trail. */
export async function closeBackorderLines(tx: Tx, shop: string, ids: bigint[], at: Date): Promise<number> {
  if (ids.length === 0) return 0;
  return tx.$executeRaw`
    UPDATE "BackorderLine" SET "status" = 'closed', "reasonCode" = 'closed_by_staff', "resolvedAt" = ${at}, "updatedAt" = ${at}
     WHERE "shop" = ${shop} AND "id" = ANY(${ids}::bigint[]) AND "status" = 'backordered'`;
}

export type LineRef = { id: bigint; orderId: bigint; orderName: string; status: string; lineItemId: bigint; quantityBackordered: number };

export function backorderLinesByIds(shop: string, ids: bigint[], client: Client = prisma): Promise<LineRef[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return client.backorderLine.findMany({
    where: { shop, id: { in: ids } },
    orderBy: { id: "asc" },
    select: { id: true, orderId: true, orderName: true, status: true, lineItemId: true, quantityBackordered: true },
  });
}
