import type { Prisma } from "@prisma/client";
import prisma from "../db.server";

type Tx = Prisma.TransactionClient;

/**
 * Writes a level unless a newer one is stored (updated_at, then X-Shopify-Triggered-At within the
 * same second): one atomic upsert, so out-of-order deliveries converge on the latest. The same
 * version applies again (same data), so a delivery processed twice gets the same outcome twice.
 * Returns whether it was applied.
 */
export async function upsertLevelIfNewer(
  tx: Tx,
  shop: string,
  level: { inventoryItemId: bigint; locationId: bigint; available: number; sourceUpdatedAt: Date; sourceTriggeredAt: Date | null },
): Promise<boolean> {
  const rows = await tx.$queryRaw<{ applied: boolean }[]>`
    INSERT INTO "InventoryLevel" ("shop", "inventoryItemId", "locationId", "available", "sourceUpdatedAt", "sourceTriggeredAt", "updatedAt")
    VALUES (${shop}, ${level.inventoryItemId}, ${level.locationId}, ${level.available}, ${level.sourceUpdatedAt}, ${level.sourceTriggeredAt}, now())
    ON CONFLICT ("shop", "inventoryItemId", "locationId") DO UPDATE
      SET "available" = EXCLUDED."available", "sourceUpdatedAt" = EXCLUDED."sourceUpdatedAt",
          "sourceTriggeredAt" = EXCLUDED."sourceTriggeredAt", "updatedAt" = now()
      WHERE ("InventoryLevel"."sourceUpdatedAt", COALESCE("InventoryLevel"."sourceTriggeredAt", 'epoch'::timestamp))
          <= (EXCLUDED."sourceUpdatedAt", COALESCE(EXCLUDED."sourceTriggeredAt", 'epoch'::timestamp))
    RETURNING true AS applied`;
  return rows.length > 0;
}

export function findLevel(tx: Tx, shop: string, inventoryItemId: bigint, locationId: bigint) {
  return tx.inventoryLevel.findUnique({ where: { shop_inventoryItemId_locationId: { shop, inventoryItemId, locationId } } });
}

export function findItem(tx: Tx, shop: string, id: bigint) {
  return tx.inventoryItem.findUnique({ where: { shop_id: { shop, id } } });
}

export async function itemsByVariant(shop: string, variantIds: bigint[]): Promise<Map<bigint, { id: bigint; sku: string | null }>> {
  if (variantIds.length === 0) return new Map();
  const items = await prisma.inventoryItem.findMany({
    where: { shop, variantId: { in: variantIds } },
    select: { id: true, variantId: true, sku: true },
  });
  return new Map(items.map((i) => [i.variantId!, { id: i.id, sku: i.sku }]));
}

export type ItemMapping = {
  id: bigint;
  variantId: bigint | null;
  productId: bigint | null;
  sku: string | null;
  title: string | null;
  tracked?: boolean;
  inventoryPolicy: "DENY" | "CONTINUE";
};

export async function upsertItems(shop: string, items: ItemMapping[]): Promise<void> {
  if (items.length === 0) return;
  await prisma.$transaction(
    items.map((i) =>
      prisma.inventoryItem.upsert({
        where: { shop_id: { shop, id: i.id } },
        create: { shop, ...i, tracked: i.tracked ?? true },
        update: {
          variantId: i.variantId,
          productId: i.productId ?? undefined,
          sku: i.sku,
          title: i.title,
          inventoryPolicy: i.inventoryPolicy,
          ...(i.tracked === undefined ? {} : { tracked: i.tracked }),
        },
      }),
    ),
  );
}

export async function activeLocationIds(shop: string): Promise<bigint[]> {
  const rows = await prisma.location.findMany({ where: { shop, active: true }, orderBy: { id: "asc" }, select: { id: true } });
  return rows.map((r) => r.id);
}

export async function upsertLocations(shop: string, locations: { id: bigint; name: string; active: boolean }[]): Promise<void> {
  await prisma.$transaction(
    locations.map((l) =>
      prisma.location.upsert({
        where: { shop_id: { shop, id: l.id } },
        create: { shop, ...l },
        update: { name: l.name, active: l.active },
      }),
    ),
  );
}
