// Fulfillment orders after routing, as Shopify changes them: holds (up to 10 per app, unique
// handles), moves to another location (committed stock moves with them) and splits, each emitting
// the webhooks Shopify sends. Validation is shared by the Admin mutations (which answer userErrors)
// and the emulator's shop actions (which throw).
import { gid, type EmFulfillmentOrder, type EmHold, type EmOrder, type EmulatedShop } from "./emulated-shop";
import { emitLevels, touch, type Touched } from "./inventory-activity";
import { fulfillmentHoldJson, fulfillmentOrderRef } from "./rest-payloads";

/** A problem Shopify reports as a userError: `field` path, message, and code where the type has one. */
export type ActivityError = { field: string[]; message: string; code: string | null };

export class EmulatorActivityError extends Error {
  constructor(readonly error: ActivityError) {
    super(`emulator: ${error.message}`);
  }
}

/** The order and fulfillment order for a FulfillmentOrder id (number or gid). */
export function findFulfillmentOrder(shop: EmulatedShop, foId: number): { fo: EmFulfillmentOrder; order: EmOrder } | null {
  return shop.findFulfillmentOrder(foId);
}

/** Shopify lets each app hold a fulfillment order up to 10 times at once. */
export const MAX_HOLDS_PER_APP = 10;

const unfulfilled = (fo: EmFulfillmentOrder) => fo.lines.reduce((n, l) => n + l.remainingQuantity, 0);

/** Moves stock commitment for `quantity` units of a line from one location to another. */
function moveCommitment(shop: EmulatedShop, order: EmOrder, lineItemId: number, from: number, to: number, quantity: number, now: Date, touched: Touched) {
  const item = itemOfLine(shop, order, lineItemId);
  if (!item?.tracked || quantity === 0) return;
  const src = shop.level(item.id, from);
  const dst = shop.level(item.id, to);
  src.committed -= quantity;
  dst.committed += quantity;
  touch(src, now);
  touch(dst, now);
  touched.set(`${item.id}:${from}`, [item.id, from]);
  touched.set(`${item.id}:${to}`, [item.id, to]);
}

/** The inventory item behind an order line (undefined for custom or deleted variants). */
export function itemOfLine(shop: EmulatedShop, order: EmOrder, lineItemId: number) {
  const li = order.lineItems.find((x) => x.id === lineItemId);
  const v = li?.variantId != null ? shop.variants.get(li.variantId) : undefined;
  return v ? shop.items.get(v.inventoryItemId) : undefined;
}

function newFulfillmentOrder(shop: EmulatedShop, locationId: number, now: Date): EmFulfillmentOrder {
  return { id: shop.id(), locationId, status: "OPEN", holds: [], lines: [], createdAt: now, updatedAt: now };
}

/** Takes `quantity` unfulfilled units off a line (total and remaining), dropping emptied lines. */
function takeFromLine(fo: EmFulfillmentOrder, lineId: number, quantity: number) {
  const line = fo.lines.find((l) => l.id === lineId)!;
  line.totalQuantity -= quantity;
  line.remainingQuantity -= quantity;
  fo.lines = fo.lines.filter((l) => l.totalQuantity > 0);
  return line;
}

// ---- holds --------------------------------------------------------------------------------------

export type HoldInput = {
  reason: string;
  reasonNotes?: string | null;
  /** Defaults to "" as in Shopify: a second hold by the same app needs a different handle. */
  handle?: string | null;
  /** The app placing the hold (null: the merchant in the admin). */
  appId?: number | null;
  /** Fulfillment order line ids and quantities to hold; the rest is split off. */
  lineItems?: { id: number; quantity: number }[];
};

