// GraphQL views over the emulated shop: plain objects whose properties are the schema's fields
// (functions where the field takes arguments — graphql-js calls them with the arguments). A field
// the emulator does not implement is simply absent, and the strict resolver reports it as an error.
import { available, gid, parseGid, type EmFulfillmentOrder, type EmInventoryItem, type EmLineItem, type EmOrder, type EmVariant, type EmulatedShop } from "./emulated-shop";

type Args = Record<string, unknown>;

export function connection<T>(all: T[], args: Args, view: (t: T) => unknown) {
  const first = args.first as number | undefined;
  const last = args.last as number | undefined;
  if (first === undefined && last === undefined) throw new Error("you must provide one of first or last");
  if ((first ?? last ?? 0) > 250) throw new Error("The maximum page size is 250");
  const ordered = args.reverse ? [...all].reverse() : all;
  let start = 0;
  let end = ordered.length;
  if (typeof args.after === "string") start = decodeCursor(args.after) + 1;
  if (typeof args.before === "string") end = decodeCursor(args.before);
  if (first !== undefined) end = Math.min(end, start + first);
  if (last !== undefined) start = Math.max(start, end - last);
  const slice = ordered.slice(start, end).map((item, i) => ({ item, index: start + i }));
  const edges = slice.map(({ item, index }) => ({ cursor: encodeCursor(index), node: view(item) }));
  return {
    nodes: edges.map((e) => e.node),
    edges,
    pageInfo: {
      hasNextPage: end < ordered.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

const encodeCursor = (i: number) => Buffer.from(`cursor:${i}`).toString("base64");
function decodeCursor(c: string): number {
  const m = /^cursor:(\d+)$/.exec(Buffer.from(c, "base64").toString("utf8"));
  if (!m) throw new Error(`Invalid cursor: ${c}`);
  return Number(m[1]);
}

const iso = (d: Date | null) => (d ? d.toISOString().replace(/\.\d{3}Z$/, "Z") : null);

export function makeViews(shop: EmulatedShop) {
  const locationView = (id: number) => {
    const l = shop.locations.get(id);
    if (!l) return null;
    return { __typename: "Location", id: gid("Location", l.id), legacyResourceId: String(l.id), name: l.name, isActive: l.isActive };
  };
  const levelView = (item: EmInventoryItem, locationId: number) => {
    const lvl = shop.level(item.id, locationId);
    const q: Record<string, number> = {
      available: available(lvl),
      on_hand: lvl.onHand,
      committed: lvl.committed,
      reserved: lvl.reserved,
      incoming: lvl.incoming,
      damaged: 0,
      quality_control: 0,
      safety_stock: 0,
    };
    return {
      __typename: "InventoryLevel",
      id: `gid://shopify/InventoryLevel/${locationId}?inventory_item_id=${item.id}`,
      updatedAt: iso(lvl.updatedAt),
      location: () => locationView(locationId),
      item: () => itemView(item),
      quantities: ({ names }: { names: string[] }) =>
        names.map((name) => {
          if (!(name in q)) throw new Error(`Invalid quantity name: ${name}`);
          return { id: `gid://shopify/InventoryQuantity/${locationId}?inventory_item_id=${item.id}&name=${name}`, name, quantity: q[name], updatedAt: iso(lvl.updatedAt) };
        }),
    };
  };
  const itemView = (item: EmInventoryItem): Record<string, unknown> => ({
    __typename: "InventoryItem",
    id: gid("InventoryItem", item.id),
    legacyResourceId: String(item.id),
    tracked: item.tracked,
    sku: shop.variants.get(item.variantId)?.sku ?? null,
    variant: () => variantView(shop.variants.get(item.variantId)!),
    inventoryLevels: (args: Args) => connection([...item.levels.keys()].sort((a, b) => a - b), args, (loc) => levelView(item, loc)),
    inventoryLevel: ({ locationId }: { locationId: string }) => {
      const loc = parseGid(locationId)?.id;
      return loc !== undefined && item.levels.has(loc) ? levelView(item, loc) : null;
    },
  });
  const productView = (id: number): Record<string, unknown> | null => {
    const p = shop.products.get(id);
    if (!p) return null;
    return {
      __typename: "Product",
      id: gid("Product", p.id),
      legacyResourceId: String(p.id),
      title: p.title,
      vendor: p.vendor,
      status: p.status,
      tags: p.tags,
      updatedAt: iso(p.updatedAt),
      variants: (args: Args) => connection(p.variantIds.map((v) => shop.variants.get(v)!), args, variantView),
      metafield: metafieldLookup(gid("Product", p.id)),
    };
  };
  const variantView = (v: EmVariant): Record<string, unknown> => ({
    __typename: "ProductVariant",
    id: gid("ProductVariant", v.id),
    legacyResourceId: String(v.id),
    sku: v.sku,
    title: v.title,
    price: v.price,
    displayName: `${shop.products.get(v.productId)?.title ?? ""} - ${v.title}`,
    inventoryPolicy: v.inventoryPolicy,
    product: () => productView(v.productId),
    inventoryItem: () => itemView(shop.items.get(v.inventoryItemId)!),
    metafield: metafieldLookup(gid("ProductVariant", v.id)),
  });
  const metafieldLookup = (ownerId: string) => ({ namespace, key }: { namespace?: string; key: string }) => {
    const m = shop.metafields.find((x) => x.ownerId === ownerId && x.key === key && (namespace === undefined || x.namespace === namespace));
    return m ? { __typename: "Metafield", id: gid("Metafield", m.id), namespace: m.namespace, key: m.key, type: m.type, value: m.value, updatedAt: iso(m.updatedAt) } : null;
  };
  const customerView = (id: number | null) => {
    const c = id !== null ? shop.customers.get(id) : undefined;
    if (!c) return null;
    return {
      __typename: "Customer",
      id: gid("Customer", c.id),
      legacyResourceId: String(c.id),
      email: c.email,
      firstName: c.firstName,
      lastName: c.lastName,
      displayName: [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || "",
    };
  };
  const lineItemView = (li: EmLineItem) => ({
    __typename: "LineItem",
    id: gid("LineItem", li.id),
    sku: li.sku,
    name: li.title,
    title: li.title,
    quantity: li.quantity,
    currentQuantity: li.currentQuantity,
    unfulfilledQuantity: Math.max(0, li.currentQuantity - li.fulfilledQuantity),
    variant: () => (li.variantId !== null && shop.variants.has(li.variantId) ? variantView(shop.variants.get(li.variantId)!) : null),
  });
  const fulfillmentOrderView = (fo: EmFulfillmentOrder, o: EmOrder) => ({
    __typename: "FulfillmentOrder",
    id: gid("FulfillmentOrder", fo.id),
    status: fo.status,
    fulfillmentHolds: fo.holds.map((h, i) => ({ id: gid("FulfillmentHold", fo.id * 100 + i), reason: h.reason, reasonNotes: h.reasonNotes })),
    assignedLocation: { location: () => locationView(fo.locationId), name: shop.locations.get(fo.locationId)?.name ?? "" },
    order: () => orderView(o),
    lineItems: (args: Args) =>
      connection(fo.lines, args, (l) => {
        const li = o.lineItems.find((x) => x.id === l.lineItemId)!;
        const variant = li.variantId !== null ? shop.variants.get(li.variantId) : undefined;
        return {
          __typename: "FulfillmentOrderLineItem",
          id: gid("FulfillmentOrderLineItem", l.id),
          totalQuantity: l.totalQuantity,
          remainingQuantity: l.remainingQuantity,
          inventoryItemId: variant ? gid("InventoryItem", variant.inventoryItemId) : null,
          sku: li.sku,
          lineItem: () => lineItemView(li),
        };
      }),
  });
  const orderView = (o: EmOrder): Record<string, unknown> => ({
    __typename: "Order",
    id: gid("Order", o.id),
    legacyResourceId: String(o.id),
    name: o.name,
    createdAt: iso(o.createdAt),
    updatedAt: iso(o.updatedAt),
    cancelledAt: iso(o.cancelledAt),
    closedAt: iso(o.closedAt),
    test: o.test,
    sourceName: o.sourceName,
    email: o.email,
    tags: o.tags,
    customer: () => customerView(o.customerId),
    lineItems: (args: Args) => connection(o.lineItems, args, lineItemView),
    fulfillmentOrders: (args: Args) => connection(o.fulfillmentOrders, args, (fo) => fulfillmentOrderView(fo, o)),
    metafield: metafieldLookup(gid("Order", o.id)),
  });
  const shopView = {
    __typename: "Shop",
    id: gid("Shop", shop.shopId),
    name: shop.name,
    myshopifyDomain: shop.domain,
    currencyCode: shop.currencyCode,
    ianaTimezone: shop.ianaTimezone,
  };

  function nodeById(id: string): unknown {
    const g = parseGid(id);
    if (!g) return null;
    switch (g.type) {
      case "Order": return shop.orders.has(g.id) ? orderView(shop.orders.get(g.id)!) : null;
      case "ProductVariant": return shop.variants.has(g.id) ? variantView(shop.variants.get(g.id)!) : null;
      case "Product": return productView(g.id);
      case "InventoryItem": return shop.items.has(g.id) ? itemView(shop.items.get(g.id)!) : null;
      case "Location": return locationView(g.id);
      case "Customer": return customerView(g.id);
      default: return null;
    }
  }

  return { shopView, locationView, variantView, productView, itemView, orderView, nodeById };
}

/** Shopify search syntax, the part the app uses: `status:open fulfillment_status:unfulfilled sku:X`. */
export function orderMatches(o: EmOrder, query: string | undefined): boolean {
  if (!query) return true;
  for (const term of query.split(/\s+/).filter(Boolean)) {
    const [k, v] = term.split(":");
    if (k === "status" && v === "open" && (o.closedAt || o.cancelledAt)) return false;
    if (k === "status" && v === "cancelled" && !o.cancelledAt) return false;
    if (k === "fulfillment_status" && v === "unfulfilled" && !o.lineItems.some((li) => li.currentQuantity - li.fulfilledQuantity > 0)) return false;
    if (k === "name" && o.name !== v) return false;
  }
  return true;
}

export function variantMatches(v: EmVariant, query: string | undefined): boolean {
  if (!query) return true;
  const m = /sku:(\S+)/.exec(query);
  return m ? v.sku === m[1].replace(/^"|"$/g, "") : true;
}
