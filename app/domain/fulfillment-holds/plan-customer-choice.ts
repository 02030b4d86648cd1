// The customer's answer about a delayed order, as plain Admin API steps the service executes in
// order: holds (fulfillmentOrderHold / ReleaseHold), order edits, refunds, cancellation.
import { compareIds } from "../allocation";
import { planHolds } from "./plan-holds";
import type { BackorderedLine, FulfillmentHoldAction, FulfillmentOrderSnapshot, HoldNote, HoldRule } from "./types";

export const CUSTOMER_CHOICES = ["wait", "ship_available", "substitute", "cancel_line", "cancel_order"] as const;
export type CustomerChoiceKind = (typeof CUSTOMER_CHOICES)[number];

export type CustomerChoice =
  | { kind: "wait" }
  | { kind: "ship_available" }
  | { kind: "substitute"; lineItemId: string; variantId: string }
  | { kind: "cancel_line"; lineItemId: string }
  | { kind: "cancel_order" };

export type ChoiceOrderLine = {
  lineItemId: string;
  /** Current quantity, after earlier edits and refunds. */
  quantity: number;
  unfulfilledQuantity: number;
  /** Variants the merchant allows in place of this line. */
  substituteVariantIds: readonly string[];
};

export type ChoiceOrder = {
  orderId: string;
  lines: readonly ChoiceOrderLine[];
  backorders: readonly BackorderedLine[];
  fulfillmentOrders: readonly FulfillmentOrderSnapshot[];
};

/** orderEditBegin, orderEditSetQuantity, orderEditAddVariant, orderEditCommit. */
export type EditOrderStep = {
  kind: "edit_order";
  orderId: string;
  /** restock: true gives the units short back to "available" (they were only ever committed). */
  setQuantity: { lineItemId: string; quantity: number; restock: true };
  addVariant: { variantId: string; quantity: number };
  notifyCustomer: true;
  staffNote: string;
};

/**
 * refundCreate; restockType CANCEL un-commits the unfulfilled units at their location. The money
 * (price after discounts plus tax) is Shopify's to reckon when the step is carried out.
 */
export type RefundStep = {
  kind: "refund";
  orderId: string;
  lineItems: { lineItemId: string; quantity: number; restockType: "CANCEL" }[];
  notify: true;
  note: string;
};

/** orderCancel with a refund to the original payment methods. */
export type CancelOrderStep = {
  kind: "cancel_order";
  orderId: string;
  reason: "CUSTOMER" | "INVENTORY";
  restock: true;
  refundToOriginalPayment: true;
  notifyCustomer: true;
  staffNote: string;
};

export type OrderStep = FulfillmentHoldAction | EditOrderStep | RefundStep | CancelOrderStep;

export type BackorderClosure = { backorderId: string; reason: "substituted" | "customer_cancelled" | "auto_cancelled" };

export type ChoiceError = "unknown_line" | "line_not_backordered" | "substitute_not_allowed";

export type ChoicePlan =
  | {
      ok: true;
      steps: OrderStep[];
      /** Backorder lines the steps settle, with the reason to record. */
      closes: BackorderClosure[];
      /** The hold rule for this order from now on; null: unchanged. */
      ruleAfter: HoldRule | null;
      /** Edits and refunds reshape fulfillment orders: plan holds again from fresh data afterwards. */
      replanHoldsAfter: boolean;
      notes: HoldNote[];
    }
  | { ok: false; error: ChoiceError };

export type ChoiceOptions = {
  /** "app": the aging policy's automatic cancellation rather than the customer's request. */
  initiatedBy?: "customer" | "app";
};

const shortOf = (order: ChoiceOrder, lineItemId: string) =>
  order.backorders.filter((b) => b.lineItemId === lineItemId && b.unitsShort > 0);

const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

