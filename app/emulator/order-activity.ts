// Orders as Shopify handles them: stock committed at creation (below zero when oversold), routing to
// locations (split into fulfillment orders), cancellation and fulfillment, each emitting the
// webhooks Shopify sends, in Shopify's order. Holds, moves and splits: fulfillment-order-activity;
// refunds and order edits: order-change-activity.
import { available, type EmFulfillmentOrder, type EmOrder, type EmulatedShop } from "./emulated-shop";
import { fulfillmentOrderRef, orderPayload } from "./rest-payloads";
import { resolveLocation } from "./catalog-activity";
import { taxLinesFor } from "./order-money";
import { emitLevels, touch } from "./inventory-activity";

export type OrderInput = {
  name?: string;
  /** source_name: web, pos, shopify_draft_order, or a sales channel app id. */
  channel: string;
  createdAt?: Date;
  /** Location id or name for every line; default: Shopify's routing (see placeOrder). */
  location?: number | string;
  locationId?: number | string;
  customer?: { email: string; firstName?: string; lastName?: string } | null;
  lines: { sku?: string; variantId?: number; quantity: number }[];
  test?: boolean;
  tags?: string[];
};

/**
 * Creates an order as checkout/POS would: lines go to the given location; without one, to the
 * first active location that can ship every line, else each line to the first location with
 * stock for it (splitting the order into one fulfillment order per location), else the first
 * location. Stock is committed at once — available goes below zero when oversold (Shopify allows
 * it for CONTINUE variants, POS and marketplace channels; the emulator always does, the app must
 * detect it). Emits orders/create, then one inventory_levels/update per level touched, then one
 * fulfillment_orders/order_routing_complete per fulfillment order.
 */
export function placeOrder(shop: EmulatedShop, input: OrderInput, now: Date): EmOrder {
  const at = input.createdAt ?? now;
  if (input.lines.length === 0) throw new Error("emulator: an order needs at least one line");
  const lines = input.lines.map((l) => {
    const v = l.variantId !== undefined ? shop.variants.get(l.variantId) : l.sku ? shop.variantBySku(l.sku) : undefined;
    if (!v) throw new Error(`emulator: unknown variant ${l.sku ?? l.variantId} in ${shop.domain}`);
    if (!Number.isInteger(l.quantity) || l.quantity < 1) throw new Error(`emulator: quantity must be a positive integer (got ${l.quantity})`);
    return { v, quantity: l.quantity };
  });
  const locations = shop.activeLocationIds();
  if (locations.length === 0) throw new Error(`emulator: ${shop.domain} has no location`);
  const stockAt = (itemId: number, loc: number) => {
    const level = shop.items.get(itemId)!.levels.get(loc);
    return level ? available(level) : -Infinity;
  };
  const given = input.location ?? input.locationId;
  const fixed = given !== undefined ? resolveLocation(shop, given) : undefined;
  const whole = fixed ?? locations.find((loc) => lines.every(({ v, quantity }) => stockAt(v.inventoryItemId, loc) >= quantity));
  const lineLocations = lines.map(({ v, quantity }) => whole ?? locations.find((loc) => stockAt(v.inventoryItemId, loc) >= quantity) ?? locations[0]);

  let customerId: number | null = null;
  if (input.customer) {
    const existing = shop.customerByEmail(input.customer.email);
    if (existing) customerId = existing.id;
    else {
      customerId = shop.id();
      shop.addCustomer({ id: customerId, email: input.customer.email, firstName: input.customer.firstName ?? null, lastName: input.customer.lastName ?? null, tags: [], createdAt: at, updatedAt: at });
    }
  }
  const number = shop.nextOrderNumber();
  const order: EmOrder = {
    id: shop.id(),
    name: input.name ?? `#${number}`,
    number,
    sourceName: input.channel,
    createdAt: at,
    updatedAt: at,
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    test: input.test ?? false,
    email: input.customer?.email ?? null,
    customerId,
    locationId: input.channel === "pos" ? (fixed ?? lineLocations[0]) : null,
    tags: input.tags ?? [],
    lineItems: lines.map(({ v, quantity }) => {
      const product = shop.products.get(v.productId);
      return {
        id: shop.id(),
        variantId: v.id,
        sku: v.sku,
        title: product?.title ?? v.title,
        variantTitle: v.title === "Default Title" ? null : v.title,
        vendor: product?.vendor ?? null,
        quantity,
        currentQuantity: quantity,
        fulfilledQuantity: 0,
        price: v.price,
        taxLines: taxLinesFor(shop, v.price, quantity),
      };
    }),
    fulfillmentOrders: [],
    refunds: [],
  };
  const byLocation = new Map<number, EmFulfillmentOrder>();
  order.lineItems.forEach((li, i) => {
    const loc = lineLocations[i];
    let fo = byLocation.get(loc);
    if (!fo) {
      fo = { id: shop.id(), locationId: loc, status: "OPEN", holds: [], lines: [], createdAt: at, updatedAt: at };
      byLocation.set(loc, fo);
      order.fulfillmentOrders.push(fo);
    }
    fo.lines.push({ id: shop.id(), lineItemId: li.id, totalQuantity: li.quantity, remainingQuantity: li.quantity });
  });
  shop.orders.set(order.id, order);

  const touched = new Map<string, [number, number]>();
  lines.forEach(({ v, quantity }, i) => {
    const item = shop.items.get(v.inventoryItemId)!;
    if (!item.tracked) return;
    const level = shop.level(item.id, lineLocations[i]);
    level.committed += quantity;
    touch(level, at);
    touched.set(`${item.id}:${lineLocations[i]}`, [item.id, lineLocations[i]]);
  });
  shop.emit("orders/create", orderPayload(shop, order), at);
  emitLevels(shop, touched, at);
  // Routing is done: Shopify reports each fulfillment order it assigned, with its id and status only.
  for (const fo of order.fulfillmentOrders) shop.emit("fulfillment_orders/order_routing_complete", { fulfillment_order: fulfillmentOrderRef(fo) }, at);
  return order;
}