/** Shopify's checks for fulfillmentOrderHold (FulfillmentOrderHoldUserErrorCode), in its order. */
export function holdError(fo: EmFulfillmentOrder, hold: HoldInput): ActivityError | null {
  const fail = (field: string[], message: string, code: string): ActivityError => ({ field, message, code });
  if (fo.status !== "OPEN" && fo.status !== "ON_HOLD") return fail(["id"], `Fulfillment order with status ${fo.status} cannot be placed on hold.`, "TAKEN");
  const appId = hold.appId ?? null;
  const mine = fo.holds.filter((h) => h.appId === appId);
  if (appId !== null && mine.length >= MAX_HOLDS_PER_APP) {
    return fail(["id"], "The maximum number of fulfillment holds for this fulfillment order has been reached.", "FULFILLMENT_ORDER_HOLD_LIMIT_REACHED");
  }
  const handle = hold.handle ?? "";
  if (mine.some((h) => h.handle === handle)) {
    return fail(["fulfillmentHold", "handle"], "The handle provided for the fulfillment hold is already in use by this app for another hold on this fulfillment order.", "DUPLICATE_FULFILLMENT_HOLD_HANDLE");
  }
  const lines = hold.lineItems ?? [];
  const field = ["fulfillmentHold", "fulfillmentOrderLineItems"];
  if (new Set(lines.map((l) => l.id)).size !== lines.length) return fail(field, "Fulfillment order line items must be unique.", "DUPLICATED_FULFILLMENT_ORDER_LINE_ITEMS");
  for (const l of lines) {
    const line = fo.lines.find((x) => x.id === l.id);
    if (!line) return fail(field, "Fulfillment order line item does not exist.", "INVALID_LINE_ITEM_QUANTITY");
    if (l.quantity < 1) return fail(field, "Quantity must be greater than zero.", "GREATER_THAN_ZERO");
    if (l.quantity > line.remainingQuantity) return fail(field, "The line item quantity is invalid.", "INVALID_LINE_ITEM_QUANTITY");
  }
  if (lines.length && fo.status === "ON_HOLD") return fail(field, "A fulfillment order that is on hold cannot be split.", "FULFILLMENT_ORDER_NOT_SPLITTABLE");
  return null;
}

/**
 * Places a hold (validated with holdError first; throws EmulatorActivityError otherwise). With
 * `lineItems`, only those quantities are held: the rest is split off into a new open fulfillment
 * order (Shopify's remainingFulfillmentOrder). Emits fulfillment_holds/added for every hold and
 * fulfillment_orders/placed_on_hold when the fulfillment order goes ON_HOLD (its first hold).
 */
export function holdFulfillmentOrder(
  shop: EmulatedShop,
  fo: EmFulfillmentOrder,
  order: EmOrder,
  hold: HoldInput,
  now: Date,
): { hold: EmHold; remaining: EmFulfillmentOrder | null } {
  const error = holdError(fo, hold);
  if (error) throw new EmulatorActivityError(error);
  let remaining: EmFulfillmentOrder | null = null;
  const requested = hold.lineItems ?? [];
  if (requested.length) {
    const restLines: EmFulfillmentOrder["lines"] = [];
    for (const fl of fo.lines) {
      const held = requested.find((x) => x.id === fl.id)?.quantity ?? 0;
      const rest = fl.remainingQuantity - held;
      if (rest > 0) {
        restLines.push({ id: shop.id(), lineItemId: fl.lineItemId, totalQuantity: rest, remainingQuantity: rest });
        fl.totalQuantity -= rest;
        fl.remainingQuantity = held;
      }
    }
    fo.lines = fo.lines.filter((fl) => fl.totalQuantity > 0);
    if (restLines.length) {
      remaining = { ...newFulfillmentOrder(shop, fo.locationId, now), lines: restLines };
      order.fulfillmentOrders.splice(order.fulfillmentOrders.indexOf(fo) + 1, 0, remaining);
    }
  }
  const h: EmHold = { id: shop.id(), reason: hold.reason, reasonNotes: hold.reasonNotes ?? null, handle: hold.handle ?? "", appId: hold.appId ?? null };
  const firstHold = fo.status !== "ON_HOLD";
  fo.holds.push(h);
  fo.status = "ON_HOLD";
  fo.updatedAt = now;
  shop.emit("fulfillment_holds/added", { fulfillment_order: { id: gid("FulfillmentOrder", fo.id) }, fulfillment_hold: fulfillmentHoldJson(h) }, now);
  if (firstHold) {
    const heldLines = requested.length ? requested : fo.lines.map((l) => ({ id: l.id, quantity: l.remainingQuantity }));
    shop.emit(
      "fulfillment_orders/placed_on_hold",
      {
        fulfillment_order: { ...fulfillmentOrderRef(fo), fulfillment_holds: fo.holds.map(fulfillmentHoldJson) },
        remaining_fulfillment_order: remaining ? fulfillmentOrderRef(remaining) : null,
        held_fulfillment_order_line_items: heldLines.map((l) => ({ id: gid("FulfillmentOrderLineItem", l.id), quantity: l.quantity })),
        created_fulfillment_hold: fulfillmentHoldJson(h),
      },
      now,
    );
  }
  return { hold: h, remaining };
}

