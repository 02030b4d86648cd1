import prisma from "../db.server";
import { upsertLevelIfNewer } from "../models/inventory.server";
import type { ParsedInventoryLevel } from "../webhooks/inventory-level-payload";
import { evaluateStockPosition } from "./evaluate-stock-position.server";
import type { ProcessOutcome } from "./process-webhook.server";

export async function processInventoryLevel(
  shop: string,
  level: ParsedInventoryLevel,
  triggeredAt: Date,
  source: string,
): Promise<ProcessOutcome> {
  if (level.available === null) return { status: "skipped", reason: "no available quantity (item not stocked at this location)" };
  const applied = await prisma.$transaction((tx) =>
    upsertLevelIfNewer(tx, shop, {
      inventoryItemId: level.inventoryItemId,
      locationId: level.locationId,
      available: level.available!,
      // Ordering comes from the payload's updated_at (then the trigger time), never from arrival.
      sourceUpdatedAt: level.updatedAt ?? triggeredAt,
      sourceTriggeredAt: triggeredAt,
    }),
  );
  if (!applied) return { status: "skipped", reason: "a newer inventory level is already stored" };
  await evaluateStockPosition(shop, level.inventoryItemId, level.locationId, "inventory", source);
  return { status: "processed", reason: null };
}
