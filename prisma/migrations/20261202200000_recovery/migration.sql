-- Recovery (issue 9): recovery settings, substitutes, oversell cap rules and decisions, the outbox
-- of recovery's Admin effects, per-order recovery state, allocations of arriving stock, the aging
-- state of each backordered line, spent customer links, and the per-shop run bookkeeping.
-- Hand-written, references no table of a later migration.

-- CreateTable
CREATE TABLE "RecoverySettings" (
    "shop" TEXT NOT NULL,
    "holdRule" TEXT NOT NULL DEFAULT 'split_ship_rest',
    "aging" JSONB NOT NULL,
    "priorityPolicy" JSONB,
    "choiceLinkDays" INTEGER NOT NULL DEFAULT 14,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecoverySettings_pkey" PRIMARY KEY ("shop"),
    CONSTRAINT "RecoverySettings_holdRule_check" CHECK ("holdRule" IN ('hold_whole_order', 'split_ship_rest', 'ask_customer', 'off')),
    CONSTRAINT "RecoverySettings_choiceLinkDays_check" CHECK ("choiceLinkDays" BETWEEN 1 AND 90)
);

-- CreateTable
CREATE TABLE "SubstituteOption" (
    "shop" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "substituteSku" TEXT NOT NULL,

    CONSTRAINT "SubstituteOption_pkey" PRIMARY KEY ("shop","sku","substituteSku"),
    CONSTRAINT "SubstituteOption_self_check" CHECK ("sku" <> "substituteSku")
);

-- CreateTable
CREATE TABLE "CapRule" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "sku" TEXT,
    "channel" TEXT,
    "eligible" BOOLEAN NOT NULL,
    "maxUnits" INTEGER,
    "resumeMargin" INTEGER,

    CONSTRAINT "CapRule_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CapRule_units_check" CHECK (("maxUnits" IS NULL OR "maxUnits" >= 0) AND ("resumeMargin" IS NULL OR "resumeMargin" >= 0))
);

-- CreateTable
CREATE TABLE "VariantCap" (
    "shop" TEXT NOT NULL,
    "variantId" BIGINT NOT NULL,
    "inventoryItemId" BIGINT NOT NULL,
    "productId" BIGINT,
    "sku" TEXT,
    "policy" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "uncoveredUnits" INTEGER NOT NULL,
    "resumeAt" INTEGER,
    "channel" TEXT,
    "decidedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VariantCap_pkey" PRIMARY KEY ("shop","variantId"),
    CONSTRAINT "VariantCap_policy_check" CHECK ("policy" IN ('DENY', 'CONTINUE'))
);

-- CreateTable
CREATE TABLE "RecoveryAction" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "orderId" BIGINT,
    "payload" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "availableAt" TIMESTAMP(3) NOT NULL,
    "claimToken" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "claimedVersion" INTEGER,
    "progress" JSONB,
    "result" JSONB,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "RecoveryAction_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "RecoveryAction_status_check" CHECK ("status" IN ('pending', 'done', 'failed')),
    CONSTRAINT "RecoveryAction_kind_check" CHECK ("kind" IN ('sync_holds', 'customer_choice', 'cancel_line', 'set_inventory_policy', 'adjust_inventory'))
);

-- CreateTable
CREATE TABLE "OrderRecovery" (
    "shop" TEXT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "orderName" TEXT NOT NULL,
    "ruleOverride" TEXT,
    "choice" TEXT,
    "choiceAt" TIMESTAMP(3),
    "fulfillmentOrders" JSONB,
    "heldHandles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "holdNotes" JSONB,
    "holdsSyncedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderRecovery_pkey" PRIMARY KEY ("shop","orderId"),
    CONSTRAINT "OrderRecovery_ruleOverride_check" CHECK ("ruleOverride" IS NULL OR "ruleOverride" IN ('hold_whole_order', 'split_ship_rest'))
);

-- CreateTable
CREATE TABLE "Allocation" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "backorderLineId" BIGINT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "lineItemId" BIGINT NOT NULL,
    "inventoryItemId" BIGINT NOT NULL,
    "locationId" BIGINT NOT NULL,
    "units" INTEGER NOT NULL,
    "fromQuantity" INTEGER NOT NULL,
    "toQuantity" INTEGER NOT NULL,
    "cause" TEXT NOT NULL,
    "source" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "followedUpAt" TIMESTAMP(3),

    CONSTRAINT "Allocation_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Allocation_units_check" CHECK ("units" > 0 AND "toQuantity" >= 0 AND "fromQuantity" = "toQuantity" + "units"),
    CONSTRAINT "Allocation_cause_check" CHECK ("cause" IN ('restock', 'released'))
);

-- CreateTable
CREATE TABLE "LineAging" (
    "backorderLineId" BIGINT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "bucket" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "dueToday" BOOLEAN NOT NULL DEFAULT false,
    "nextReviewOn" TEXT NOT NULL,
    "lastNotifiedAt" TEXT,
    "escalatedAt" TEXT,
    "outreachAt" TEXT,
    "consentRequestedAt" TEXT,
    "consentGivenAt" TEXT,
    "cancelRequestedAt" TEXT,
    "closedReason" TEXT,
    "closedNote" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LineAging_pkey" PRIMARY KEY ("backorderLineId")
);

-- CreateTable
CREATE TABLE "SpentCustomerLink" (
    "key" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "choice" TEXT NOT NULL,
    "spentAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SpentCustomerLink_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "RecoveryShopState" (
    "shop" TEXT NOT NULL,
    "agingRunOn" TEXT,
    "capsCheckedAt" TIMESTAMP(3),
    "capsDirty" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "RecoveryShopState_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "CapRule_shop_idx" ON "CapRule"("shop");

-- One rule per (SKU, channel) scope, wildcards included (Prisma cannot express the COALESCE).
CREATE UNIQUE INDEX "CapRule_scope_key" ON "CapRule"("shop", COALESCE("sku", ''), COALESCE("channel", ''));

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryAction_shop_key_key" ON "RecoveryAction"("shop", "key");

-- CreateIndex
CREATE INDEX "RecoveryAction_shop_orderId_idx" ON "RecoveryAction"("shop", "orderId");

-- Claims: pending rows by due time (partial, like the delivery queue's).
CREATE INDEX "RecoveryAction_pending_idx" ON "RecoveryAction"("availableAt", "id") WHERE "status" = 'pending';

-- CreateIndex
CREATE INDEX "Allocation_shop_at_idx" ON "Allocation"("shop", "at");

-- CreateIndex
CREATE INDEX "Allocation_backorderLineId_idx" ON "Allocation"("backorderLineId");

-- Follow-ups still to plan.
CREATE INDEX "Allocation_open_followup_idx" ON "Allocation"("shop", "id") WHERE "followedUpAt" IS NULL;

-- CreateIndex
CREATE INDEX "LineAging_shop_nextReviewOn_idx" ON "LineAging"("shop", "nextReviewOn");

-- CreateIndex
CREATE INDEX "LineAging_shop_orderId_idx" ON "LineAging"("shop", "orderId");

-- CreateIndex
CREATE INDEX "SpentCustomerLink_shop_idx" ON "SpentCustomerLink"("shop");
