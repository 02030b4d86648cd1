// The shop's catalog: locations and products as seeded before install (no webhooks), and product
// edits in the admin (products/update).
import type { EmProduct, EmulatedShop } from "./emulated-shop";
import { productPayload } from "./rest-payloads";

export type SeedVariant = {
  sku: string;
  title?: string;
  price?: number | string;
  inventoryPolicy?: "DENY" | "CONTINUE";
  tracked?: boolean;
  /** Available units per location (keys: location names or ids). */
  inventory: Record<string, number>;
};
export type SeedProduct = {
  title: string;
  vendor?: string;
  productType?: string;
  tags?: string[];
  status?: "ACTIVE" | "DRAFT" | "ARCHIVED";
  variants: SeedVariant[];
};

export function addLocation(shop: EmulatedShop, name: string, at: Date): number {
  const id = shop.id();
  shop.locations.set(id, { id, name, isActive: true, createdAt: at });
  return id;
}

export function resolveLocation(shop: EmulatedShop, ref: number | string): number {
  if (typeof ref === "number" && shop.locations.has(ref)) return ref;
  if (typeof ref === "string" && /^\d+$/.test(ref) && shop.locations.has(Number(ref))) return Number(ref);
  for (const l of shop.locations.values()) if (l.name === ref) return l.id;
  throw new Error(`emulator: unknown location ${ref} in ${shop.domain}`);
}

const handleize = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** Products as they exist before the app is installed: no webhooks. */
export function addProducts(shop: EmulatedShop, products: SeedProduct[], at: Date): EmProduct[] {
  return products.map((p) => {
    const productId = shop.id();
    const variantIds = p.variants.map((v, index) => {
      if (shop.variantIdBySku.has(v.sku)) throw new Error(`emulator: SKU ${v.sku} already exists in ${shop.domain}`);
      const variantId = shop.id();
      const itemId = shop.id();
      shop.addVariant({
        id: variantId,
        productId,
        sku: v.sku,
        title: v.title ?? "Default Title",
        price: Number(v.price ?? 10).toFixed(2),
        inventoryPolicy: v.inventoryPolicy ?? "DENY",
        inventoryItemId: itemId,
        position: index + 1,
        createdAt: at,
        updatedAt: at,
      });
      shop.items.set(itemId, { id: itemId, variantId, tracked: v.tracked ?? true, levels: new Map(), createdAt: at, updatedAt: at });
      for (const [loc, qty] of Object.entries(v.inventory)) {
        const l = shop.level(itemId, resolveLocation(shop, loc));
        l.onHand = qty;
        l.createdAt = at;
        l.updatedAt = at;
      }
      return variantId;
    });
    const product: EmProduct = {
      id: productId,
      title: p.title,
      handle: handleize(p.title),
      vendor: p.vendor ?? shop.name,
      productType: p.productType ?? "",
      status: p.status ?? "ACTIVE",
      tags: p.tags ?? [],
      variantIds,
      createdAt: at,
      updatedAt: at,
    };
    shop.products.set(productId, product);
    return product;
  });
}

export function emitProductUpdated(shop: EmulatedShop, product: EmProduct, now: Date): void {
  product.updatedAt = now;
  shop.emit("products/update", productPayload(shop, product), now);
}

export type ProductChange = {
  title?: string;
  status?: "ACTIVE" | "DRAFT" | "ARCHIVED";
  tags?: string[];
  /** Per-SKU variant changes (policy, price, or a new SKU). */
  variants?: Record<string, { sku?: string; inventoryPolicy?: "DENY" | "CONTINUE"; price?: number | string }>;
};

/** Edits a product in the admin: emits products/update. `ref` is a product id or one of its SKUs. */
export function updateProduct(shop: EmulatedShop, ref: number | string, change: ProductChange, now: Date): EmProduct {
  const product = typeof ref === "number" ? shop.products.get(ref) : shop.products.get(shop.variantBySku(ref)?.productId ?? -1);
  if (!product) throw new Error(`emulator: unknown product ${ref} in ${shop.domain}`);
  if (change.title !== undefined) product.title = change.title;
  if (change.status !== undefined) product.status = change.status;
  if (change.tags !== undefined) product.tags = change.tags;
  for (const [sku, vc] of Object.entries(change.variants ?? {})) {
    const v = shop.variantBySku(sku);
    if (!v || v.productId !== product.id) throw new Error(`emulator: SKU ${sku} is not a variant of product ${product.id}`);
    if (vc.inventoryPolicy) v.inventoryPolicy = vc.inventoryPolicy;
    if (vc.price !== undefined) v.price = Number(vc.price).toFixed(2);
    if (vc.sku !== undefined && vc.sku !== v.sku) {
      if (shop.variantIdBySku.has(vc.sku)) throw new Error(`emulator: SKU ${vc.sku} already exists`);
      if (v.sku) shop.variantIdBySku.delete(v.sku);
      v.sku = vc.sku;
      shop.variantIdBySku.set(vc.sku, v.id);
    }
    v.updatedAt = now;
  }
  emitProductUpdated(shop, product, now);
  return product;
}

export type VariantChange = { variantId: number; inventoryPolicy?: "DENY" | "CONTINUE"; price?: string; sku?: string | null; tracked?: boolean };

/**
 * Changes variants of one product (productVariantsBulkUpdate), then emits one products/update.
 * SKUs stay unique in the emulator (its SKU index); a taken SKU throws.
 */
export function updateVariants(shop: EmulatedShop, product: EmProduct, changes: VariantChange[], now: Date): EmProduct {
  for (const c of changes) {
    const v = shop.variants.get(c.variantId);
    if (!v || v.productId !== product.id) throw new Error(`emulator: variant ${c.variantId} is not a variant of product ${product.id}`);
    if (c.inventoryPolicy) v.inventoryPolicy = c.inventoryPolicy;
    if (c.price !== undefined) v.price = Number(c.price).toFixed(2);
    if (c.sku !== undefined && c.sku !== v.sku) {
      if (c.sku && shop.variantIdBySku.has(c.sku)) throw new Error(`emulator: SKU ${c.sku} already exists`);
      if (v.sku) shop.variantIdBySku.delete(v.sku);
      v.sku = c.sku;
      if (c.sku) shop.variantIdBySku.set(c.sku, v.id);
    }
    if (c.tracked !== undefined) {
      const item = shop.items.get(v.inventoryItemId)!;
      item.tracked = c.tracked;
      item.updatedAt = now;
    }
    v.updatedAt = now;
  }
  emitProductUpdated(shop, product, now);
  return product;
}
