-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "purgeAfter" TIMESTAMP(3),
    "timezone" TEXT,
    "currency" TEXT,
    "syncedAt" TIMESTAMP(3),
    "reconciledAt" TIMESTAMP(3),

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("domain")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "eventId" TEXT,
    "topic" TEXT NOT NULL,
    "apiVersion" TEXT,
    "triggeredAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "statusReason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Location" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Location_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "InventoryItem" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "variantId" BIGINT,
    "productId" BIGINT,
    "sku" TEXT,
    "title" TEXT,
    "tracked" BOOLEAN NOT NULL DEFAULT true,
    "inventoryPolicy" TEXT NOT NULL DEFAULT 'DENY',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InventoryItem_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "InventoryLevel" (
    "shop" TEXT NOT NULL,
    "inventoryItemId" BIGINT NOT NULL,
    "locationId" BIGINT NOT NULL,
    "available" INTEGER NOT NULL,
    "sourceUpdatedAt" TIMESTAMP(3) NOT NULL,
    "sourceTriggeredAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InventoryLevel_pkey" PRIMARY KEY ("shop","inventoryItemId","locationId")
);

-- CreateTable
CREATE TABLE "Order" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sourceUpdatedAt" TIMESTAMP(3) NOT NULL,
    "sourceTriggeredAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "test" BOOLEAN NOT NULL DEFAULT false,
    "customerId" BIGINT,
    "email" TEXT,
    "customerName" TEXT,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "OrderLine" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "variantId" BIGINT,
    "inventoryItemId" BIGINT,
    "sku" TEXT,
    "title" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "openQuantity" INTEGER NOT NULL,
    "locationId" BIGINT,

    CONSTRAINT "OrderLine_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "BackorderLine" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "orderName" TEXT NOT NULL,
    "orderCreatedAt" TIMESTAMP(3) NOT NULL,
    "lineItemId" BIGINT NOT NULL,
    "variantId" BIGINT,
    "inventoryItemId" BIGINT NOT NULL,
    "sku" TEXT,
    "title" TEXT,
    "locationId" BIGINT NOT NULL,
    "channel" TEXT NOT NULL,
    "quantityOrdered" INTEGER NOT NULL,
    "quantityBackordered" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "reasonCode" TEXT NOT NULL,
    "detectedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "customerId" BIGINT,
    "customerEmail" TEXT,
    "customerName" TEXT,

    CONSTRAINT "BackorderLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackorderEvent" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "backorderLineId" BIGINT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "fromQuantity" INTEGER,
    "toQuantity" INTEGER,
    "reasonCode" TEXT,
    "source" TEXT,
    "detail" JSONB,

    CONSTRAINT "BackorderEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplianceRequest" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "customerId" BIGINT,
    "email" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "result" JSONB,

    CONSTRAINT "ComplianceRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_topic_triggeredAt_idx" ON "WebhookDelivery"("shop", "topic", "triggeredAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_receivedAt_idx" ON "WebhookDelivery"("status", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_shop_webhookId_key" ON "WebhookDelivery"("shop", "webhookId");

-- CreateIndex
CREATE INDEX "InventoryItem_shop_variantId_idx" ON "InventoryItem"("shop", "variantId");

-- CreateIndex
CREATE INDEX "InventoryItem_shop_sku_idx" ON "InventoryItem"("shop", "sku");

-- CreateIndex
CREATE INDEX "InventoryLevel_shop_available_idx" ON "InventoryLevel"("shop", "available");

-- CreateIndex
CREATE INDEX "Order_shop_customerId_idx" ON "Order"("shop", "customerId");

-- CreateIndex
CREATE INDEX "OrderLine_shop_inventoryItemId_locationId_idx" ON "OrderLine"("shop", "inventoryItemId", "locationId");

-- CreateIndex
CREATE INDEX "OrderLine_shop_orderId_idx" ON "OrderLine"("shop", "orderId");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_detectedAt_id_idx" ON "BackorderLine"("shop", "detectedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "BackorderLine_shop_status_detectedAt_id_idx" ON "BackorderLine"("shop", "status", "detectedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "BackorderLine_shop_channel_detectedAt_id_idx" ON "BackorderLine"("shop", "channel", "detectedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "BackorderLine_shop_sku_detectedAt_id_idx" ON "BackorderLine"("shop", "sku", "detectedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "BackorderLine_shop_inventoryItemId_locationId_idx" ON "BackorderLine"("shop", "inventoryItemId", "locationId");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_customerId_idx" ON "BackorderLine"("shop", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "BackorderLine_shop_lineItemId_locationId_key" ON "BackorderLine"("shop", "lineItemId", "locationId");

-- CreateIndex
CREATE INDEX "BackorderEvent_backorderLineId_at_idx" ON "BackorderEvent"("backorderLineId", "at");

-- CreateIndex
CREATE INDEX "BackorderEvent_shop_idx" ON "BackorderEvent"("shop");

-- CreateIndex
CREATE INDEX "ComplianceRequest_shop_idx" ON "ComplianceRequest"("shop");

-- AddForeignKey
ALTER TABLE "OrderLine" ADD CONSTRAINT "OrderLine_shop_orderId_fkey" FOREIGN KEY ("shop", "orderId") REFERENCES "Order"("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackorderEvent" ADD CONSTRAINT "BackorderEvent_backorderLineId_fkey" FOREIGN KEY ("backorderLineId") REFERENCES "BackorderLine"("id") ON DELETE CASCADE ON UPDATE CASCADE;

