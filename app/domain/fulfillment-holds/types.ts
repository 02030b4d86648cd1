export const HOLD_RULES = ["hold_whole_order", "split_ship_rest", "ask_customer"] as const;
export type HoldRule = (typeof HOLD_RULES)[number];

export const HOLD_RULE_LABELS: Record<HoldRule, string> = {
  hold_whole_order: "Hold the whole order until every item is in stock",
  split_ship_rest: "Ship what is in stock; hold only the backordered items",
  ask_customer: "Hold the order and ask the customer",
};

export type FulfillmentOrderStatus = "OPEN" | "IN_PROGRESS" | "ON_HOLD" | "SCHEDULED" | "INCOMPLETE" | "CLOSED" | "CANCELLED";

export type ExistingHold = {
  id: string;
  handle: string;
  /** FulfillmentHold.heldByRequestingApp: placed by this app. */
  heldByRequestingApp: boolean;
};

export type FulfillmentOrderLineItemSnapshot = {
  /** FulfillmentOrderLineItem id (what holds name). */
  id: string;
  /** The order's LineItem id. */
  lineItemId: string;
  remainingQuantity: number;
};

export type FulfillmentOrderSnapshot = {
  id: string;
  status: FulfillmentOrderStatus;
  locationId: string | null;
  lineItems: FulfillmentOrderLineItemSnapshot[];
  /** Every hold on it, this app's and others'. */
  holds: ExistingHold[];
};

export type BackorderedLine = {
  /** BackorderLine id (numeric); the hold handle derives from it. */
  backorderId: string;
  lineItemId: string;
  /** 0 once allocated or resolved: its holds are released. */
  unitsShort: number;
  /** Where the shortage is; fulfillment orders at this location are held first. */
  locationId?: string | null;
};

export const HOLD_REASON = "INVENTORY_OUT_OF_STOCK";

/** fulfillmentOrderHold input; `lineItems` present: a partial hold that splits the fulfillment order. */
export type HoldAction = {
  kind: "hold";
  fulfillmentOrderId: string;
  handle: string;
  reason: typeof HOLD_REASON;
  reasonNotes: string;
  lineItems?: { id: string; quantity: number }[];
  backorderIds: string[];
};

/** fulfillmentOrderReleaseHold with `holdIds`; `handles` name the same holds for logs. */
export type ReleaseAction = {
  kind: "release";
  fulfillmentOrderId: string;
  holdIds: string[];
  handles: string[];
};

export type FulfillmentHoldAction = HoldAction | ReleaseAction;

export type HoldNote =
  /** More holds than Shopify allows per app: one order-level hold instead. */
  | { kind: "merged"; fulfillmentOrderId: string; backorderIds: string[] }
  /** Released and held again to hold fewer units: for that moment the fulfillment order is open. */
  | { kind: "resplit"; fulfillmentOrderId: string }
  /** Someone else holds it too, so it cannot be split: held whole. */
  | { kind: "cannot_split"; fulfillmentOrderId: string; backorderIds: string[] }
  /** Its status does not allow a hold (in progress at a fulfillment service, scheduled...). */
  | { kind: "not_holdable"; fulfillmentOrderId: string; status: FulfillmentOrderStatus; backorderIds: string[] }
  /** This app's other holds already use every slot. */
  | { kind: "hold_limit_reached"; fulfillmentOrderId: string; backorderIds: string[] }
  /** No open fulfillment order line carries these units (already fulfilled, removed, or moved). */
  | { kind: "units_not_found"; backorderId: string; units: number };

export type HoldPlan = {
  /** In execution order: each step keeps every fulfillment order that should stay held, held. */
  actions: FulfillmentHoldAction[];
  notes: HoldNote[];
};
