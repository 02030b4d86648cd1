// The inventory mirror: locations, items (variant -> inventory item -> SKU, tracking, policy) and
// available quantity per (item, location). Writes are set-based and version-guarded: an older
// webhook or snapshot never overwrites a newer one.
import type { Prisma } from "@prisma/client";
import prisma from "../db.server";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

export type LevelWrite = {
  inventoryItemId: bigint;
  locationId: bigint;
  available: number;
  sourceUpdatedAt: Date;
  /** Tie-break within one updated_at second: X-Shopify-Triggered-At (ms precision), null for a snapshot. */
  sourceTriggeredAt: Date | null;
};

/**
 * Writes levels unless a newer one is stored (updated_at, then trigger time). The same version
 * applies again (same data), so a delivery processed twice has the same outcome twice. Returns
 * the positions written as "item:location" keys.
 */
export async function upsertLevelsIfNewer(tx: Tx, shop: string, levels: LevelWrite[]): Promise<Set<string>> {
  if (levels.length === 0) return new Set();
  const rows = await tx.$queryRaw<{ inventoryItemId: bigint; locationId: bigint }[]>`
    INSERT INTO "InventoryLevel" ("shop", "inventoryItemId", "locationId", "available", "sourceUpdatedAt", "sourceTriggeredAt", "updatedAt")
    SELECT ${shop}, x.*, timezone('UTC', now())
      FROM unnest(${levels.map((l) => l.inventoryItemId)}::bigint[], ${levels.map((l) => l.locationId)}::bigint[],
                  ${levels.map((l) => l.available)}::int[], ${levels.map((l) => l.sourceUpdatedAt)}::timestamp[],
                  ${levels.map((l) => l.sourceTriggeredAt)}::timestamp[]) AS x
    ON CONFLICT ("shop", "inventoryItemId", "locationId") DO UPDATE
      SET "available" = EXCLUDED."available", "sourceUpdatedAt" = EXCLUDED."sourceUpdatedAt",
          "sourceTriggeredAt" = EXCLUDED."sourceTriggeredAt", "updatedAt" = EXCLUDED."updatedAt"
      WHERE ("InventoryLevel"."sourceUpdatedAt", COALESCE("InventoryLevel"."sourceTriggeredAt", 'epoch'::timestamp))
          <= (EXCLUDED."sourceUpdatedAt", COALESCE(EXCLUDED."sourceTriggeredAt", 'epoch'::timestamp))
    RETURNING "inventoryItemId", "locationId"`;
  return new Set(rows.map((r) => `${r.inventoryItemId}:${r.locationId}`));
}

/** Stored levels of the given positions (the snapshot compares before writing). */
export function findLevels(shop: string, positions: readonly (readonly [bigint, bigint])[], tx: Client = prisma) {
  if (positions.length === 0) return Promise.resolve([] as { inventoryItemId: bigint; locationId: bigint; available: number }[]);
  return tx.$queryRaw<{ inventoryItemId: bigint; locationId: bigint; available: number }[]>`
    SELECT l."inventoryItemId", l."locationId", l."available" FROM "InventoryLevel" l
      JOIN unnest(${positions.map((p) => p[0])}::bigint[], ${positions.map((p) => p[1])}::bigint[]) AS p(item, loc)
        ON l."inventoryItemId" = p.item AND l."locationId" = p.loc
     WHERE l."shop" = ${shop}`;
}

export type ItemWrite = {
  id: bigint;
  variantId: bigint | null;
  productId: bigint | null;
  sku: string | null;
  title: string | null;
  /** Omitted by products/update (the REST payload does not say); the snapshot sets it. */
  tracked?: boolean;
  inventoryPolicy: "DENY" | "CONTINUE";
  /** The product version's updated_at; null for a snapshot (applies unless a webhook is newer). */
  sourceUpdatedAt: Date | null;
};

