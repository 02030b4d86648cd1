// The order mirror: orders and their lines as Shopify last described them, written set-based (one
// statement per kind of change, whatever the batch size). Every write happens under the shop's
// stock lock (models/stock-lock.server.ts), inside the transaction that evaluates what it changed.
import type { Prisma } from "@prisma/client";
import prisma from "../db.server";

type Tx = Prisma.TransactionClient;

export type OrderWrite = {
  id: bigint;
  name: string;
  channel: string;
  createdAt: Date;
  /** Shopify updated_at of this version, then X-Shopify-Triggered-At: an older version never wins. */
  updatedAt: Date;
  triggeredAt: Date | null;
  cancelledAt: Date | null;
  closedAt: Date | null;
  test: boolean;
  customerId: bigint | null;
  email: string | null;
  customerName: string | null;
  totalPrice: string | null;
};

/**
 * Upserts the orders whose version is not older than the stored one, in one statement. Returns the
 * ids written (a stale version is left out). The same version applies again, so a delivery
 * processed twice has the same outcome twice.
 */
export async function upsertOrdersIfNewer(tx: Tx, shop: string, orders: OrderWrite[]): Promise<Set<bigint>> {
  if (orders.length === 0) return new Set();
  const col = <K extends keyof OrderWrite>(k: K) => orders.map((o) => o[k]);
  const rows = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "Order" ("shop", "id", "name", "channel", "createdAt", "sourceUpdatedAt", "sourceTriggeredAt",
                         "cancelledAt", "closedAt", "test", "customerId", "email", "customerName", "totalPrice")
    SELECT ${shop}, x.* FROM unnest(${col("id")}::bigint[], ${col("name")}::text[], ${col("channel")}::text[],
                                    ${col("createdAt")}::timestamp[], ${col("updatedAt")}::timestamp[], ${col("triggeredAt")}::timestamp[],
                                    ${col("cancelledAt")}::timestamp[], ${col("closedAt")}::timestamp[], ${col("test")}::boolean[],
                                    ${col("customerId")}::bigint[], ${col("email")}::text[], ${col("customerName")}::text[],
                                    ${col("totalPrice")}::numeric[]) AS x
    ON CONFLICT ("shop", "id") DO UPDATE SET
      "name" = EXCLUDED."name", "channel" = EXCLUDED."channel", "sourceUpdatedAt" = EXCLUDED."sourceUpdatedAt",
      "sourceTriggeredAt" = EXCLUDED."sourceTriggeredAt", "cancelledAt" = EXCLUDED."cancelledAt",
      "closedAt" = EXCLUDED."closedAt", "test" = EXCLUDED."test",
      "customerId" = EXCLUDED."customerId", "email" = EXCLUDED."email", "customerName" = EXCLUDED."customerName",
      "totalPrice" = EXCLUDED."totalPrice"
    WHERE ("Order"."sourceUpdatedAt", COALESCE("Order"."sourceTriggeredAt", 'epoch'::timestamp))
       <= (EXCLUDED."sourceUpdatedAt", COALESCE(EXCLUDED."sourceTriggeredAt", 'epoch'::timestamp))
    RETURNING "id"`;
  return new Set(rows.map((r) => r.id));
}

export type StoredOrderLine = {
  id: bigint;
  orderId: bigint;
  variantId: bigint | null;
  inventoryItemId: bigint | null;
  locationId: bigint | null;
  locationSource: string | null;
  openQuantity: number;
};

export function findLinesOfOrders(tx: Tx, shop: string, orderIds: bigint[]): Promise<StoredOrderLine[]> {
  if (orderIds.length === 0) return Promise.resolve([]);
  return tx.$queryRaw`
    SELECT "id", "orderId", "variantId", "inventoryItemId", "locationId", "locationSource", "openQuantity"
      FROM "OrderLine" WHERE "shop" = ${shop} AND "orderId" = ANY(${orderIds}::bigint[])`;
}

export type OrderLineWrite = {
  id: bigint;
  orderId: bigint;
  variantId: bigint | null;
  inventoryItemId: bigint | null;
  sku: string | null;
  title: string;
  quantity: number;
  openQuantity: number;
  /** Units the order still has (fulfilled ones count); null when the version did not say. */
  currentQuantity?: number | null;
  locationId: bigint | null;
  locationSource: string | null;
  unitPrice: string | null;
};

/**
 * Upserts order lines (one statement) of orders already stored: each line takes its copies of the
 * order's creation time, channel, cancellation and total from the stored order, in the same
 * statement, so the copies never disagree with the order they were written with.
 */
export async function upsertOrderLines(tx: Tx, shop: string, lines: OrderLineWrite[]): Promise<void> {
  if (lines.length === 0) return;
  const col = <K extends keyof OrderLineWrite>(k: K) => lines.map((l) => l[k]);
  await tx.$executeRaw`
    INSERT INTO "OrderLine" ("shop", "id", "orderId", "variantId", "inventoryItemId", "sku", "title", "quantity",
                             "openQuantity", "locationId", "locationSource", "unitPrice", "currentQuantity",
                             "orderCreatedAt", "orderChannel", "orderCancelled", "orderTotal")
    SELECT ${shop}, x.*, o."createdAt", o."channel", o."cancelledAt" IS NOT NULL, o."totalPrice"
      FROM unnest(${col("id")}::bigint[], ${col("orderId")}::bigint[], ${col("variantId")}::bigint[],
                  ${col("inventoryItemId")}::bigint[], ${col("sku")}::text[], ${col("title")}::text[],
                  ${col("quantity")}::int[], ${col("openQuantity")}::int[], ${col("locationId")}::bigint[],
                  ${col("locationSource")}::text[], ${col("unitPrice")}::numeric[],
                  ${lines.map((l) => l.currentQuantity ?? null)}::int[])
           AS x("id", "orderId", "variantId", "inventoryItemId", "sku", "title", "quantity", "openQuantity", "locationId",
                "locationSource", "unitPrice", "currentQuantity")
      JOIN "Order" o ON o."shop" = ${shop} AND o."id" = x."orderId"
    ON CONFLICT ("shop", "id") DO UPDATE SET
      "orderId" = EXCLUDED."orderId", "variantId" = EXCLUDED."variantId", "inventoryItemId" = EXCLUDED."inventoryItemId",
      "sku" = EXCLUDED."sku", "title" = EXCLUDED."title", "quantity" = EXCLUDED."quantity",
      "openQuantity" = EXCLUDED."openQuantity", "locationId" = EXCLUDED."locationId",
      "locationSource" = EXCLUDED."locationSource", "unitPrice" = EXCLUDED."unitPrice",
      "currentQuantity" = EXCLUDED."currentQuantity", "orderCreatedAt" = EXCLUDED."orderCreatedAt",
      "orderChannel" = EXCLUDED."orderChannel", "orderCancelled" = EXCLUDED."orderCancelled", "orderTotal" = EXCLUDED."orderTotal"`;
}

/**
 * Lines an order edit removed drop to openQuantity 0 rather than disappear (a backorder may point at
 * them); their copies of the order's fields follow the order like every other line's. `keep` lists
 * every line id the orders still have.
 */
export async function closeRemovedLines(tx: Tx, shop: string, orderIds: bigint[], keep: bigint[]): Promise<void> {
  if (orderIds.length === 0) return;
  await tx.$executeRaw`
    UPDATE "OrderLine" ol
       SET "openQuantity" = 0, "currentQuantity" = 0, "orderCreatedAt" = o."createdAt", "orderChannel" = o."channel",
           "orderCancelled" = o."cancelledAt" IS NOT NULL, "orderTotal" = o."totalPrice"
      FROM "Order" o
     WHERE ol."shop" = ${shop} AND ol."orderId" = ANY(${orderIds}::bigint[]) AND ol."id" <> ALL(${keep}::bigint[])
       AND o."shop" = ol."shop" AND o."id" = ol."orderId"
       AND (ol."openQuantity" <> 0 OR COALESCE(ol."currentQuantity", 1) <> 0 OR ol."orderCancelled" <> (o."cancelledAt" IS NOT NULL)
            OR ol."orderChannel" <> o."channel" OR ol."orderCreatedAt" <> o."createdAt" OR ol."orderTotal" IS DISTINCT FROM o."totalPrice")`;
}

/** Sets where lines are assigned (from fulfillment orders); returns the changed lines with their location and source from before. */
export async function setLineLocations(
  tx: Tx,
  shop: string,
  updates: { lineId: bigint; locationId: bigint; source: string }[],
): Promise<StoredOrderLine[]> {
  if (updates.length === 0) return [];
  return tx.$queryRaw`
    UPDATE "OrderLine" l SET "locationId" = u.loc, "locationSource" = u.src
      FROM unnest(${updates.map((u) => u.lineId)}::bigint[], ${updates.map((u) => u.locationId)}::bigint[], ${updates.map((u) => u.source)}::text[]) AS u(id, loc, src),
           (SELECT "id", "locationId" AS "oldLocationId", "locationSource" AS "oldLocationSource" FROM "OrderLine"
             WHERE "shop" = ${shop} AND "id" = ANY(${updates.map((u) => u.lineId)}::bigint[])) AS old
     WHERE l."shop" = ${shop} AND l."id" = u.id AND old."id" = u.id
       AND (l."locationId" IS DISTINCT FROM u.loc OR l."locationSource" IS DISTINCT FROM u.src)
    RETURNING l."id", l."orderId", l."variantId", l."inventoryItemId", old."oldLocationId" AS "locationId",
              old."oldLocationSource" AS "locationSource", l."openQuantity"`;
}

/** Lines Shopify assigns to no location (no open fulfillment order holds them): they stop waiting. Returns their items. */
export async function markLinesUnassigned(tx: Tx, shop: string, lineIds: bigint[]): Promise<bigint[]> {
  if (lineIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ inventoryItemId: bigint | null }[]>`
    UPDATE "OrderLine" SET "locationSource" = 'unassigned' WHERE "shop" = ${shop} AND "id" = ANY(${lineIds}::bigint[]) AND "locationSource" = 'pending'
    RETURNING "inventoryItemId"`;
  return rows.flatMap((r) => (r.inventoryItemId === null ? [] : [r.inventoryItemId]));
}

/**
 * Maps lines stored before their variant's inventory item was known (products/update arrived
 * later). Returns the lines changed, with their new item.
 */
export function mapUnmappedLines(tx: Tx, shop: string, variants: { variantId: bigint; itemId: bigint; sku: string | null }[]): Promise<StoredOrderLine[]> {
  if (variants.length === 0) return Promise.resolve([]);
  return tx.$queryRaw`
    UPDATE "OrderLine" l SET "inventoryItemId" = v.item, "sku" = COALESCE(l."sku", v.sku)
      FROM unnest(${variants.map((v) => v.variantId)}::bigint[], ${variants.map((v) => v.itemId)}::bigint[], ${variants.map((v) => v.sku)}::text[]) AS v(variant, item, sku)
     WHERE l."shop" = ${shop} AND l."variantId" = v.variant AND l."inventoryItemId" IS NULL
    RETURNING l."id", l."orderId", l."variantId", l."inventoryItemId", l."locationId", l."locationSource", l."openQuantity"`;
}

/** Open lines waiting for Shopify's assigned location, per order (the lookup's targets). */
export function ordersWithPendingLocations(tx: Tx, shop: string, limit: number): Promise<{ orderId: bigint; lines: number }[]> {
  return tx.$queryRaw`
    SELECT "orderId", count(*)::int AS lines FROM "OrderLine"
     WHERE "shop" = ${shop} AND "locationSource" = 'pending' AND "openQuantity" > 0
     GROUP BY "orderId" ORDER BY "orderId" LIMIT ${limit}`;
}

export async function countPendingLocationLines(shop: string, client: Tx | typeof prisma = prisma): Promise<number> {
  const [row] = await client.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "OrderLine" WHERE "shop" = ${shop} AND "locationSource" = 'pending' AND "openQuantity" > 0`;
  return row.n;
}

export function findOrderVersions(shop: string, ids: bigint[], tx: Tx | typeof prisma = prisma): Promise<{ id: bigint; sourceUpdatedAt: Date }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return tx.$queryRaw`SELECT "id", "sourceUpdatedAt" FROM "Order" WHERE "shop" = ${shop} AND "id" = ANY(${ids}::bigint[])`;
}
