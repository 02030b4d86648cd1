// Changes to placed orders: refunds (with restocking) and order edits (begin, stage, commit), with
// the stock effects Shopify applies to committed and on-hand quantities and the webhooks it sends.
// Stock rules are those of cancelOrder: unfulfilled units leave `committed`; restocked they return
// to available, not restocked they are written off on hand. Returned (shipped) units come back on
// hand at the restock location.
import { available, type EmFulfillmentOrder, type EmLineItem, type EmOrder, type EmOrderEdit, type EmRefund, type EmulatedShop } from "./emulated-shop";
import { EmulatorActivityError, itemOfLine, type ActivityError } from "./fulfillment-order-activity";
import { decimal, taxLinesFor, unitsSubtotalMinor, unitsTaxMinor } from "./order-money";
import { emitLevels, touch, type Touched } from "./inventory-activity";
import { emitOrderUpdated } from "./order-activity";
import { orderEditPayload, refundPayload } from "./rest-payloads";

const ACTIVE: EmFulfillmentOrder["status"][] = ["OPEN", "ON_HOLD", "IN_PROGRESS"];
const unfulfilledOf = (li: EmLineItem) => Math.max(0, li.currentQuantity - li.fulfilledQuantity);

/** First active location with `quantity` available for the item, else the first location (Shopify's routing fallback). */
function routeUnits(shop: EmulatedShop, itemId: number | undefined, quantity: number): number {
  const locations = shop.activeLocationIds();
  if (locations.length === 0) throw new Error(`emulator: ${shop.domain} has no location`);
  if (itemId === undefined) return locations[0];
  const item = shop.items.get(itemId)!;
  return locations.find((loc) => item.levels.has(loc) && available(item.levels.get(loc)!) >= quantity) ?? locations[0];
}

/**
 * Takes `quantity` unfulfilled units of a line off its active fulfillment orders (in order):
 * committed drops there; with `writeOff` on hand drops too (not restocked). Fulfillment orders
 * left with nothing to ship close. Returns the first location released from.
 */
function releaseUnits(shop: EmulatedShop, order: EmOrder, lineItemId: number, quantity: number, writeOff: boolean, now: Date, touched: Touched): number | null {
  const item = itemOfLine(shop, order, lineItemId);
  let left = quantity;
  let first: number | null = null;
  for (const fo of order.fulfillmentOrders) {
    if (left === 0) break;
    if (!ACTIVE.includes(fo.status)) continue;
    for (const line of fo.lines) {
      if (line.lineItemId !== lineItemId || line.remainingQuantity === 0 || left === 0) continue;
      const k = Math.min(left, line.remainingQuantity);
      line.remainingQuantity -= k;
      line.totalQuantity -= k;
      left -= k;
      first ??= fo.locationId;
      if (item?.tracked) {
        const level = shop.level(item.id, fo.locationId);
        level.committed -= k;
        if (writeOff) level.onHand -= k;
        touch(level, now);
        touched.set(`${item.id}:${fo.locationId}`, [item.id, fo.locationId]);
      }
    }
    fo.lines = fo.lines.filter((l) => l.totalQuantity > 0);
    if (fo.lines.every((l) => l.remainingQuantity === 0)) fo.status = "CLOSED";
    fo.updatedAt = now;
  }
  return first;
}

