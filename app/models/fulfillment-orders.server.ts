// The fulfillment-order mirror: which location Shopify assigned each order line to.
import type { Prisma } from "@prisma/client";

type Tx = Prisma.TransactionClient;

export type FulfillmentOrderWrite = { id: bigint; orderId: bigint; locationId: bigint | null; status: string; updatedAt: Date };
export type FulfillmentOrderLineWrite = {
  id: bigint;
  fulfillmentOrderId: bigint;
  orderId: bigint;
  lineItemId: bigint;
  totalQuantity: number;
  remainingQuantity: number;
};

/** Replaces what is known of these fulfillment orders (the lookup answer is the whole truth for them). */
export async function replaceFulfillmentOrders(tx: Tx, shop: string, fos: FulfillmentOrderWrite[], lines: FulfillmentOrderLineWrite[]): Promise<void> {
  if (fos.length === 0) return;
  const ids = fos.map((f) => f.id);
  await tx.$executeRaw`
    INSERT INTO "FulfillmentOrder" ("shop", "id", "orderId", "locationId", "status", "updatedAt")
    SELECT ${shop}, x.* FROM unnest(${ids}::bigint[], ${fos.map((f) => f.orderId)}::bigint[], ${fos.map((f) => f.locationId)}::bigint[],
                                    ${fos.map((f) => f.status)}::text[], ${fos.map((f) => f.updatedAt)}::timestamp[]) AS x
    ON CONFLICT ("shop", "id") DO UPDATE SET "orderId" = EXCLUDED."orderId", "locationId" = EXCLUDED."locationId",
      "status" = EXCLUDED."status", "updatedAt" = EXCLUDED."updatedAt"`;
  await tx.$executeRaw`DELETE FROM "FulfillmentOrderLine" WHERE "shop" = ${shop} AND "fulfillmentOrderId" = ANY(${ids}::bigint[])`;
  if (lines.length === 0) return;
  const col = <K extends keyof FulfillmentOrderLineWrite>(k: K) => lines.map((l) => l[k]);
  await tx.$executeRaw`
    INSERT INTO "FulfillmentOrderLine" ("shop", "id", "fulfillmentOrderId", "orderId", "lineItemId", "totalQuantity", "remainingQuantity")
    SELECT ${shop}, x.* FROM unnest(${col("id")}::bigint[], ${col("fulfillmentOrderId")}::bigint[], ${col("orderId")}::bigint[],
                                    ${col("lineItemId")}::bigint[], ${col("totalQuantity")}::int[], ${col("remainingQuantity")}::int[]) AS x
    ON CONFLICT ("shop", "id") DO UPDATE SET "fulfillmentOrderId" = EXCLUDED."fulfillmentOrderId", "orderId" = EXCLUDED."orderId",
      "lineItemId" = EXCLUDED."lineItemId", "totalQuantity" = EXCLUDED."totalQuantity", "remainingQuantity" = EXCLUDED."remainingQuantity"`;
}

/**
 * Where each line is assigned, from the mirror: the open fulfillment order holding most of what
 * remains of it (a line split across locations counts where most of it ships from).
 */
export async function assignedLocations(tx: Tx, shop: string, lineIds: bigint[]): Promise<Map<bigint, bigint>> {
  if (lineIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ lineItemId: bigint; locationId: bigint }[]>`
    SELECT DISTINCT ON (l."lineItemId") l."lineItemId", f."locationId"
      FROM "FulfillmentOrderLine" l
      JOIN "FulfillmentOrder" f ON f."shop" = l."shop" AND f."id" = l."fulfillmentOrderId"
     WHERE l."shop" = ${shop} AND l."lineItemId" = ANY(${lineIds}::bigint[]) AND f."locationId" IS NOT NULL
       AND f."status" NOT IN ('closed', 'cancelled', 'incomplete')
     ORDER BY l."lineItemId", l."remainingQuantity" DESC, f."id"`;
  return new Map(rows.map((r) => [r.lineItemId, r.locationId]));
}
