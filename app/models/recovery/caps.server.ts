// What the oversell caps read — each managed variant's policy, its exposure (units sold below zero
// at its locations) and the units on open purchase orders — and their decisions per variant.
import type { Prisma } from "@prisma/client";
import prisma from "../../db.server";
import { jsonRows } from "../json-rows";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

export type CapVariantRow = {
  variantId: bigint;
  inventoryItemId: bigint;
  productId: bigint | null;
  sku: string | null;
  inventoryPolicy: string;
  tracked: boolean;
  /** Units below zero summed over the variant's locations (Shopify "available" < 0). */
  shortUnits: number;
  /** Ordered and not yet received on submitted / confirmed / partly received purchase orders. */
  openPoUnits: number;
};

/** The variants with a SKU (all of them, or these SKUs), with exposure and open PO units. */
export function capVariants(shop: string, skus: string[] | null, client: Client = prisma): Promise<CapVariantRow[]> {
  return client.$queryRaw<CapVariantRow[]>`
    SELECT i."variantId", i."id" AS "inventoryItemId", i."productId", i."sku", i."inventoryPolicy", i."tracked",
           COALESCE((SELECT sum(GREATEST(0, -l."available")) FROM "InventoryLevel" l WHERE l."shop" = i."shop" AND l."inventoryItemId" = i."id"), 0)::int AS "shortUnits",
           COALESCE((SELECT sum(GREATEST(0, pl."quantity" - pl."receivedQuantity"))
                       FROM "PurchaseOrderLine" pl JOIN "PurchaseOrder" po ON po."id" = pl."purchaseOrderId"
                      WHERE pl."shop" = i."shop" AND pl."inventoryItemId" = i."id" AND pl."live"
                        AND po."status" IN ('submitted', 'confirmed', 'partially_received')), 0)::int AS "openPoUnits"
      FROM "InventoryItem" i
     WHERE i."shop" = ${shop} AND i."variantId" IS NOT NULL AND i."sku" IS NOT NULL
       AND (${skus}::text[] IS NULL OR i."sku" = ANY(${skus}::text[]))
     ORDER BY i."sku", i."id"`;
}

/** Channels the shop sells on (orders seen), for rules that name a channel. */
export async function shopChannels(shop: string, client: Client = prisma): Promise<string[]> {
  const rows = await client.$queryRaw<{ channel: string }[]>`SELECT DISTINCT "channel" FROM "Order" WHERE "shop" = ${shop} ORDER BY 1`;
  return rows.map((r) => r.channel);
}

export type VariantCapWrite = {
  variantId: bigint;
  inventoryItemId: bigint;
  productId: bigint | null;
  sku: string | null;
  policy: string;
  reason: string;
  uncoveredUnits: number;
  resumeAt: number | null;
  channel: string | null;
};

export async function upsertVariantCaps(tx: Tx, shop: string, rows: VariantCapWrite[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "VariantCap" ("shop", "variantId", "inventoryItemId", "productId", "sku", "policy", "reason", "uncoveredUnits", "resumeAt", "channel", "decidedAt")
    SELECT ${shop}, x."variantId", x."inventoryItemId", x."productId", x."sku", x."policy", x."reason", x."uncoveredUnits", x."resumeAt", x."channel", ${at}
      FROM jsonb_to_recordset(${jsonRows(rows)}::jsonb) AS x("variantId" bigint, "inventoryItemId" bigint, "productId" bigint, "sku" text,
           "policy" text, "reason" text, "uncoveredUnits" int, "resumeAt" int, "channel" text)
    ON CONFLICT ("shop", "variantId") DO UPDATE SET "policy" = EXCLUDED."policy", "reason" = EXCLUDED."reason", "uncoveredUnits" = EXCLUDED."uncoveredUnits",
           "resumeAt" = EXCLUDED."resumeAt", "channel" = EXCLUDED."channel", "decidedAt" = EXCLUDED."decidedAt", "sku" = EXCLUDED."sku", "productId" = EXCLUDED."productId"`;
}

/** Variants no rule manages any more: forgotten (their policy stays as it is in Shopify). */
export async function dropVariantCaps(tx: Tx, shop: string, keepVariantIds: bigint[]): Promise<void> {
  await tx.$executeRaw`DELETE FROM "VariantCap" WHERE "shop" = ${shop} AND NOT ("variantId" = ANY(${keepVariantIds}::bigint[]))`;
}

export function variantCapsOfShop(shop: string, client: Client = prisma) {
  return client.variantCap.findMany({ where: { shop }, orderBy: [{ sku: "asc" }, { variantId: "asc" }] });
}

/** Sets the mirrored policy once Shopify accepted it (the products/update webhook confirms it later). */
export async function setMirroredPolicy(shop: string, variantId: bigint, policy: string): Promise<void> {
  await prisma.$executeRaw`UPDATE "InventoryItem" SET "inventoryPolicy" = ${policy}, "updatedAt" = now() WHERE "shop" = ${shop} AND "variantId" = ${variantId}`;
}
