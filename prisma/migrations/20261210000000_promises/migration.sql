-- Promises (issue 8): promise settings, the current promise of each backorder line and every range
-- given, the refresh job's per-shop bookkeeping, and the outboxes of app-owned metafields and
-- customer notices. Plus the shop's name (notices) and each order line's current quantity (tells a
-- fulfilled line from a removed or refunded one).

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "name" TEXT;

-- AlterTable
ALTER TABLE "OrderLine" ADD COLUMN "currentQuantity" INTEGER;

-- CreateTable
CREATE TABLE "PromiseSettings" (
    "shop" TEXT NOT NULL,
    "receivingDays" INTEGER NOT NULL DEFAULT 1,
    "processingDays" INTEGER NOT NULL DEFAULT 1,
    "transitDays" JSONB NOT NULL,
    "lowQuantile" DOUBLE PRECISION NOT NULL DEFAULT 0.02,
    "highQuantile" DOUBLE PRECISION NOT NULL DEFAULT 0.95,
    "approvalDays" INTEGER NOT NULL DEFAULT 2,
    "noticesEnabled" BOOLEAN NOT NULL DEFAULT true,
    "noticeTexts" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PromiseSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "LinePromise" (
    "backorderLineId" BIGINT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "lineItemId" BIGINT NOT NULL,
    "variantId" BIGINT,
    "inventoryItemId" BIGINT NOT NULL,
    "locationId" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "closedReason" TEXT,
    "earliest" TEXT,
    "latest" TEXT,
    "phase" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "notifiedVersion" INTEGER,
    "notifiedEarliest" TEXT,
    "notifiedLatest" TEXT,
    "inputsKey" TEXT NOT NULL,
    "basis" JSONB NOT NULL,
    "setAt" TIMESTAMP(3) NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "LinePromise_pkey" PRIMARY KEY ("backorderLineId"),
    CONSTRAINT "LinePromise_status_check" CHECK ("status" IN ('open', 'closed')),
    CONSTRAINT "LinePromise_window_check" CHECK (("earliest" IS NULL) = ("latest" IS NULL) AND ("earliest" IS NULL OR "earliest" <= "latest"))
);

-- CreateTable
CREATE TABLE "PromiseHistory" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "backorderLineId" BIGINT NOT NULL,
    "version" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "earliest" TEXT NOT NULL,
    "latest" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "change" TEXT NOT NULL,

    CONSTRAINT "PromiseHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PromiseShopState" (
    "shop" TEXT NOT NULL,
    "poEventWatermark" BIGINT NOT NULL DEFAULT 0,
    "computedOn" TEXT,
    "settingsAt" TIMESTAMP(3),
    "definitionsAt" TIMESTAMP(3),
    "refreshedAt" TIMESTAMP(3),

    CONSTRAINT "PromiseShopState_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "PromiseMetafield" (
    "shop" TEXT NOT NULL,
    "ownerType" TEXT NOT NULL,
    "ownerId" BIGINT NOT NULL,
    "value" TEXT,
    "hash" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "sentVersion" INTEGER NOT NULL DEFAULT 0,
    "sentHash" TEXT,
    "failedVersion" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "availableAt" TIMESTAMP(3) NOT NULL,
    "claimToken" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "PromiseMetafield_pkey" PRIMARY KEY ("shop","ownerType","ownerId"),
    CONSTRAINT "PromiseMetafield_ownerType_check" CHECK ("ownerType" IN ('variant', 'order'))
);

-- CreateTable
CREATE TABLE "CustomerNotice" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "orderName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "availableAt" TIMESTAMP(3) NOT NULL,
    "claimToken" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "messageId" TEXT NOT NULL,
    "to" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "CustomerNotice_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CustomerNotice_status_check" CHECK ("status" IN ('pending', 'sending', 'sent', 'skipped', 'failed', 'uncertain'))
);

-- CreateTable
CREATE TABLE "CustomerNoticeLine" (
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "noticeId" BIGINT NOT NULL,
    "backorderLineId" BIGINT NOT NULL,

    CONSTRAINT "CustomerNoticeLine_pkey" PRIMARY KEY ("shop","key")
);

-- CreateIndex
CREATE INDEX "LinePromise_shop_lineItemId_idx" ON "LinePromise"("shop", "lineItemId");

-- CreateIndex
CREATE INDEX "LinePromise_shop_orderId_idx" ON "LinePromise"("shop", "orderId");

-- CreateIndex
CREATE INDEX "LinePromise_shop_status_latest_idx" ON "LinePromise"("shop", "status", "latest");

-- CreateIndex
CREATE INDEX "PromiseHistory_shop_idx" ON "PromiseHistory"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "PromiseHistory_backorderLineId_version_key" ON "PromiseHistory"("backorderLineId", "version");

-- CreateIndex
CREATE INDEX "PromiseMetafield_shop_availableAt_idx" ON "PromiseMetafield"("shop", "availableAt");

-- CreateIndex
CREATE INDEX "CustomerNotice_shop_status_availableAt_idx" ON "CustomerNotice"("shop", "status", "availableAt");

-- CreateIndex
CREATE INDEX "CustomerNotice_shop_orderId_idx" ON "CustomerNotice"("shop", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerNotice_shop_key_key" ON "CustomerNotice"("shop", "key");

-- CreateIndex
CREATE INDEX "CustomerNoticeLine_noticeId_idx" ON "CustomerNoticeLine"("noticeId");

-- AddForeignKey
ALTER TABLE "LinePromise" ADD CONSTRAINT "LinePromise_backorderLineId_fkey" FOREIGN KEY ("backorderLineId") REFERENCES "BackorderLine"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromiseHistory" ADD CONSTRAINT "PromiseHistory_backorderLineId_fkey" FOREIGN KEY ("backorderLineId") REFERENCES "BackorderLine"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerNoticeLine" ADD CONSTRAINT "CustomerNoticeLine_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "CustomerNotice"("id") ON DELETE CASCADE ON UPDATE CASCADE;