/** Adds `quantity` units of a line to be shipped: to its active fulfillment order, else routed to a location. */
function commitUnits(shop: EmulatedShop, order: EmOrder, li: EmLineItem, quantity: number, locationId: number | null, now: Date, touched: Touched): void {
  const item = itemOfLine(shop, order, li.id);
  const holding = order.fulfillmentOrders.find((fo) => (fo.status === "OPEN" || fo.status === "ON_HOLD") && (locationId === null || fo.locationId === locationId) && fo.lines.some((l) => l.lineItemId === li.id));
  const loc = holding?.locationId ?? locationId ?? routeUnits(shop, item?.id, quantity);
  let fo = holding ?? order.fulfillmentOrders.find((x) => x.status === "OPEN" && x.locationId === loc);
  if (!fo) {
    fo = { id: shop.id(), locationId: loc, status: "OPEN", holds: [], lines: [], createdAt: now, updatedAt: now };
    order.fulfillmentOrders.push(fo);
  }
  const line = fo.lines.find((l) => l.lineItemId === li.id);
  if (line) {
    line.totalQuantity += quantity;
    line.remainingQuantity += quantity;
  } else fo.lines.push({ id: shop.id(), lineItemId: li.id, totalQuantity: quantity, remainingQuantity: quantity });
  fo.updatedAt = now;
  if (item?.tracked) {
    const level = shop.level(item.id, loc);
    level.committed += quantity;
    touch(level, now);
    touched.set(`${item.id}:${loc}`, [item.id, loc]);
  }
}

// ---- refunds --------------------------------------------------------------------------------------

export type RestockType = "RETURN" | "CANCEL" | "NO_RESTOCK" | "LEGACY_RESTOCK";
export type RefundLineInput = { lineItemId: number; quantity: number; restockType?: RestockType | null; locationId?: number | null };

/** refundCreate's checks on the refund lines (UserError: field and message). */
export function refundError(shop: EmulatedShop, order: EmOrder, lines: RefundLineInput[]): ActivityError | null {
  const asked = new Map<number, { total: number; cancel: number; ret: number }>();
  for (const [i, l] of lines.entries()) {
    const fail = (field: string, message: string): ActivityError => ({ field: ["input", "refundLineItems", String(i), field], message, code: null });
    const li = order.lineItems.find((x) => x.id === l.lineItemId);
    if (!li) return fail("lineItemId", "Line item does not exist on this order.");
    if (l.quantity < 1) return fail("quantity", "Quantity must be greater than 0.");
    if (l.restockType === "LEGACY_RESTOCK") return fail("restockType", "Restock type LEGACY_RESTOCK is not accepted when creating refunds.");
    if (l.locationId != null && !shop.locations.get(l.locationId)?.isActive) return fail("locationId", "Location could not be found.");
    const a = asked.get(li.id) ?? { total: 0, cancel: 0, ret: 0 };
    a.total += l.quantity;
    if (l.restockType === "CANCEL") a.cancel += l.quantity;
    if (l.restockType === "RETURN") a.ret += l.quantity;
    asked.set(li.id, a);
    if (a.total > li.currentQuantity) return fail("quantity", "Line item quantity cannot refund more items than were purchased.");
    if (a.cancel > unfulfilledOf(li)) return fail("restockType", "Only unfulfilled items can be restocked with restock type CANCEL.");
    if (a.ret > li.currentQuantity - unfulfilledOf(li)) return fail("restockType", "Only fulfilled items can be restocked with restock type RETURN.");
  }
  return null;
}

/**
 * Refunds line quantities (refundCreate; money is not modelled). CANCEL releases unfulfilled
 * units back to available; RETURN puts shipped units back on hand at `locationId` (default: where
 * the line was assigned); NO_RESTOCK removes unfulfilled units first (written off on hand), then
 * shipped ones (no stock change). Emits refunds/create, orders/updated, then inventory updates.
 */
