// In-memory state of one emulated shop: what the Admin API reads and what webhooks describe.
// Quantities follow Shopify's names: available = on_hand - committed - reserved.

export type EmLocation = { id: number; name: string; isActive: boolean; createdAt: Date };
export type EmVariant = {
  id: number;
  productId: number;
  sku: string | null;
  title: string;
  price: string;
  inventoryPolicy: "DENY" | "CONTINUE";
  inventoryItemId: number;
  position: number;
  createdAt: Date;
  updatedAt: Date;
};
export type EmProduct = {
  id: number;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  tags: string[];
  variantIds: number[];
  createdAt: Date;
  updatedAt: Date;
};
/**
 * `id` is the level's own id (InventoryLevel gids carry it, not the location id). damaged,
 * qualityControl, safetyStock and reserved are Shopify's "unavailable" states, part of on_hand.
 */
export type EmLevel = {
  id: number;
  onHand: number;
  committed: number;
  reserved: number;
  damaged: number;
  qualityControl: number;
  safetyStock: number;
  incoming: number;
  createdAt: Date;
  updatedAt: Date;
};
/** A tax charged on a line item: `price` is the tax on the line's original quantity. */
export type EmTaxLine = { title: string; rate: number; price: string };
export type EmInventoryItem = { id: number; variantId: number; tracked: boolean; levels: Map<number, EmLevel>; createdAt: Date; updatedAt: Date };
export type EmLineItem = {
  id: number;
  variantId: number | null;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  vendor: string | null;
  quantity: number;
  currentQuantity: number;
  fulfilledQuantity: number;
  price: string;
  /** Tax on the line's original quantity (empty when the shop charges none). */
  taxLines: EmTaxLine[];
};
/** `appId`: the app that placed the hold (null: the merchant, in the admin). `handle` defaults to "". */
export type EmHold = { id: number; reason: string; reasonNotes: string | null; handle: string; appId: number | null };
export type EmFulfillmentOrder = {
  id: number;
  locationId: number;
  status: "OPEN" | "ON_HOLD" | "CLOSED" | "CANCELLED" | "IN_PROGRESS";
  holds: EmHold[];
  lines: { id: number; lineItemId: number; totalQuantity: number; remainingQuantity: number }[];
  createdAt: Date;
  updatedAt: Date;
};
export type EmRefundLine = {
  id: number;
  lineItemId: number;
  quantity: number;
  restockType: "RETURN" | "CANCEL" | "NO_RESTOCK";
  /** Where restocked units went (null when not restocked). */
  locationId: number | null;
  subtotal: string;
  /** The refunded units' share of the line's tax. */
  totalTax: string;
};
/** `transactions`: the money refunded (refundCreate `transactions`), each against the order's sale. */
export type EmRefund = { id: number; note: string | null; createdAt: Date; lines: EmRefundLine[]; transactions?: { id: number; amount: string; gateway: string }[] };
/** An order edit session (orderEditBegin): changes are staged until orderEditCommit. */
export type EmOrderEdit = {
  id: number;
  orderId: number;
  createdAt: Date;
  committedAt: Date | null;
  /** Existing line item id -> staged quantity (and whether removed units are restocked). */
  quantities: Map<number, { quantity: number; restock: boolean }>;
  /** Variants added in this session; `id` is the CalculatedLineItem id. */
  added: { id: number; variantId: number; quantity: number; locationId: number | null }[];
};
export type EmCustomer = { id: number; email: string | null; firstName: string | null; lastName: string | null; tags: string[]; createdAt: Date; updatedAt: Date };
export type EmOrder = {
  id: number;
  name: string;
  /** The shop's running order number (1001, 1002, ...); `name` is "#<number>" unless given. */
  number: number;
  sourceName: string;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  cancelReason: string | null;
  closedAt: Date | null;
  test: boolean;
  email: string | null;
  customerId: number | null;
  /** Set for POS orders only, as Shopify's REST payload does. */
  locationId: number | null;
  tags: string[];
  lineItems: EmLineItem[];
  fulfillmentOrders: EmFulfillmentOrder[];
  refunds: EmRefund[];
};
export type EmMetafield = { id: number; ownerId: string; namespace: string; key: string; type: string; value: string; createdAt: Date; updatedAt: Date };
/** A metafield definition (metafieldDefinitionCreate); `namespace` as stored (`$app` resolved). */
export type EmMetafieldDefinition = {
  id: number;
  ownerType: string;
  namespace: string;
  key: string;
  name: string;
  description: string | null;
  type: string;
  access: { admin: string | null; storefront: string; customerAccount: string };
  createdAt: Date;
};

/** Where state changes are reported (the emulator turns them into webhook deliveries). */
export type ShopEventSink = (topic: string, payload: unknown, at: Date) => void;

