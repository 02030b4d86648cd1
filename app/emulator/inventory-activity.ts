// Inventory changes and the inventory_levels/update webhooks they cause.
import { available, quantitiesOf, type EmLevel, type EmulatedShop } from "./emulated-shop";
import { inventoryLevelPayload } from "./rest-payloads";
import { resolveLocation } from "./catalog-activity";

export type InventoryChange = {
  sku?: string;
  inventoryItemId?: number;
  location?: number | string;
  locationId?: number | string;
  /** Units received (+) or removed (-): on_hand and available move together. */
  delta?: number;
  /** A count: sets available to this value. */
  available?: number;
};

/** Marks a level changed at `at` (its updated_at in webhooks and the Admin API). */
export function touch(level: EmLevel, at: Date) {
  level.updatedAt = at;
}

/** Levels changed by one action, keyed "item:location", in the order first touched. */
export type Touched = Map<string, [item: number, location: number]>;

/** One inventory_levels/update per (item, location) touched, keyed "item:location". */
export function emitLevels(shop: EmulatedShop, touched: Touched, at: Date) {
  for (const [item, loc] of touched.values()) shop.emit("inventory_levels/update", inventoryLevelPayload(shop, item, loc), at);
}

/** Receiving stock (delta) or a count (available): emits inventory_levels/update. */
export function adjustInventory(shop: EmulatedShop, c: InventoryChange, now: Date): EmLevel {
  const itemId = c.inventoryItemId ?? (c.sku !== undefined ? shop.variantBySku(c.sku)?.inventoryItemId : undefined);
  if (itemId === undefined || !shop.items.has(itemId)) throw new Error(`emulator: unknown inventory item ${c.sku ?? c.inventoryItemId} in ${shop.domain}`);
  const ref = c.location ?? c.locationId;
  if (ref === undefined) throw new Error("emulator: adjustInventory needs a location");
  const loc = resolveLocation(shop, ref);
  const level = shop.level(itemId, loc);
  if (c.available !== undefined) level.onHand += c.available - available(level);
  else if (c.delta !== undefined) level.onHand += c.delta;
  else throw new Error("emulator: adjustInventory needs delta or available");
  touch(level, now);
  shop.emit("inventory_levels/update", inventoryLevelPayload(shop, itemId, loc), now);
  return level;
}

export type QuantityName = "available" | "on_hand" | "damaged" | "quality_control" | "reserved" | "safety_stock" | "incoming";
export const ADJUSTABLE_QUANTITIES: QuantityName[] = ["available", "on_hand", "damaged", "quality_control", "reserved", "safety_stock", "incoming"];

/**
 * One quantity change as inventoryAdjustQuantities applies it: available/on_hand move on_hand;
 * the unavailable states (damaged, quality_control, reserved, safety_stock) are part of on_hand,
 * so both move and available does not; incoming is separate. Returns the quantity after.
 */
export function applyQuantityDelta(shop: EmulatedShop, itemId: number, loc: number, name: QuantityName, delta: number, now: Date): number {
  const level = shop.level(itemId, loc);
  switch (name) {
    case "available":
    case "on_hand":
      level.onHand += delta;
      break;
    case "damaged":
      level.damaged += delta;
      level.onHand += delta;
      break;
    case "quality_control":
      level.qualityControl += delta;
      level.onHand += delta;
      break;
    case "reserved":
      level.reserved += delta;
      level.onHand += delta;
      break;
    case "safety_stock":
      level.safetyStock += delta;
      level.onHand += delta;
      break;
    case "incoming":
      level.incoming += delta;
      break;
  }
  touch(level, now);
  return quantitiesOf(level)[name];
}

export function emitLevel(shop: EmulatedShop, itemId: number, loc: number, now: Date): void {
  shop.emit("inventory_levels/update", inventoryLevelPayload(shop, itemId, loc), now);
}