export function findOrder(shop: EmulatedShop, orderId: number): EmOrder {
  const order = shop.orders.get(orderId);
  if (!order) throw new Error(`emulator: unknown order ${orderId} in ${shop.domain}`);
  return order;
}

/**
 * Cancels an order. Unshipped units leave `committed`; with restock they return to available,
 * without it they are written off on_hand (available does not rise). Shipped units come back
 * on_hand only with restock. Emits orders/cancelled, orders/updated, then inventory updates.
 */
export function cancelOrder(shop: EmulatedShop, orderId: number, o: { restock?: boolean; reason?: string }, now: Date): EmOrder {
  const order = findOrder(shop, orderId);
  if (order.cancelledAt) throw new Error(`emulator: order ${order.name} is already cancelled`);
  const restock = o.restock ?? true;
  const touched = new Map<string, [number, number]>();
  for (const fo of order.fulfillmentOrders) {
    for (const fl of fo.lines) {
      const li = order.lineItems.find((x) => x.id === fl.lineItemId)!;
      const v = li.variantId !== null ? shop.variants.get(li.variantId) : undefined;
      const item = v ? shop.items.get(v.inventoryItemId) : undefined;
      const shipped = fl.totalQuantity - fl.remainingQuantity;
      if (item?.tracked && (fl.remainingQuantity > 0 || (restock && shipped > 0))) {
        const level = shop.level(item.id, fo.locationId);
        level.committed -= fl.remainingQuantity;
        if (!restock) level.onHand -= fl.remainingQuantity;
        if (restock) level.onHand += shipped;
        touch(level, now);
        touched.set(`${item.id}:${fo.locationId}`, [item.id, fo.locationId]);
      }
      fl.remainingQuantity = 0;
    }
    fo.status = fo.status === "CLOSED" ? "CLOSED" : "CANCELLED";
    fo.updatedAt = now;
  }
  for (const li of order.lineItems) li.currentQuantity = 0;
  order.cancelledAt = now;
  order.cancelReason = (o.reason ?? "customer").toLowerCase();
  order.closedAt = now;
  order.updatedAt = now;
  shop.emit("orders/cancelled", orderPayload(shop, order), now);
  shop.emit("orders/updated", orderPayload(shop, order), now);
  emitLevels(shop, touched, now);
  return order;
}

/**
 * Ships every open fulfillment order of the order (or the one given): committed and on_hand drop
 * together (available is unchanged). Held fulfillment orders are not shipped (asking for one by id
 * fails). With everything shipped the order is archived (closed), Shopify's default setting.
 */
export function fulfillOrder(shop: EmulatedShop, orderId: number, o: { fulfillmentOrderId?: number }, now: Date): EmOrder {
  const order = findOrder(shop, orderId);
  if (order.cancelledAt) throw new Error(`emulator: order ${order.name} is cancelled`);
  const fos = order.fulfillmentOrders.filter((fo) => o.fulfillmentOrderId === undefined || fo.id === o.fulfillmentOrderId);
  if (fos.length === 0) throw new Error(`emulator: unknown fulfillment order ${o.fulfillmentOrderId}`);
  const touched = new Map<string, [number, number]>();
  for (const fo of fos) {
    if (fo.status === "ON_HOLD" && o.fulfillmentOrderId !== undefined) throw new Error(`emulator: fulfillment order ${fo.id} is on hold`);
    if (fo.status !== "OPEN" && fo.status !== "IN_PROGRESS") continue;
    for (const fl of fo.lines) {
      const li = order.lineItems.find((x) => x.id === fl.lineItemId)!;
      const v = li.variantId !== null ? shop.variants.get(li.variantId) : undefined;
      const item = v ? shop.items.get(v.inventoryItemId) : undefined;
      if (item?.tracked && fl.remainingQuantity > 0) {
        const level = shop.level(item.id, fo.locationId);
        level.committed -= fl.remainingQuantity;
        level.onHand -= fl.remainingQuantity;
        touch(level, now);
        touched.set(`${item.id}:${fo.locationId}`, [item.id, fo.locationId]);
      }
      li.fulfilledQuantity += fl.remainingQuantity;
      fl.remainingQuantity = 0;
    }
    fo.status = "CLOSED";
    fo.updatedAt = now;
  }
  if (order.lineItems.every((li) => li.fulfilledQuantity >= li.currentQuantity)) order.closedAt = now;
  order.updatedAt = now;
  shop.emit("orders/updated", orderPayload(shop, order), now);
  emitLevels(shop, touched, now);
  return order;
}

export function emitOrderUpdated(shop: EmulatedShop, order: EmOrder, now: Date): void {
  order.updatedAt = now;
  shop.emit("orders/updated", orderPayload(shop, order), now);
}