/** Shopify's checks for fulfillmentOrderReleaseHold: the holds must be on this fulfillment order. */
export function releaseError(fo: EmFulfillmentOrder, holdIds: number[] | null): ActivityError | null {
  if (fo.status !== "ON_HOLD") return { field: ["id"], message: "The fulfillment order is not on hold.", code: null };
  const unknown = (holdIds ?? []).find((id) => !fo.holds.some((h) => h.id === id));
  if (unknown !== undefined) return { field: ["holdIds"], message: `Fulfillment hold ${gid("FulfillmentHold", unknown)} does not exist on this fulfillment order.`, code: null };
  return null;
}

/**
 * Releases the given holds (all when none given): fulfillment_holds/released for each, and
 * fulfillment_orders/hold_released once the last hold is gone and the order is OPEN again.
 */
export function releaseFulfillmentHolds(shop: EmulatedShop, fo: EmFulfillmentOrder, holdIds: number[] | null, now: Date): EmHold[] {
  const error = releaseError(fo, holdIds);
  if (error) throw new EmulatorActivityError(error);
  const released = holdIds ? fo.holds.filter((h) => holdIds.includes(h.id)) : fo.holds;
  fo.holds = fo.holds.filter((h) => !released.includes(h));
  if (fo.holds.length === 0) fo.status = "OPEN";
  fo.updatedAt = now;
  for (const h of released) shop.emit("fulfillment_holds/released", { fulfillment_order: { id: gid("FulfillmentOrder", fo.id) }, fulfillment_hold: fulfillmentHoldJson(h) }, now);
  if (fo.status === "OPEN") shop.emit("fulfillment_orders/hold_released", { fulfillment_order: fulfillmentOrderRef(fo) }, now);
  return released;
}

// ---- moves ----------------------------------------------------------------------------------------

export type LineQuantity = { id: number; quantity: number };

