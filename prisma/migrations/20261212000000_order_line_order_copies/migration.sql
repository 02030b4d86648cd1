-- What stock evaluation ranks a line by, copied from its order onto the line: the order's creation
-- time, channel, cancellation and total. A re-plan reads every open line of the positions it
-- evaluates, and joining each to "Order" was ~40% of that read (ADR 0009). The order mirror writes the
-- copies in the statements that write the lines (models/orders.server.ts), from the stored order,
-- so they cannot disagree with it.
ALTER TABLE "OrderLine" ADD COLUMN "orderCreatedAt" TIMESTAMP(3),
                        ADD COLUMN "orderChannel" TEXT,
                        ADD COLUMN "orderCancelled" BOOLEAN NOT NULL DEFAULT false,
                        ADD COLUMN "orderTotal" DECIMAL(14,2);

UPDATE "OrderLine" ol
   SET "orderCreatedAt" = o."createdAt", "orderChannel" = o."channel",
       "orderCancelled" = o."cancelledAt" IS NOT NULL, "orderTotal" = o."totalPrice"
  FROM "Order" o
 WHERE o."shop" = ol."shop" AND o."id" = ol."orderId";

ALTER TABLE "OrderLine" ALTER COLUMN "orderCreatedAt" SET NOT NULL,
                        ALTER COLUMN "orderChannel" SET NOT NULL;

-- Open promises by item: evaluation reads the latest promised day of the lines it ranks here,
-- a handful of rows per position, instead of a lookup per demand line.
CREATE INDEX "LinePromise_open_item_idx" ON "LinePromise" ("shop", "inventoryItemId") WHERE "status" = 'open';