export function refundOrder(shop: EmulatedShop, order: EmOrder, input: { note?: string | null; lines: RefundLineInput[] }, now: Date): EmRefund {
  const error = refundError(shop, order, input.lines);
  if (error) throw new EmulatorActivityError(error);
  const touched: Touched = new Map();
  const refund: EmRefund = { id: shop.id(), note: input.note ?? null, createdAt: now, lines: [] };
  for (const l of input.lines) {
    const li = order.lineItems.find((x) => x.id === l.lineItemId)!;
    const restockType = (l.restockType ?? "NO_RESTOCK") as EmRefund["lines"][number]["restockType"];
    let locationId: number | null = null;
    if (restockType === "CANCEL") {
      locationId = releaseUnits(shop, order, li.id, l.quantity, false, now, touched);
    } else if (restockType === "RETURN") {
      locationId = l.locationId ?? order.fulfillmentOrders.find((fo) => fo.lines.some((x) => x.lineItemId === li.id))?.locationId ?? shop.activeLocationIds()[0];
      const item = itemOfLine(shop, order, li.id);
      if (item?.tracked) {
        const level = shop.level(item.id, locationId);
        level.onHand += l.quantity;
        touch(level, now);
        touched.set(`${item.id}:${locationId}`, [item.id, locationId]);
      }
    } else {
      const fromUnfulfilled = Math.min(l.quantity, unfulfilledOf(li));
      if (fromUnfulfilled > 0) releaseUnits(shop, order, li.id, fromUnfulfilled, true, now, touched);
    }
    li.currentQuantity -= l.quantity;
    refund.lines.push({ id: shop.id(), lineItemId: li.id, quantity: l.quantity, restockType, locationId, subtotal: decimal(unitsSubtotalMinor(li, l.quantity)), totalTax: decimal(unitsTaxMinor(li, l.quantity)) });
  }
  order.refunds.push(refund);
  shop.emit("refunds/create", refundPayload(shop, order, refund), now);
  emitOrderUpdated(shop, order, now);
  emitLevels(shop, touched, now);
  return refund;
}

// ---- order edits ----------------------------------------------------------------------------------

export function orderEditError(order: EmOrder): ActivityError | null {
  if (order.cancelledAt) return { field: ["id"], message: "The order is cancelled and can't be edited.", code: null };
  return null;
}

/** orderEditBegin: a session with no staged change. */
export function beginOrderEdit(shop: EmulatedShop, order: EmOrder, now: Date): EmOrderEdit {
  const error = orderEditError(order);
  if (error) throw new EmulatorActivityError(error);
  const edit: EmOrderEdit = { id: shop.id(), orderId: order.id, createdAt: now, committedAt: null, quantities: new Map(), added: [] };
  shop.orderEdits.set(edit.id, edit);
  return edit;
}

/** The quantity a line has in the edit (staged, else current). */
export const editedQuantity = (edit: EmOrderEdit, li: EmLineItem) => edit.quantities.get(li.id)?.quantity ?? li.currentQuantity;

/** orderEditSetQuantity: stages a line's new quantity (an added line's too; 0 removes it). */
export function setEditQuantity(shop: EmulatedShop, edit: EmOrderEdit, lineId: number, quantity: number, restock: boolean): ActivityError | null {
  const order = shop.orders.get(edit.orderId)!;
  if (edit.committedAt) return { field: ["id"], message: "The order edit has already been committed.", code: null };
  if (quantity < 0) return { field: ["quantity"], message: "Quantity must be greater than or equal to 0.", code: null };
  const added = edit.added.find((a) => a.id === lineId);
  if (added) {
    if (quantity === 0) edit.added.splice(edit.added.indexOf(added), 1);
    else added.quantity = quantity;
    return null;
  }
  const li = order.lineItems.find((x) => x.id === lineId);
  if (!li) return { field: ["lineItemId"], message: "Line item does not exist on this order edit.", code: null };
  if (quantity < li.fulfilledQuantity) return { field: ["quantity"], message: `Quantity can't be less than the ${li.fulfilledQuantity} fulfilled.`, code: null };
  if (quantity === li.currentQuantity) edit.quantities.delete(li.id);
  else edit.quantities.set(li.id, { quantity, restock });
  return null;
}

