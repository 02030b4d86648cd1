import type { BackorderStatus, ReasonCode } from "../backorder-status";
import type { LocalDate, PriorityPolicy } from "../allocation";

/** One order line that draws on a (inventory item, location) position. */
export type DemandLine = {
  lineItemId: string;
  orderId: string;
  /** For people reading a fixture or a log; detection does not use it. */
  orderName?: string;
  orderCreatedAt: Date;
  channel: string;
  /** Units still to ship from this location (0 once fulfilled, removed or refunded). */
  openQuantity: number;
  /** The order is cancelled. */
  cancelled: boolean;
  /** Order total (the priority policy can rank by it); 0 when unknown. */
  orderValue?: number;
  /** Latest date promised to the customer for this line, if any (past-promise lines rank first). */
  promiseLatest?: LocalDate | null;
};

/** A backorder line as stored now. */
export type CurrentBackorder = {
  lineItemId: string;
  quantityBackordered: number;
  status: BackorderStatus;
};

export type DetectionCause = "order" | "inventory" | "reconciliation";

export type DetectionInput = {
  /** Shopify "available" at the location (already net of all committed orders). */
  available: number;
  inventoryPolicy: "DENY" | "CONTINUE";
  /** False when Shopify stopped tracking the item: nothing can be short, open lines resolve. Default true. */
  tracked?: boolean;
  /** Every known line for the position that is open OR has a current backorder. */
  lines: DemandLine[];
  /**
   * Open lines of the same item whose location Shopify has not told yet: they may be here. Short
   * units they would carry stay unattributed until they are located — never pinned on another
   * order by a guess.
   */
  pending?: DemandLine[];
  current: CurrentBackorder[];
  cause: DetectionCause;
  /** Who is served first (and so who is short last): the same policy allocation uses. */
  policy?: PriorityPolicy;
  /** The shop's local date (past-promise ranking). */
  today?: LocalDate;
};

export type BackorderChange =
  | { kind: "detected"; lineItemId: string; quantity: number; reasonCode: ReasonCode }
  | { kind: "quantity_changed"; lineItemId: string; from: number; to: number; reasonCode: ReasonCode }
  | { kind: "resolved"; lineItemId: string; from: number; reasonCode: ReasonCode }
  | { kind: "cancelled"; lineItemId: string; from: number; reasonCode: ReasonCode }
  | { kind: "reopened"; lineItemId: string; quantity: number; reasonCode: ReasonCode };

export type DetectionResult = {
  /** Units short at the location: max(0, -available). */
  deficit: number;
  /** Short units no known open line explains yet (orders not yet received, or not yet located). */
  unattributed: number;
  /** Of those, units that lines with a pending location would carry. */
  awaitingLocation: number;
  /** Desired backordered quantity per line id (only lines > 0). */
  attribution: Map<string, number>;
  changes: BackorderChange[];
};