/** Upserts items unless a newer product version is stored. Returns the item ids written. */
export async function upsertItemsIfNewer(tx: Tx, shop: string, items: ItemWrite[]): Promise<Set<bigint>> {
  if (items.length === 0) return new Set();
  const col = <K extends keyof ItemWrite>(k: K) => items.map((i) => i[k] ?? null);
  // A batch comes from one source: the snapshot (knows tracking) or products/update (does not).
  const setTracked = items.every((i) => i.tracked !== undefined);
  const rows = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "InventoryItem" ("shop", "id", "variantId", "productId", "sku", "title", "tracked", "inventoryPolicy", "sourceUpdatedAt", "updatedAt")
    SELECT ${shop}, x.id, x.variant, x.product, x.sku, x.title, COALESCE(x.tracked, true), x.policy, x.src, timezone('UTC', now())
      FROM unnest(${col("id")}::bigint[], ${col("variantId")}::bigint[], ${col("productId")}::bigint[], ${col("sku")}::text[],
                  ${col("title")}::text[], ${col("tracked")}::boolean[], ${col("inventoryPolicy")}::text[],
                  ${col("sourceUpdatedAt")}::timestamp[]) AS x(id, variant, product, sku, title, tracked, policy, src)
    ON CONFLICT ("shop", "id") DO UPDATE SET
      "variantId" = EXCLUDED."variantId", "productId" = COALESCE(EXCLUDED."productId", "InventoryItem"."productId"),
      "sku" = EXCLUDED."sku", "title" = EXCLUDED."title", "inventoryPolicy" = EXCLUDED."inventoryPolicy",
      "tracked" = CASE WHEN ${setTracked} THEN EXCLUDED."tracked" ELSE "InventoryItem"."tracked" END,
      "sourceUpdatedAt" = COALESCE(EXCLUDED."sourceUpdatedAt", "InventoryItem"."sourceUpdatedAt"), "updatedAt" = EXCLUDED."updatedAt"
    WHERE "InventoryItem"."sourceUpdatedAt" IS NULL OR EXCLUDED."sourceUpdatedAt" IS NULL
       OR "InventoryItem"."sourceUpdatedAt" <= EXCLUDED."sourceUpdatedAt"
    RETURNING "id"`;
  return new Set(rows.map((r) => r.id));
}

export type StoredItem = { id: bigint; variantId: bigint | null; tracked: boolean; inventoryPolicy: string };

export function findItems(tx: Tx, shop: string, ids: bigint[]): Promise<StoredItem[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return tx.$queryRaw`
    SELECT "id", "variantId", "tracked", "inventoryPolicy" FROM "InventoryItem" WHERE "shop" = ${shop} AND "id" = ANY(${ids}::bigint[])`;
}

export type ItemByVariant = { id: bigint; sku: string | null };

export async function itemsByVariant(tx: Client, shop: string, variantIds: bigint[]): Promise<Map<bigint, ItemByVariant>> {
  if (variantIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ id: bigint; variantId: bigint; sku: string | null }[]>`
    SELECT "id", "variantId", "sku" FROM "InventoryItem" WHERE "shop" = ${shop} AND "variantId" = ANY(${[...new Set(variantIds)]}::bigint[])`;
  return new Map(rows.map((r) => [r.variantId, { id: r.id, sku: r.sku }]));
}

/** Every position that stocks one of the items (a policy or tracking change re-evaluates them). */
export async function positionsOfItems(tx: Tx, shop: string, itemIds: bigint[]): Promise<[bigint, bigint][]> {
  if (itemIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ inventoryItemId: bigint; locationId: bigint }[]>`
    SELECT "inventoryItemId", "locationId" FROM "InventoryLevel" WHERE "shop" = ${shop} AND "inventoryItemId" = ANY(${itemIds}::bigint[])`;
  return rows.map((r) => [r.inventoryItemId, r.locationId]);
}

export async function activeLocationIds(tx: Client, shop: string): Promise<bigint[]> {
  const rows = await tx.$queryRaw<{ id: bigint }[]>`SELECT "id" FROM "Location" WHERE "shop" = ${shop} AND "active" ORDER BY "id"`;
  return rows.map((r) => r.id);
}

export async function upsertLocations(shop: string, locations: { id: bigint; name: string; active: boolean }[]): Promise<void> {
  if (locations.length === 0) return;
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

/** Positions below zero (the sync evaluates them: a shortage may predate the app). */
export async function negativePositions(shop: string): Promise<[bigint, bigint][]> {
  const rows = await prisma.inventoryLevel.findMany({ where: { shop, available: { lt: 0 } }, select: { inventoryItemId: true, locationId: true } });
  return rows.map((r) => [r.inventoryItemId, r.locationId]);
}
