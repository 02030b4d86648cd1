-- The delivery table becomes the pipeline's queue (docs/decisions/0004-delivery-queue.md):
-- raw signed bytes, claim/lease columns, retry time, trimming of processed bodies.

-- Every session writes UTC wall time into "timestamp without time zone" columns.
ALTER TABLE "Shop" ALTER COLUMN "installedAt" SET DEFAULT timezone('UTC', now());

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "country" TEXT,
ADD COLUMN     "ordersReconciledAt" TIMESTAMP(3);

-- WebhookDelivery: payload (jsonb) -> body (the bytes as signed), existing rows keep their JSON text.
ALTER TABLE "WebhookDelivery" ADD COLUMN "body" BYTEA;
UPDATE "WebhookDelivery" SET "body" = convert_to("payload"::text, 'UTF8');
ALTER TABLE "WebhookDelivery" ALTER COLUMN "body" SET NOT NULL;
ALTER TABLE "WebhookDelivery" DROP COLUMN "payload",
ADD COLUMN     "availableAt" TIMESTAMP(3) NOT NULL DEFAULT timezone('UTC', now()),
ADD COLUMN     "claimToken" TEXT,
ADD COLUMN     "claimedUntil" TIMESTAMP(3),
ADD COLUMN     "trimmedAt" TIMESTAMP(3),
ALTER COLUMN "triggeredAt" DROP NOT NULL,
ALTER COLUMN "receivedAt" SET DEFAULT timezone('UTC', now());

DROP INDEX "WebhookDelivery_status_receivedAt_idx";
-- The workers' claim: pending rows by time they may run, then arrival.
CREATE INDEX "WebhookDelivery_pending_idx" ON "WebhookDelivery"("availableAt", "id") WHERE "status" = 'received';
-- The trimming sweep: settled rows whose body still holds the full payload.
CREATE INDEX "WebhookDelivery_untrimmed_idx" ON "WebhookDelivery"("processedAt") WHERE "trimmedAt" IS NULL AND "status" <> 'received';

-- AlterTable
ALTER TABLE "InventoryItem" ADD COLUMN     "sourceUpdatedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "totalPrice" DECIMAL(14,2);

-- AlterTable: lines stored before this version had their location resolved already.
ALTER TABLE "OrderLine" ADD COLUMN     "locationSource" TEXT,
ADD COLUMN     "unitPrice" DECIMAL(14,2);
UPDATE "OrderLine" SET "locationSource" = 'fulfillment_order' WHERE "locationId" IS NOT NULL;

-- AlterTable
ALTER TABLE "ComplianceRequest" ADD COLUMN     "webhookId" TEXT;
ALTER TABLE "ComplianceRequest" ALTER COLUMN "receivedAt" SET DEFAULT timezone('UTC', now());

-- CreateTable
CREATE TABLE "FulfillmentOrder" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "locationId" BIGINT,
    "status" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FulfillmentOrder_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "FulfillmentOrderLine" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "fulfillmentOrderId" BIGINT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "lineItemId" BIGINT NOT NULL,
    "totalQuantity" INTEGER NOT NULL,
    "remainingQuantity" INTEGER NOT NULL,

    CONSTRAINT "FulfillmentOrderLine_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "LocationLookup" (
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "targetId" BIGINT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "LocationLookup_pkey" PRIMARY KEY ("shop","kind","targetId")
);

-- CreateIndex
CREATE INDEX "FulfillmentOrder_shop_orderId_idx" ON "FulfillmentOrder"("shop", "orderId");

-- CreateIndex
CREATE INDEX "FulfillmentOrderLine_shop_lineItemId_idx" ON "FulfillmentOrderLine"("shop", "lineItemId");

-- CreateIndex
CREATE INDEX "FulfillmentOrderLine_shop_fulfillmentOrderId_idx" ON "FulfillmentOrderLine"("shop", "fulfillmentOrderId");

-- CreateIndex
CREATE INDEX "LocationLookup_shop_notBefore_idx" ON "LocationLookup"("shop", "notBefore");

-- CreateIndex
CREATE INDEX "OrderLine_shop_locationSource_idx" ON "OrderLine"("shop", "locationSource");

-- CreateIndex
CREATE INDEX "OrderLine_shop_variantId_idx" ON "OrderLine"("shop", "variantId");

-- CreateIndex
CREATE UNIQUE INDEX "ComplianceRequest_shop_webhookId_key" ON "ComplianceRequest"("shop", "webhookId");
