-- When the app last asked an API supplier for a purchase order's status (confirmation, ETA,
-- cancellation). The replenishment run claims due checks by moving this forward atomically, so two
-- workers never ask twice for the same check.
ALTER TABLE "PurchaseOrder" ADD COLUMN "statusCheckedAt" TIMESTAMP(3);

-- Open purchase orders a supplier has a reference for: the only ones whose status is ever read.
CREATE INDEX "PurchaseOrder_status_check_idx" ON "PurchaseOrder" ("shop", (COALESCE("statusCheckedAt", "submittedAt")))
  WHERE "status" IN ('submitted', 'confirmed', 'partially_received') AND "supplierReference" IS NOT NULL;