/** Shopify's conditions for fulfillmentOrderMove (UserError: field and message). */
export function moveError(shop: EmulatedShop, order: EmOrder, fo: EmFulfillmentOrder, destination: number, lineItems: LineQuantity[] | null): ActivityError | null {
  const fail = (field: string[], message: string): ActivityError => ({ field, message, code: null });
  const location = shop.locations.get(destination);
  if (!location || !location.isActive) return fail(["newLocationId"], "Location could not be found.");
  if (fo.status === "CLOSED" || fo.status === "CANCELLED") return fail(["id"], `Cannot move a fulfillment order with status ${fo.status.toLowerCase()}.`);
  if (fo.status === "ON_HOLD") return fail(["id"], "Cannot move a fulfillment order that is on hold. Release its holds first.");
  if (destination === fo.locationId) return fail(["newLocationId"], "The fulfillment order is already assigned to this location.");
  const requested = lineItems ?? fo.lines.filter((l) => l.remainingQuantity > 0).map((l) => ({ id: l.id, quantity: l.remainingQuantity }));
  if (requested.length === 0) return fail(["id"], "The fulfillment order has no unfulfilled line items to move.");
  for (const [i, r] of requested.entries()) {
    const field = lineItems ? ["fulfillmentOrderLineItems", String(i)] : ["id"];
    const line = fo.lines.find((l) => l.id === r.id);
    if (!line) return fail([...field, "id"], "Fulfillment order line item does not belong to this fulfillment order.");
    if (r.quantity < 1 || r.quantity > line.remainingQuantity) return fail([...field, "quantity"], `Quantity must be between 1 and ${line.remainingQuantity}.`);
    const item = itemOfLine(shop, order, line.lineItemId);
    if (item?.tracked && !item.levels.has(destination)) return fail(["newLocationId"], `The destination location doesn't stock the inventory item ${gid("InventoryItem", item.id)}.`);
  }
  return null;
}

export type MoveResult = { original: EmFulfillmentOrder; moved: EmFulfillmentOrder; sourceLocationId: number };

/**
 * Reassigns unfulfilled line items to another location, as fulfillmentOrderMove does. Moving all
 * of an untouched fulfillment order (nothing shipped) to a location the order has no open
 * fulfillment order at updates its assigned location in place (moved = original). Otherwise the
 * moved quantities go to a new fulfillment order at the destination, and the original keeps the
 * rest (closed when nothing is left to ship). Stock commitment follows the units: committed drops
 * at the source and rises at the destination. Emits fulfillment_orders/moved, then one
 * inventory_levels/update per level touched.
 */
export function moveFulfillmentOrder(
  shop: EmulatedShop,
  order: EmOrder,
  fo: EmFulfillmentOrder,
  destination: number,
  lineItems: LineQuantity[] | null,
  now: Date,
): MoveResult {
  const error = moveError(shop, order, fo, destination, lineItems);
  if (error) throw new EmulatorActivityError(error);
  const source = fo.locationId;
  const requested = lineItems ?? fo.lines.filter((l) => l.remainingQuantity > 0).map((l) => ({ id: l.id, quantity: l.remainingQuantity }));
  const touched: Touched = new Map();
  const untouched = fo.lines.every((l) => l.totalQuantity === l.remainingQuantity);
  const everything = fo.lines.every((l) => (requested.find((r) => r.id === l.id)?.quantity ?? 0) === l.remainingQuantity);
  const openAtDestination = order.fulfillmentOrders.some((x) => x !== fo && x.locationId === destination && (x.status === "OPEN" || x.status === "ON_HOLD"));
  let moved: EmFulfillmentOrder;
  if (untouched && everything && !openAtDestination) {
    for (const l of fo.lines) moveCommitment(shop, order, l.lineItemId, source, destination, l.remainingQuantity, now, touched);
    fo.locationId = destination;
    fo.updatedAt = now;
    moved = fo;
  } else {
    moved = newFulfillmentOrder(shop, destination, now);
    for (const r of requested) {
      const line = takeFromLine(fo, r.id, r.quantity);
      moved.lines.push({ id: shop.id(), lineItemId: line.lineItemId, totalQuantity: r.quantity, remainingQuantity: r.quantity });
      moveCommitment(shop, order, line.lineItemId, source, destination, r.quantity, now, touched);
    }
    if (unfulfilled(fo) === 0) fo.status = "CLOSED";
    fo.updatedAt = now;
    order.fulfillmentOrders.splice(order.fulfillmentOrders.indexOf(fo) + 1, 0, moved);
  }
  shop.emit(
    "fulfillment_orders/moved",
    {
      original_fulfillment_order: { ...fulfillmentOrderRef(fo), assigned_location_id: gid("Location", fo.locationId) },
      moved_fulfillment_order: { ...fulfillmentOrderRef(moved), assigned_location_id: gid("Location", moved.locationId) },
      destination_location_id: gid("Location", destination),
      fulfillment_order_line_items_requested: (lineItems ?? []).map((l) => ({ id: gid("FulfillmentOrderLineItem", l.id), quantity: l.quantity })),
      source_location: { id: gid("Location", source) },
    },
    now,
  );
  emitLevels(shop, touched, now);
  return { original: fo, moved, sourceLocationId: source };
}

