import { upsertItems } from "../models/inventory.server";
import type { ParsedProduct } from "../webhooks/product-payload";
import type { ProcessOutcome } from "./process-webhook.server";

/** products/update keeps variant -> inventory item -> SKU current (and the inventory policy). */
export async function processProduct(shop: string, product: ParsedProduct): Promise<ProcessOutcome> {
  if (product.variants.length === 0) return { status: "skipped", reason: "no variant carries an inventory item id" };
  await upsertItems(
    shop,
    product.variants.map((v) => ({
      id: v.inventoryItemId,
      variantId: v.variantId,
      productId: product.id,
      sku: v.sku,
      title: v.title,
      inventoryPolicy: v.inventoryPolicy,
    })),
  );
  return {
    status: "processed",
    reason: product.skippedVariants ? `${product.skippedVariants} variant(s) without inventory_item_id skipped` : null,
  };
}
