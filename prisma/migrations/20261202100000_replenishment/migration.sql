-- Replenishment (issue 7): suppliers, offers, deficit windows, purchase orders, coverage of
-- backorder lines, escalations and the outbox of external effects. Written by hand from
-- `prisma migrate diff`, the partial indexes and CHECK constraints below are what Prisma cannot
-- express.
-- CreateTable
CREATE TABLE "ReplenishmentSettings" (
    "shop" TEXT NOT NULL,
    "supplierWeights" JSONB NOT NULL,
    "dedupQuietSeconds" DOUBLE PRECISION NOT NULL DEFAULT 10,
    "dedupWindowSeconds" DOUBLE PRECISION NOT NULL DEFAULT 90,
    "promiseWindowDays" JSONB NOT NULL,
    "costDeviationPct" DOUBLE PRECISION NOT NULL DEFAULT 15,
    "safetyStockDefault" INTEGER NOT NULL DEFAULT 0,
    "performancePriorWeight" DOUBLE PRECISION NOT NULL DEFAULT 10,
    "submissionMaxAttempts" INTEGER NOT NULL DEFAULT 5,
    "submissionRetrySeconds" INTEGER NOT NULL DEFAULT 30,
    "slackWebhookUrl" TEXT,
    "opsEmails" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "purchasingEmail" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReplenishmentSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "Supplier" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "contactName" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "apiUrl" TEXT,
    "apiKind" TEXT NOT NULL DEFAULT 'json',
    "apiToken" TEXT,
    "ediConfig" JSONB,
    "currency" TEXT,
    "timezone" TEXT,
    "fillRateSeed" DOUBLE PRECISION,
    "onTimeRateSeed" DOUBLE PRECISION,
    "apiAvailabilitySeed" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Supplier_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "SupplierOffer" (
    "shop" TEXT NOT NULL,
    "supplierId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "leadTimeDays" DOUBLE PRECISION NOT NULL,
    "moq" INTEGER NOT NULL DEFAULT 1,
    "packSize" INTEGER NOT NULL DEFAULT 1,
    "unitCost" DECIMAL(14,4) NOT NULL,
    "currency" TEXT,
    "available" INTEGER,
    "supplierSku" TEXT,
    "lastUnitCostSeed" DECIMAL(14,4),
    "fillRateSeed" DOUBLE PRECISION,
    "apiAvailabilitySeed" DOUBLE PRECISION,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SupplierOffer_pkey" PRIMARY KEY ("shop","supplierId","sku")
);

-- CreateTable
CREATE TABLE "SafetyStock" (
    "shop" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "units" INTEGER NOT NULL,

    CONSTRAINT "SafetyStock_pkey" PRIMARY KEY ("shop","sku")
);

-- CreateTable
CREATE TABLE "DeficitWindow" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "inventoryItemId" BIGINT NOT NULL,
    "locationId" BIGINT NOT NULL,
    "sku" TEXT,
    "status" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "lastOversellAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "oversoldUnits" INTEGER NOT NULL,
    "cancelledUnits" INTEGER NOT NULL DEFAULT 0,
    "closedAt" TIMESTAMP(3),
    "orderedUnits" INTEGER NOT NULL DEFAULT 0,
    "outstandingUnits" INTEGER NOT NULL DEFAULT 0,
    "failedSupplierIds" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "DeficitWindow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PurchaseOrder" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "supplierId" TEXT NOT NULL,
    "locationId" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "replacesId" BIGINT,
    "evaluations" JSONB NOT NULL,
    "detectedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "submittedAt" TIMESTAMP(3),
    "confirmedAt" TIMESTAMP(3),
    "eta" TEXT,
    "supplierReference" TEXT,
    "receivedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "cancelReason" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PurchaseOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PurchaseOrderLine" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "purchaseOrderId" BIGINT NOT NULL,
    "deficitWindowId" BIGINT,
    "supplierId" TEXT NOT NULL,
    "inventoryItemId" BIGINT NOT NULL,
    "locationId" BIGINT NOT NULL,
    "sku" TEXT NOT NULL,
    "title" TEXT,
    "quantity" INTEGER NOT NULL,
    "customerUnits" INTEGER NOT NULL,
    "bufferUnits" INTEGER NOT NULL,
    "roundingUnits" INTEGER NOT NULL,
    "unitCost" DECIMAL(14,4) NOT NULL,
    "leadTimeDays" DOUBLE PRECISION NOT NULL,
    "receivedQuantity" INTEGER NOT NULL DEFAULT 0,
    "firstReceivedAt" TIMESTAMP(3),
    "live" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "PurchaseOrderLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PurchaseOrderCoverage" (
    "shop" TEXT NOT NULL,
    "backorderLineId" BIGINT NOT NULL,
    "purchaseOrderLineId" BIGINT NOT NULL,
    "units" INTEGER NOT NULL,

    CONSTRAINT "PurchaseOrderCoverage_pkey" PRIMARY KEY ("backorderLineId","purchaseOrderLineId")
);

-- CreateTable
CREATE TABLE "PurchaseOrderEvent" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "purchaseOrderId" BIGINT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "detail" JSONB,

    CONSTRAINT "PurchaseOrderEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupplierSubmissionAttempt" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "supplierId" TEXT NOT NULL,
    "purchaseOrderId" BIGINT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,

    CONSTRAINT "SupplierSubmissionAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Escalation" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "reasons" JSONB NOT NULL,
    "message" TEXT NOT NULL,
    "sku" TEXT,
    "supplierId" TEXT,
    "units" INTEGER NOT NULL,
    "purchaseOrderId" BIGINT,
    "deficitWindowId" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,

    CONSTRAINT "Escalation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReplenishmentOutbox" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectId" BIGINT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "availableAt" TIMESTAMP(3) NOT NULL,
    "claimToken" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "ReplenishmentOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SupplierOffer_shop_sku_idx" ON "SupplierOffer"("shop", "sku");

-- CreateIndex
CREATE INDEX "DeficitWindow_shop_inventoryItemId_locationId_status_idx" ON "DeficitWindow"("shop", "inventoryItemId", "locationId", "status");

-- CreateIndex
CREATE INDEX "PurchaseOrder_shop_status_createdAt_idx" ON "PurchaseOrder"("shop", "status", "createdAt");

-- CreateIndex
CREATE INDEX "PurchaseOrder_shop_supplierId_createdAt_idx" ON "PurchaseOrder"("shop", "supplierId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PurchaseOrder_shop_number_key" ON "PurchaseOrder"("shop", "number");

-- CreateIndex
CREATE INDEX "PurchaseOrderLine_shop_sku_idx" ON "PurchaseOrderLine"("shop", "sku");

-- CreateIndex
CREATE INDEX "PurchaseOrderLine_shop_inventoryItemId_locationId_idx" ON "PurchaseOrderLine"("shop", "inventoryItemId", "locationId");

-- CreateIndex
CREATE UNIQUE INDEX "PurchaseOrderLine_purchaseOrderId_inventoryItemId_key" ON "PurchaseOrderLine"("purchaseOrderId", "inventoryItemId");

-- CreateIndex
CREATE INDEX "PurchaseOrderCoverage_shop_purchaseOrderLineId_idx" ON "PurchaseOrderCoverage"("shop", "purchaseOrderLineId");

-- CreateIndex
CREATE INDEX "PurchaseOrderEvent_purchaseOrderId_at_idx" ON "PurchaseOrderEvent"("purchaseOrderId", "at");

-- CreateIndex
CREATE INDEX "PurchaseOrderEvent_shop_idx" ON "PurchaseOrderEvent"("shop");

-- CreateIndex
CREATE INDEX "SupplierSubmissionAttempt_shop_supplierId_at_idx" ON "SupplierSubmissionAttempt"("shop", "supplierId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Escalation_purchaseOrderId_key" ON "Escalation"("purchaseOrderId");

-- CreateIndex
CREATE INDEX "Escalation_shop_status_createdAt_idx" ON "Escalation"("shop", "status", "createdAt");

-- CreateIndex
CREATE INDEX "ReplenishmentOutbox_shop_status_idx" ON "ReplenishmentOutbox"("shop", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ReplenishmentOutbox_shop_kind_subjectId_key" ON "ReplenishmentOutbox"("shop", "kind", "subjectId");

-- AddForeignKey
ALTER TABLE "SupplierOffer" ADD CONSTRAINT "SupplierOffer_shop_supplierId_fkey" FOREIGN KEY ("shop", "supplierId") REFERENCES "Supplier"("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchaseOrder" ADD CONSTRAINT "PurchaseOrder_shop_supplierId_fkey" FOREIGN KEY ("shop", "supplierId") REFERENCES "Supplier"("shop", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchaseOrderLine" ADD CONSTRAINT "PurchaseOrderLine_purchaseOrderId_fkey" FOREIGN KEY ("purchaseOrderId") REFERENCES "PurchaseOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchaseOrderLine" ADD CONSTRAINT "PurchaseOrderLine_deficitWindowId_fkey" FOREIGN KEY ("deficitWindowId") REFERENCES "DeficitWindow"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchaseOrderCoverage" ADD CONSTRAINT "PurchaseOrderCoverage_backorderLineId_fkey" FOREIGN KEY ("backorderLineId") REFERENCES "BackorderLine"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchaseOrderCoverage" ADD CONSTRAINT "PurchaseOrderCoverage_purchaseOrderLineId_fkey" FOREIGN KEY ("purchaseOrderLineId") REFERENCES "PurchaseOrderLine"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchaseOrderEvent" ADD CONSTRAINT "PurchaseOrderEvent_purchaseOrderId_fkey" FOREIGN KEY ("purchaseOrderId") REFERENCES "PurchaseOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Escalation" ADD CONSTRAINT "Escalation_purchaseOrderId_fkey" FOREIGN KEY ("purchaseOrderId") REFERENCES "PurchaseOrder"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- One deficit at a time per position: the database itself refuses a second OPEN window.
CREATE UNIQUE INDEX "DeficitWindow_one_open_per_position" ON "DeficitWindow"("shop", "inventoryItemId", "locationId") WHERE "status" = 'open';
-- The closing run's scan: open windows by closing time, and windows waiting for planning.
CREATE INDEX "DeficitWindow_open_closesAt_idx" ON "DeficitWindow"("closesAt") WHERE "status" = 'open';
CREATE INDEX "DeficitWindow_due_idx" ON "DeficitWindow"("shop") WHERE "status" = 'due';
ALTER TABLE "DeficitWindow" ADD CONSTRAINT "DeficitWindow_status_check" CHECK ("status" IN ('open', 'due', 'ordered', 'empty'));
ALTER TABLE "DeficitWindow" ADD CONSTRAINT "DeficitWindow_units_check"
  CHECK ("oversoldUnits" >= 0 AND "cancelledUnits" >= 0 AND "cancelledUnits" <= "oversoldUnits"
         AND "orderedUnits" >= 0 AND "outstandingUnits" >= 0 AND "outstandingUnits" <= "orderedUnits");

-- Exactly one live PO per supplier per deficit window.
CREATE UNIQUE INDEX "PurchaseOrderLine_one_live_per_window_supplier" ON "PurchaseOrderLine"("deficitWindowId", "supplierId") WHERE "live" AND "deficitWindowId" IS NOT NULL;
CREATE INDEX "PurchaseOrderLine_deficitWindowId_idx" ON "PurchaseOrderLine"("deficitWindowId");
ALTER TABLE "PurchaseOrderLine" ADD CONSTRAINT "PurchaseOrderLine_units_check"
  CHECK ("quantity" > 0 AND "customerUnits" >= 0 AND "bufferUnits" >= 0 AND "roundingUnits" >= 0
         AND "customerUnits" + "bufferUnits" + "roundingUnits" = "quantity" AND "receivedQuantity" >= 0);
ALTER TABLE "PurchaseOrder" ADD CONSTRAINT "PurchaseOrder_status_check"
  CHECK ("status" IN ('draft', 'submitted', 'confirmed', 'partially_received', 'received', 'cancelled', 'escalated'));
ALTER TABLE "PurchaseOrderCoverage" ADD CONSTRAINT "PurchaseOrderCoverage_units_check" CHECK ("units" > 0);
CREATE INDEX "PurchaseOrderCoverage_shop_backorderLineId_idx" ON "PurchaseOrderCoverage"("shop", "backorderLineId");

ALTER TABLE "Escalation" ADD CONSTRAINT "Escalation_status_check" CHECK ("status" IN ('open', 'approved', 'dismissed'));

-- The workers' claim: pending rows by the time they may run.
CREATE INDEX "ReplenishmentOutbox_pending_idx" ON "ReplenishmentOutbox"("availableAt", "id") WHERE "status" = 'pending';
ALTER TABLE "ReplenishmentOutbox" ADD CONSTRAINT "ReplenishmentOutbox_status_check" CHECK ("status" IN ('pending', 'done', 'failed'));
ALTER TABLE "ReplenishmentOutbox" ADD CONSTRAINT "ReplenishmentOutbox_kind_check" CHECK ("kind" IN ('submit_purchase_order', 'slack_alert', 'ops_email'));
