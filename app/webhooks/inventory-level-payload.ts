import { z } from "zod";
import { id, int, optionalTimestamp } from "./payload-fields";
import type { ParseResult } from "./order-payload";

const InventoryLevelPayload = z.object({
  inventory_item_id: id,
  location_id: id,
  // null when the item is no longer stocked at the location
  available: int.nullable(),
  updated_at: optionalTimestamp,
});

export type ParsedInventoryLevel = {
  inventoryItemId: bigint;
  locationId: bigint;
  available: number | null;
  updatedAt: Date | null;
};

export function parseInventoryLevelPayload(body: unknown): ParseResult<ParsedInventoryLevel> {
  const r = InventoryLevelPayload.safeParse(body);
  if (!r.success) return { ok: false, error: r.error };
  return {
    ok: true,
    value: {
      inventoryItemId: r.data.inventory_item_id,
      locationId: r.data.location_id,
      available: r.data.available,
      updatedAt: r.data.updated_at ?? null,
    },
  };
}
