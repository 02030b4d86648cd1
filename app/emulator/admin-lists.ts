// Top-level lists (orders, productVariants, products, inventoryItems, locations, customers) with
// Shopify's search syntax, sort keys and the 60-day order window without read_all_orders.
import { GraphQLError } from "graphql";
import { parseGid, type EmLocation, type EmOrder, type EmProduct, type EmVariant } from "./emulated-shop";
import { byId, connection, type SortKey } from "./graphql-connection";
import { RECENT_ORDERS_MS, type makeViews, type ViewContext } from "./graphql-views";
import { compareValues, searchFilter, type SearchFields } from "./search-query";

type Args = Record<string, unknown>;

export function makeLists(ctx: ViewContext, views: ReturnType<typeof makeViews>) {
  const { shop } = ctx;
  const { orderView, variantView, productView, itemView, locationView, customerView, displayFulfillmentStatus } = views;
  const search = <T>(items: T[], args: Args, fields: SearchFields<T>, path: string) => searchFilter(items, args.query, fields, [path], ctx.searches);
  const idField = (type: string) => (item: { id: number }, op: string, value: string) =>
    compareValues(item.id, op as ":", parseGid(value)?.type === type ? String(parseGid(value)!.id) : value);
  const date = (d: Date | null) => (d ? d.toISOString() : null);
  const orderFields: SearchFields<EmOrder> = {
    id: idField("Order"),
    name: (o, op, v) => compareValues(o.name, op, v) || compareValues(o.name, op, `#${v}`),
    status: (o, _op, v) => (v === "open" ? !o.closedAt && !o.cancelledAt : v === "closed" ? Boolean(o.closedAt) && !o.cancelledAt : v === "cancelled" ? Boolean(o.cancelledAt) : v === "any"),
    fulfillment_status: (o, _op, v) => {
      const s = displayFulfillmentStatus(o);
      if (v === "unfulfilled" || v === "unshipped") return s === "UNFULFILLED" || s === "ON_HOLD";
      if (v === "shipped" || v === "fulfilled") return s === "FULFILLED";
      if (v === "partial") return s === "PARTIALLY_FULFILLED";
      return v === "any";
    },
    source_name: (o, op, v) => compareValues(o.sourceName, op, v),
    created_at: (o, op, v) => compareValues(date(o.createdAt), op, v),
    updated_at: (o, op, v) => compareValues(date(o.updatedAt), op, v),
    processed_at: (o, op, v) => compareValues(date(o.createdAt), op, v),
    tag: (o, _op, v) => o.tags.some((t) => t.toLowerCase() === v.toLowerCase()),
    sku: (o, _op, v) => o.lineItems.some((li) => li.sku?.toLowerCase() === v.toLowerCase()),
    email: (o, op, v) => compareValues(o.email, op, v),
    test: (o, _op, v) => String(o.test) === v,
  };
  const variantFields: SearchFields<EmVariant> = {
    id: idField("ProductVariant"),
    sku: (x, op, v) => compareValues(x.sku, op, v),
    product_id: (x, op, v) => compareValues(x.productId, op, String(parseGid(v)?.id ?? v)),
    inventory_item_id: (x, op, v) => compareValues(x.inventoryItemId, op, String(parseGid(v)?.id ?? v)),
    title: (x, op, v) => compareValues(x.title, op, v),
    updated_at: (x, op, v) => compareValues(date(x.updatedAt), op, v),
  };
  const productFields: SearchFields<EmProduct> = {
    id: idField("Product"),
    title: (p, _op, v) => p.title.toLowerCase().includes(v.toLowerCase()),
    status: (p, _op, v) => v.split(",").some((s) => s.toUpperCase() === p.status),
    tag: (p, _op, v) => p.tags.some((t) => t.toLowerCase() === v.toLowerCase()),
    sku: (p, _op, v) => p.variantIds.some((id) => shop.variants.get(id)?.sku?.toLowerCase() === v.toLowerCase()),
    vendor: (p, op, v) => compareValues(p.vendor, op, v),
    updated_at: (p, op, v) => compareValues(date(p.updatedAt), op, v),
  };
  const sorted = <T extends { id: number }>(sortKey: unknown, keys: Record<string, (t: T) => SortKey>, field: string) => {
    const k = sortKey === undefined || sortKey === null ? "ID" : String(sortKey);
    const f = keys[k];
    if (!f) throw new GraphQLError(`The emulator does not implement sortKey ${k} on ${field}`, { extensions: { code: "NOT_IMPLEMENTED_BY_EMULATOR" } });
    return f;
  };

  const visibleOrders = () => {
    const all = [...shop.orders.values()];
    if (!ctx.now || ctx.scopes?.includes("read_all_orders")) return all;
    const since = ctx.now.getTime() - RECENT_ORDERS_MS;
    return all.filter((o) => o.createdAt.getTime() >= since);
  };
  return {
    orders: (args: Args) =>
      connection(
        search(visibleOrders(), args, orderFields, "orders"),
        args,
        sorted<EmOrder>(args.sortKey, {
          ID: byId,
          CREATED_AT: (o) => [o.createdAt.getTime(), o.id],
          PROCESSED_AT: (o) => [o.createdAt.getTime(), o.id],
          UPDATED_AT: (o) => [o.updatedAt.getTime(), o.id],
          ORDER_NUMBER: (o) => [o.number, o.id],
        }, "orders"),
        orderView,
      ),
    productVariants: (args: Args) =>
      connection(
        search([...shop.variants.values()], args, variantFields, "productVariants"),
        args,
        sorted<EmVariant>(args.sortKey, { ID: byId, SKU: (v) => [v.sku ?? "", v.id], POSITION: (v) => [v.position, v.id] }, "productVariants"),
        variantView,
      ),
    products: (args: Args) =>
      connection(
        search([...shop.products.values()], args, productFields, "products"),
        args,
        sorted<EmProduct>(args.sortKey, { ID: byId, TITLE: (p) => [p.title, p.id], UPDATED_AT: (p) => [p.updatedAt.getTime(), p.id] }, "products"),
        (p) => productView(p.id),
      ),
    inventoryItems: (args: Args) =>
      connection(
        search([...shop.items.values()], args, {
          id: idField("InventoryItem"),
          sku: (i, op, v) => compareValues(shop.variants.get(i.variantId)?.sku, op, v),
          updated_at: (i, op, v) => compareValues(date(i.updatedAt), op, v),
        }, "inventoryItems"),
        args,
        byId,
        itemView,
      ),
    locations: (args: Args) =>
      connection(
        search([...shop.locations.values()].filter((l) => args.includeInactive || l.isActive), args, {
          id: idField("Location"),
          name: (l, op, v) => compareValues(l.name, op, v),
          active: (l, _op, v) => String(l.isActive) === v,
        }, "locations"),
        args,
        sorted<EmLocation>(args.sortKey, { ID: byId, NAME: (l) => [l.name, l.id] }, "locations"),
        (l) => locationView(l.id),
      ),
    customers: (args: Args) =>
      connection(
        search([...shop.customers.values()], args, {
          id: idField("Customer"),
          email: (c, op, v) => compareValues(c.email, op, v),
          tag: (c, _op, v) => c.tags.includes(v),
        }, "customers"),
        args,
        byId,
        (c) => customerView(c.id),
      ),
  };
}
