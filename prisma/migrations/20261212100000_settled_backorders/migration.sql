-- Stock evaluation reads what is open at a position, not its history (ADR 0009). A hot SKU keeps
-- every fulfilled order line and every resolved backorder it ever had, and reading them all made
-- each evaluation of the SKU slower every month.

-- A backorder is settled when it is no longer backordered and its order line is not open at its
-- position (fulfilled, removed, cancelled, moved): nothing changes it unless the line is open there
-- again and short, and then the insert that would detect it reopens it instead (ON CONFLICT).
ALTER TABLE "BackorderLine" ADD COLUMN "settled" BOOLEAN NOT NULL DEFAULT false;

UPDATE "BackorderLine" b
   SET "settled" = true
 WHERE b."status" <> 'backordered'
   AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol
                    WHERE ol."shop" = b."shop" AND ol."id" = b."lineItemId" AND ol."openQuantity" > 0 AND NOT ol."orderCancelled"
                      AND ol."inventoryItemId" = b."inventoryItemId" AND ol."locationId" = b."locationId");

-- The backorders evaluation compares with: the ones not settled, by position.
CREATE INDEX "BackorderLine_live_position_idx" ON "BackorderLine" ("shop", "inventoryItemId", "locationId") WHERE NOT "settled";

-- The order lines open at a position (fulfilled, removed and cancelled lines leave this index).
CREATE INDEX "OrderLine_open_position_idx" ON "OrderLine" ("shop", "inventoryItemId", "locationId") WHERE "openQuantity" > 0 AND NOT "orderCancelled";

-- Every query by position reads backorders that are not settled (a backordered one never is): the
-- partial index replaces the full one, so each write of a live backorder maintains one index, not two.
DROP INDEX "BackorderLine_shop_inventoryItemId_locationId_idx";
