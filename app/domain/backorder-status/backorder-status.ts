// Status labels and reason codes are part of the app's documented contract: staff filter on
// them, scenario results report them, later capabilities add statuses (po_raised, allocated...).

export const BACKORDER_STATUSES = ["backordered", "resolved", "cancelled", "closed"] as const;
export type BackorderStatus = (typeof BACKORDER_STATUSES)[number];

/** Open statuses are the ones still short of stock. */
export const OPEN_STATUSES: readonly BackorderStatus[] = ["backordered"];

export const STATUS_LABELS: Record<BackorderStatus, string> = {
  backordered: "Backordered",
  resolved: "Resolved",
  cancelled: "Cancelled",
  closed: "Closed by staff",
};

export const STATUS_DESCRIPTIONS: Record<BackorderStatus, string> = {
  backordered: "Sold beyond available stock at its location; waiting for stock.",
  resolved: "Stock now covers the line (restock, or an earlier order released units).",
  cancelled: "The order or line was cancelled or removed while backordered.",
  closed: "Closed by hand with a reason code (recovery): not reopened by later stock changes.",
};

/** Why a line became (or stopped being) a backorder. */
export const REASON_CODES = {
  // Detection
  MULTI_CHANNEL_OVERSELL: "multi_channel_oversell",
  SINGLE_CHANNEL_OVERSELL: "single_channel_oversell",
  CONTINUE_SELLING: "continue_selling_policy",
  // Resolution
  STOCK_AVAILABLE: "stock_available",
  REATTRIBUTED: "reattributed_to_later_order",
  ORDER_CANCELLED: "order_cancelled",
  LINE_REMOVED: "line_removed_or_fulfilled",
  NOT_TRACKED: "inventory_not_tracked",
  // Recovery (issue 9): staff closed the line with a manual close reason.
  CLOSED_BY_STAFF: "closed_by_staff",
} as const;
export type ReasonCode = (typeof REASON_CODES)[keyof typeof REASON_CODES];

export const REASON_LABELS: Record<ReasonCode, string> = {
  multi_channel_oversell: "Oversold by several channels at once",
  single_channel_oversell: "Oversold on one channel",
  continue_selling_policy: "Sold below zero: variant allows selling when out of stock",
  stock_available: "Stock became available (restock or units released by another order)",
  reattributed_to_later_order: "Shortage now falls on a later order (earlier orders are served first)",
  order_cancelled: "Order cancelled",
  line_removed_or_fulfilled: "Line removed, refunded or fulfilled",
  inventory_not_tracked: "Shopify no longer tracks inventory for this item",
  closed_by_staff: "Closed by staff (see the reason in the audit trail)",
};

export function isBackorderStatus(value: string): value is BackorderStatus {
  return (BACKORDER_STATUSES as readonly string[]).includes(value);
}