function assertWhole(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number >= 0, got ${n}`);
}

function refund(order: ChoiceOrder, units: { line: ChoiceOrderLine; quantity: number }[], note: string): RefundStep {
  for (const { line, quantity } of units) assertWhole(`Line ${line.lineItemId} refund quantity`, quantity);
  return {
    kind: "refund",
    orderId: order.orderId,
    lineItems: units.map(({ line, quantity }) => ({ lineItemId: line.lineItemId, quantity, restockType: "CANCEL" })),
    notify: true,
    note,
  };
}

function activeBackorderIds(order: ChoiceOrder): string[] {
  return order.backorders
    .filter((b) => b.unitsShort > 0)
    .map((b) => b.backorderId)
    .sort(compareIds);
}

function cancelWholeOrder(order: ChoiceOrder, closeReason: BackorderClosure["reason"], byApp: boolean): ChoicePlan {
  const closes = activeBackorderIds(order).map((backorderId) => ({ backorderId, reason: closeReason }));
  const staffNote = byApp ? "Backorder Pilot: cancelled after waiting too long for stock" : "Backorder Pilot: cancelled at the customer's request";
  // Shopify cancels only orders with nothing fulfilled; otherwise refund every unit still to ship.
  if (order.lines.some((l) => l.unfulfilledQuantity < l.quantity)) {
    const units = order.lines.filter((l) => l.unfulfilledQuantity > 0).map((line) => ({ line, quantity: line.unfulfilledQuantity }));
    return { ok: true, steps: [refund(order, units, staffNote)], closes, ruleAfter: null, replanHoldsAfter: true, notes: [] };
  }
  const step: CancelOrderStep = {
    kind: "cancel_order",
    orderId: order.orderId,
    reason: byApp ? "INVENTORY" : "CUSTOMER",
    restock: true,
    refundToOriginalPayment: true,
    notifyCustomer: true,
    staffNote,
  };
  return { ok: true, steps: [step], closes, ruleAfter: null, replanHoldsAfter: false, notes: [] };
}

function holdsFor(order: ChoiceOrder, rule: HoldRule): ChoicePlan {
  const { actions, notes } = planHolds({ fulfillmentOrders: order.fulfillmentOrders, backorders: order.backorders, rule });
  return { ok: true, steps: actions, closes: [], ruleAfter: rule, replanHoldsAfter: false, notes };
}

/** The steps that carry out a customer's choice (or the app's automatic cancellation) for one order. */
export function planCustomerChoice(order: ChoiceOrder, choice: CustomerChoice, options: ChoiceOptions = {}): ChoicePlan {
  const byApp = options.initiatedBy === "app";
  const cancelReason = byApp ? "auto_cancelled" : "customer_cancelled";
  switch (choice.kind) {
    case "wait":
      return holdsFor(order, "hold_whole_order");
    case "ship_available":
      return holdsFor(order, "split_ship_rest");
    case "cancel_order":
      return cancelWholeOrder(order, cancelReason, byApp);
    case "substitute":
    case "cancel_line": {
      const line = order.lines.find((l) => l.lineItemId === choice.lineItemId);
      if (!line) return { ok: false, error: "unknown_line" };
      const backorders = shortOf(order, line.lineItemId);
      const units = Math.min(line.unfulfilledQuantity, sum(backorders.map((b) => b.unitsShort)));
      if (units === 0) return { ok: false, error: "line_not_backordered" };
      const closes = backorders.map((b) => b.backorderId).sort(compareIds);

      if (choice.kind === "substitute") {
        if (!line.substituteVariantIds.includes(choice.variantId)) return { ok: false, error: "substitute_not_allowed" };
        const step: EditOrderStep = {
          kind: "edit_order",
          orderId: order.orderId,
          setQuantity: { lineItemId: line.lineItemId, quantity: line.quantity - units, restock: true },
          addVariant: { variantId: choice.variantId, quantity: units },
          notifyCustomer: true,
          staffNote: "Backorder Pilot: substituted at the customer's request",
        };
        return { ok: true, steps: [step], closes: closes.map((backorderId) => ({ backorderId, reason: "substituted" })), ruleAfter: null, replanHoldsAfter: true, notes: [] };
      }

      // Cancelling the last units still to ship, with nothing shipped, is cancelling the order.
      const nothingShipped = order.lines.every((l) => l.unfulfilledQuantity === l.quantity);
      const nothingLeft = order.lines.every((l) => l.unfulfilledQuantity - (l === line ? units : 0) === 0);
      if (nothingShipped && nothingLeft) return cancelWholeOrder(order, cancelReason, byApp);
      const note = byApp ? "Backorder Pilot: backordered units cancelled after waiting too long" : "Backorder Pilot: backordered units cancelled at the customer's request";
      return {
        ok: true,
        steps: [refund(order, [{ line, quantity: units }], note)],
        closes: closes.map((backorderId) => ({ backorderId, reason: cancelReason })),
        ruleAfter: null,
        replanHoldsAfter: true,
        notes: [],
      };
    }
  }
}
