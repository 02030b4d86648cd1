import type { Prisma } from "@prisma/client";
import type { ParsedOrder } from "../webhooks/order-payload";

type Tx = Prisma.TransactionClient;

export type OrderLineWrite = {
  id: bigint;
  variantId: bigint | null;
  inventoryItemId: bigint | null;
  sku: string | null;
  title: string;
  quantity: number;
  openQuantity: number;
  locationId: bigint | null;
};

/**
 * Upserts the order only if this version is not older than the stored one (updated_at, then
 * X-Shopify-Triggered-At): one atomic statement. Returns false for a stale version.
 */
export async function upsertOrderIfNewer(tx: Tx, shop: string, o: ParsedOrder, triggeredAt: Date | null): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "Order" ("shop", "id", "name", "channel", "createdAt", "sourceUpdatedAt", "sourceTriggeredAt",
                         "cancelledAt", "closedAt", "test", "customerId", "email", "customerName")
    VALUES (${shop}, ${o.id}, ${o.name}, ${o.channel}, ${o.createdAt}, ${o.updatedAt}, ${triggeredAt},
            ${o.cancelledAt}, ${o.closedAt}, ${o.test}, ${o.customerId}, ${o.email}, ${o.customerName})
    ON CONFLICT ("shop", "id") DO UPDATE SET
      "name" = EXCLUDED."name", "channel" = EXCLUDED."channel", "sourceUpdatedAt" = EXCLUDED."sourceUpdatedAt",
      "sourceTriggeredAt" = EXCLUDED."sourceTriggeredAt", "cancelledAt" = EXCLUDED."cancelledAt",
      "closedAt" = EXCLUDED."closedAt", "test" = EXCLUDED."test", "customerId" = EXCLUDED."customerId",
      "email" = EXCLUDED."email", "customerName" = EXCLUDED."customerName"
    WHERE ("Order"."sourceUpdatedAt", COALESCE("Order"."sourceTriggeredAt", 'epoch'::timestamp))
       <= (EXCLUDED."sourceUpdatedAt", COALESCE(EXCLUDED."sourceTriggeredAt", 'epoch'::timestamp))
    RETURNING "id"`;
  return rows.length > 0;
}

export function findOrderLines(tx: Tx, shop: string, orderId: bigint) {
  return tx.orderLine.findMany({ where: { shop, orderId } });
}

export async function replaceOrderLines(tx: Tx, shop: string, orderId: bigint, lines: OrderLineWrite[]): Promise<void> {
  // Lines removed by an order edit drop to openQuantity 0 rather than disappear: a backorder may point at them.
  const keep = lines.map((l) => l.id);
  await tx.orderLine.updateMany({ where: { shop, orderId, id: { notIn: keep } }, data: { openQuantity: 0 } });
  for (const l of lines) {
    await tx.orderLine.upsert({
      where: { shop_id: { shop, id: l.id } },
      create: { shop, orderId, ...l },
      update: { ...l },
    });
  }
}
