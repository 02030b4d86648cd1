// Handles make holds idempotent: Shopify rejects a second hold with the same handle on a
// fulfillment order, and the handle tells which backorder a hold belongs to on a later run.

const PREFIX = "bp-";

/** Shopify allows each app this many holds per fulfillment order. */
export const MAX_APP_HOLDS_PER_FULFILLMENT_ORDER = 10;

/** The order-level hold: whole-order rules, or too many backorders for one hold each. */
export const ORDER_HOLD_HANDLE = `${PREFIX}order`;

/** The stable handle of one backorder line's holds, e.g. "bp-1234" (ids are numeric, so never "bp-order"). */
export function holdHandle(backorderId: string): string {
  // Numeric ids keep handles unambiguous and well under Shopify's 64 characters.
  if (!/^\d{1,40}$/.test(backorderId)) throw new RangeError(`Backorder id must be numeric, got "${backorderId}"`);
  return `${PREFIX}${backorderId}`;
}

/** Holds this module manages; other holds of the app are left alone but count toward the limit. */
export function isManagedHandle(handle: string): boolean {
  return handle === ORDER_HOLD_HANDLE || /^bp-\d{1,40}$/.test(handle);
}

/** The backorder id a handle stands for; null for the order-level hold or a foreign handle. */
export function backorderIdOfHandle(handle: string): string | null {
  return /^bp-\d{1,40}$/.test(handle) ? handle.slice(PREFIX.length) : null;
}
