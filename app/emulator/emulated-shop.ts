// In-memory state of one emulated shop: what the Admin API reads and what webhooks describe.
// Quantities follow Shopify's names: available = on_hand - committed - reserved.

export type EmLocation = { id: number; name: string; isActive: boolean };
export type EmVariant = {
  id: number;
  productId: number;
  sku: string | null;
  title: string;
  price: string;
  inventoryPolicy: "DENY" | "CONTINUE";
  inventoryItemId: number;
};
export type EmProduct = { id: number; title: string; vendor: string; status: "ACTIVE" | "DRAFT"; tags: string[]; variantIds: number[]; updatedAt: Date };
export type EmLevel = { onHand: number; committed: number; reserved: number; incoming: number; updatedAt: Date };
export type EmInventoryItem = { id: number; variantId: number; tracked: boolean; levels: Map<number, EmLevel> };
export type EmLineItem = {
  id: number;
  variantId: number | null;
  sku: string | null;
  title: string;
  quantity: number;
  currentQuantity: number;
  fulfilledQuantity: number;
  price: string;
};
export type EmFulfillmentOrder = {
  id: number;
  locationId: number;
  status: "OPEN" | "ON_HOLD" | "CLOSED" | "CANCELLED" | "IN_PROGRESS";
  holds: { reason: string; reasonNotes: string | null }[];
  lines: { id: number; lineItemId: number; totalQuantity: number; remainingQuantity: number }[];
};
export type EmCustomer = { id: number; email: string | null; firstName: string | null; lastName: string | null };
export type EmOrder = {
  id: number;
  name: string;
  sourceName: string;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  closedAt: Date | null;
  test: boolean;
  email: string | null;
  customerId: number | null;
  locationId: number | null;
  tags: string[];
  lineItems: EmLineItem[];
  fulfillmentOrders: EmFulfillmentOrder[];
};
export type EmMetafield = { id: number; ownerId: string; namespace: string; key: string; type: string; value: string; updatedAt: Date };

export class EmulatedShop {
  name: string;
  currencyCode = "USD";
  ianaTimezone = "America/New_York";
  locations = new Map<number, EmLocation>();
  products = new Map<number, EmProduct>();
  variants = new Map<number, EmVariant>();
  items = new Map<number, EmInventoryItem>();
  orders = new Map<number, EmOrder>();
  customers = new Map<number, EmCustomer>();
  metafields: EmMetafield[] = [];
  private nextId: number;

  constructor(
    readonly domain: string,
    readonly shopId: number,
  ) {
    this.name = domain.replace(".myshopify.com", "");
    // Shopify-sized ids, distinct per shop.
    this.nextId = 1_000_000_000 + shopId * 10_000_000;
  }

  id(): number {
    return ++this.nextId;
  }

  variantBySku(sku: string): EmVariant | undefined {
    for (const v of this.variants.values()) if (v.sku === sku) return v;
    return undefined;
  }

  level(itemId: number, locationId: number): EmLevel {
    const item = this.items.get(itemId);
    if (!item) throw new Error(`unknown inventory item ${itemId}`);
    let l = item.levels.get(locationId);
    if (!l) {
      l = { onHand: 0, committed: 0, reserved: 0, incoming: 0, updatedAt: new Date(0) };
      item.levels.set(locationId, l);
    }
    return l;
  }
}

export const available = (l: EmLevel) => l.onHand - l.committed - l.reserved;

export const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;
export function parseGid(value: string): { type: string; id: number } | null {
  const m = /^gid:\/\/shopify\/(\w+)\/(\d+)/.exec(value);
  return m ? { type: m[1], id: Number(m[2]) } : null;
}