/** orderEditAddVariant: stages a new line for the variant. Returns its CalculatedLineItem id. */
export function addEditVariant(
  shop: EmulatedShop,
  edit: EmOrderEdit,
  variantId: number,
  locationId: number | null,
  quantity: number,
  allowDuplicates: boolean,
): { id: number } | ActivityError {
  const order = shop.orders.get(edit.orderId)!;
  if (edit.committedAt) return { field: ["id"], message: "The order edit has already been committed.", code: null };
  if (quantity < 1) return { field: ["quantity"], message: "Quantity must be greater than 0.", code: null };
  if (!shop.variants.has(variantId)) return { field: ["variantId"], message: "Variant does not exist.", code: null };
  if (locationId !== null && !shop.locations.get(locationId)?.isActive) return { field: ["locationId"], message: "Location could not be found.", code: null };
  const onOrder = order.lineItems.some((li) => li.variantId === variantId && editedQuantity(edit, li) > 0) || edit.added.some((a) => a.variantId === variantId);
  if (onOrder && !allowDuplicates) return { field: ["variantId"], message: "The variant is already on the order. Set allowDuplicates to add it as another line item.", code: null };
  const id = shop.id();
  edit.added.push({ id, variantId, quantity, locationId });
  return { id };
}

/**
 * orderEditCommit: applies the staged quantities and added lines. Fewer units release stock
 * commitment (written off on hand unless restocked); more units and added variants are committed
 * at the line's fulfillment order, the given location, or by routing. Emits orders/edited,
 * orders/updated, then one inventory_levels/update per level touched.
 */
export function commitOrderEdit(
  shop: EmulatedShop,
  edit: EmOrderEdit,
  o: { appId: number | null; notifyCustomer?: boolean | null; staffNote?: string | null },
  now: Date,
): EmOrder {
  const order = shop.orders.get(edit.orderId)!;
  if (edit.committedAt) throw new EmulatorActivityError({ field: ["id"], message: "The order edit has already been committed.", code: null });
  const stale = orderEditError(order) ?? [...edit.quantities].map(([id, q]) => {
    const li = order.lineItems.find((x) => x.id === id)!;
    return q.quantity < li.fulfilledQuantity ? ({ field: ["id"], message: `Line item ${li.id} has ${li.fulfilledQuantity} fulfilled since the edit began.`, code: null } as ActivityError) : null;
  }).find(Boolean);
  if (stale) throw new EmulatorActivityError(stale);
  const touched: Touched = new Map();
  const additions: { id: number; delta: number }[] = [];
  const removals: { id: number; delta: number }[] = [];
  for (const [id, q] of edit.quantities) {
    const li = order.lineItems.find((x) => x.id === id)!;
    const delta = q.quantity - li.currentQuantity;
    if (delta < 0) {
      releaseUnits(shop, order, li.id, -delta, !q.restock, now, touched);
      removals.push({ id: li.id, delta: -delta });
    } else if (delta > 0) {
      commitUnits(shop, order, li, delta, null, now, touched);
      additions.push({ id: li.id, delta });
    }
    li.currentQuantity = q.quantity;
    li.quantity = Math.max(li.quantity, li.currentQuantity);
  }
  for (const a of edit.added) {
    const v = shop.variants.get(a.variantId)!;
    const product = shop.products.get(v.productId);
    const li: EmLineItem = {
      id: a.id,
      variantId: v.id,
      sku: v.sku,
      title: product?.title ?? v.title,
      variantTitle: v.title === "Default Title" ? null : v.title,
      vendor: product?.vendor ?? null,
      quantity: a.quantity,
      currentQuantity: a.quantity,
      fulfilledQuantity: 0,
      price: v.price,
      taxLines: taxLinesFor(shop, v.price, a.quantity),
    };
    order.lineItems.push(li);
    commitUnits(shop, order, li, a.quantity, a.locationId, now, touched);
    additions.push({ id: li.id, delta: a.quantity });
  }
  edit.committedAt = now;
  if (order.closedAt && order.lineItems.some((li) => li.currentQuantity > li.fulfilledQuantity)) order.closedAt = null;
  shop.emit(
    "orders/edited",
    orderEditPayload(shop, { id: edit.id, orderId: order.id, createdAt: edit.createdAt, committedAt: now, appId: o.appId, notifyCustomer: o.notifyCustomer ?? false, staffNote: o.staffNote ?? "" }, additions, removals),
    now,
  );
  emitOrderUpdated(shop, order, now);
  emitLevels(shop, touched, now);
  return order;
}