// ---- splits ---------------------------------------------------------------------------------------

/** Shopify's checks for one fulfillmentOrderSplit input (FulfillmentOrderSplitUserErrorCode). */
export function splitError(fo: EmFulfillmentOrder, lineItems: LineQuantity[], index = 0): ActivityError | null {
  const at = ["fulfillmentOrderSplits", String(index)];
  const fail = (field: string[], message: string, code: string | null): ActivityError => ({ field: [...at, ...field], message, code });
  if (lineItems.length === 0) return fail(["fulfillmentOrderLineItems"], "The fulfillment order must have at least one line item input to split.", "NO_LINE_ITEMS_PROVIDED_TO_SPLIT");
  for (const [i, r] of lineItems.entries()) {
    const line = fo.lines.find((l) => l.id === r.id);
    if (r.quantity <= 0) return fail(["fulfillmentOrderLineItems", String(i), "quantity"], "The fulfillment order line item quantity must be greater than 0.", "GREATER_THAN");
    if (!line || r.quantity > line.remainingQuantity) return fail(["fulfillmentOrderLineItems", String(i), "quantity"], "The fulfillment order line item quantity is invalid.", "INVALID_LINE_ITEM_QUANTITY");
  }
  if (fo.status !== "OPEN") return fail(["fulfillmentOrderId"], `The emulator splits only open fulfillment orders (this one is ${fo.status}).`, null);
  const left = fo.lines.reduce((n, l) => n + l.remainingQuantity - (lineItems.find((r) => r.id === l.id)?.quantity ?? 0), 0);
  if (left === 0) return fail(["fulfillmentOrderLineItems"], "The fulfillment order line item quantity is invalid: nothing would remain on the original fulfillment order.", "INVALID_LINE_ITEM_QUANTITY");
  return null;
}

export type SplitResult = { fulfillmentOrder: EmFulfillmentOrder; remaining: EmFulfillmentOrder; replacement: null };

/**
 * Splits the given quantities out of an open fulfillment order into a new one at the same
 * location (Shopify's remainingFulfillmentOrder); the original keeps the rest. No stock moves.
 * Emits fulfillment_orders/split.
 */
export function splitFulfillmentOrder(shop: EmulatedShop, order: EmOrder, fo: EmFulfillmentOrder, lineItems: LineQuantity[], now: Date, index = 0): SplitResult {
  const error = splitError(fo, lineItems, index);
  if (error) throw new EmulatorActivityError(error);
  const remaining = newFulfillmentOrder(shop, fo.locationId, now);
  for (const r of lineItems) {
    const line = takeFromLine(fo, r.id, r.quantity);
    remaining.lines.push({ id: shop.id(), lineItemId: line.lineItemId, totalQuantity: r.quantity, remainingQuantity: r.quantity });
  }
  fo.updatedAt = now;
  order.fulfillmentOrders.splice(order.fulfillmentOrders.indexOf(fo) + 1, 0, remaining);
  shop.emit(
    "fulfillment_orders/split",
    {
      split_line_items: lineItems.map((l) => ({ id: gid("FulfillmentOrderLineItem", l.id), quantity: l.quantity })),
      fulfillment_order: fulfillmentOrderRef(fo),
      remaining_fulfillment_order: fulfillmentOrderRef(remaining),
      replacement_fulfillment_order: null,
    },
    now,
  );
  return { fulfillmentOrder: fo, remaining, replacement: null };
}
