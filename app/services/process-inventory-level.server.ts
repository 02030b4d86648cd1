import { upsertLevelIfNewer } from "../models/inventory.server";
import type { ParsedInventoryLevel } from "../webhooks/inventory-level-payload";
import { evaluateLockedPosition, withStockPositions } from "./evaluate-stock-position.server";
import type { ProcessOutcome } from "./process-webhook.server";

/** inventory_levels/update: the level and the re-evaluation of its position, in one transaction. */
export async function processInventoryLevel(
  shop: string,
  level: ParsedInventoryLevel,
  triggeredAt: Date,
  source: string,
): Promise<ProcessOutcome> {
  if (level.available === null) return { status: "skipped", reason: "no available quantity (item not stocked at this location)" };
  const available = level.available;
  return withStockPositions(shop, [[level.inventoryItemId, level.locationId]], async (tx) => {
    const applied = await upsertLevelIfNewer(tx, shop, {
      inventoryItemId: level.inventoryItemId,
      locationId: level.locationId,
      available,
      // Ordering comes from the payload's updated_at (then the trigger time), never from arrival.
      sourceUpdatedAt: level.updatedAt ?? triggeredAt,
      sourceTriggeredAt: triggeredAt,
    });
    if (!applied) return { status: "skipped", reason: "a newer inventory level is already stored" };
    await evaluateLockedPosition(tx, shop, level.inventoryItemId, level.locationId, "inventory", source);
    return { status: "processed", reason: null };
  });
}