export class EmulatedShop {
  name: string;
  currencyCode = "USD";
  ianaTimezone = "America/New_York";
  /** ISO 3166-1 alpha-2 of the shop's address (Shop.shopAddress.countryCodeV2). */
  countryCode = "US";
  /** Tax charged on top of prices (0: none, the default); each new line item records its tax lines. */
  taxRate = 0;
  taxTitle = "Sales tax";
  email: string;
  createdAt: Date;
  locations = new Map<number, EmLocation>();
  products = new Map<number, EmProduct>();
  variants = new Map<number, EmVariant>();
  items = new Map<number, EmInventoryItem>();
  orders = new Map<number, EmOrder>();
  customers = new Map<number, EmCustomer>();
  metafields: EmMetafield[] = [];
  metafieldDefinitions: EmMetafieldDefinition[] = [];
  orderEdits = new Map<number, EmOrderEdit>();
  /** Results of mutations sent with `@idempotent(key:)`, by key: a repeat answers the first result. */
  readonly idempotentResults = new Map<string, { request: string; result: unknown }>();
  /** Indexes kept in step with the maps above: the benchmark places 10,000 orders. */
  readonly variantIdBySku = new Map<string, number>();
  readonly customerIdByEmail = new Map<string, number>();
  /**
   * The order of each fulfillment order and line item, filled by `orderHolding` as it scans: lookups
   * by id (the app's `nodes(ids:)`) cost one scan per batch of new ids instead of one per id.
   * Neither ever moves to another order, and every hit is checked against the order itself.
   */
  private readonly orderOfFulfillmentOrder = new Map<number, EmOrder>();
  private readonly orderOfLineItem = new Map<number, EmOrder>();
  private nextId: number;
  private orderCount = 0;
  emit: ShopEventSink = () => {};

  /** The fulfillment order with this id and its order, or null. */
  findFulfillmentOrder(id: number): { fo: EmFulfillmentOrder; order: EmOrder } | null {
    const order = this.orderHolding(this.orderOfFulfillmentOrder, id, (o) => o.fulfillmentOrders);
    const fo = order?.fulfillmentOrders.find((x) => x.id === id);
    return order && fo ? { fo, order } : null;
  }

  /** The line item with this id and its order, or null. */
  findLineItem(id: number): { lineItem: EmLineItem; order: EmOrder } | null {
    const order = this.orderHolding(this.orderOfLineItem, id, (o) => o.lineItems);
    const lineItem = order?.lineItems.find((x) => x.id === id);
    return order && lineItem ? { lineItem, order } : null;
  }

  private orderHolding(index: Map<number, EmOrder>, id: number, children: (o: EmOrder) => { id: number }[]): EmOrder | null {
    const known = index.get(id);
    if (known && this.orders.get(known.id) === known && children(known).some((c) => c.id === id)) return known;
    let found: EmOrder | null = null;
    for (const order of this.orders.values()) {
      for (const c of children(order)) {
        index.set(c.id, order);
        if (c.id === id) found = order;
      }
    }
    return found;
  }

  constructor(
    readonly domain: string,
    readonly shopId: number,
    createdAt: Date,
  ) {
    this.name = domain.replace(".myshopify.com", "");
    this.email = `owner@${domain}`;
    this.createdAt = createdAt;
    // Shopify-sized ids (13-14 digits, beyond 2^32), distinct per shop, still safe integers.
    this.nextId = 7_000_000_000_000 + shopId * 100_000_000_000;
  }

  id(): number {
    return ++this.nextId;
  }

  nextOrderNumber(): number {
    return 1001 + this.orderCount++;
  }

  variantBySku(sku: string): EmVariant | undefined {
    const id = this.variantIdBySku.get(sku);
    return id === undefined ? undefined : this.variants.get(id);
  }

  addVariant(v: EmVariant): void {
    this.variants.set(v.id, v);
    if (v.sku) this.variantIdBySku.set(v.sku, v.id);
  }

  customerByEmail(email: string): EmCustomer | undefined {
    const id = this.customerIdByEmail.get(email.toLowerCase());
    return id === undefined ? undefined : this.customers.get(id);
  }

  addCustomer(c: EmCustomer): void {
    this.customers.set(c.id, c);
    if (c.email) this.customerIdByEmail.set(c.email.toLowerCase(), c.id);
  }

  /** Locations in creation order (Shopify lists them by id). */
  activeLocationIds(): number[] {
    return [...this.locations.values()].filter((l) => l.isActive).map((l) => l.id);
  }

  /** The item's level at a location; `create` stocks the item there (Shopify's "activate"). */
  level(itemId: number, locationId: number, create = true): EmLevel {
    const item = this.items.get(itemId);
    if (!item) throw new Error(`unknown inventory item ${itemId}`);
    let l = item.levels.get(locationId);
    if (!l) {
      if (!create) throw new Error(`inventory item ${itemId} is not stocked at location ${locationId}`);
      l = { id: this.id(), onHand: 0, committed: 0, reserved: 0, damaged: 0, qualityControl: 0, safetyStock: 0, incoming: 0, createdAt: new Date(0), updatedAt: new Date(0) };
      item.levels.set(locationId, l);
    }
    return l;
  }
}

export const unavailable = (l: EmLevel) => l.reserved + l.damaged + l.qualityControl + l.safetyStock;
export const available = (l: EmLevel) => l.onHand - l.committed - unavailable(l);

/** Every quantity name Shopify's InventoryLevel.quantities(names:) accepts, computed from a level. */
export function quantitiesOf(l: EmLevel): Record<string, number> {
  return {
    available: available(l),
    on_hand: l.onHand,
    committed: l.committed,
    reserved: l.reserved,
    damaged: l.damaged,
    quality_control: l.qualityControl,
    safety_stock: l.safetyStock,
    unavailable: unavailable(l),
    incoming: l.incoming,
  };
}

export const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;
export function parseGid(value: unknown): { type: string; id: number } | null {
  if (typeof value !== "string") return null;
  const m = /^gid:\/\/shopify\/(\w+)\/(\d+)(\?.*)?$/.exec(value);
  return m ? { type: m[1], id: Number(m[2]) } : null;
}
export const levelGid = (l: EmLevel, itemId: number) => `gid://shopify/InventoryLevel/${l.id}?inventory_item_id=${itemId}`;
