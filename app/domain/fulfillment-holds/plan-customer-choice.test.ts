import { describe, expect, it } from "vitest";
import { planCustomerChoice, type ChoiceOrder, type ChoiceOrderLine } from "./index";

const line = (lineItemId: string, quantity: number, extra: Partial<ChoiceOrderLine> = {}): ChoiceOrderLine => ({
  lineItemId,
  quantity,
  unfulfilledQuantity: quantity,
  substituteVariantIds: [],
  ...extra,
});

// Order 9100 waits for the customer: 2 × mug (1 short, substitutes allowed) and 1 × plate, all on
// one fulfillment order held under the order-level handle (ask_customer).
const order: ChoiceOrder = {
  orderId: "9100",
  lines: [line("501", 2, { substituteVariantIds: ["77", "78"] }), line("502", 1)],
  backorders: [{ backorderId: "7001", lineItemId: "501", unitsShort: 1 }],
  fulfillmentOrders: [
    {
      id: "1",
      status: "ON_HOLD",
      locationId: "10",
      lineItems: [
        { id: "101", lineItemId: "501", remainingQuantity: 2 },
        { id: "102", lineItemId: "502", remainingQuantity: 1 },
      ],
      holds: [{ id: "h1", handle: "bp-order", heldByRequestingApp: true }],
    },
  ],
};

describe("planCustomerChoice", () => {
  it("wait: the order stays held as it is", () => {
    expect(planCustomerChoice(order, { kind: "wait" })).toEqual({
      ok: true,
      steps: [],
      closes: [],
      ruleAfter: "hold_whole_order",
      replanHoldsAfter: false,
      notes: [],
    });
  });

  it("ship_available: release the order hold and hold only the short unit", () => {
    expect(planCustomerChoice(order, { kind: "ship_available" })).toEqual({
      ok: true,
      steps: [
        { kind: "release", fulfillmentOrderId: "1", holdIds: ["h1"], handles: ["bp-order"] },
        {
          kind: "hold",
          fulfillmentOrderId: "1",
          handle: "bp-7001",
          reason: "INVENTORY_OUT_OF_STOCK",
          reasonNotes: "Backorder Pilot: backorder 7001 waiting for stock",
          lineItems: [{ id: "101", quantity: 1 }],
          backorderIds: ["7001"],
        },
      ],
      closes: [],
      ruleAfter: "split_ship_rest",
      replanHoldsAfter: false,
      notes: [{ kind: "resplit", fulfillmentOrderId: "1" }],
    });
  });

  it("substitute: an order edit swaps the short unit for an allowed variant", () => {
    expect(planCustomerChoice(order, { kind: "substitute", lineItemId: "501", variantId: "78" })).toEqual({
      ok: true,
      steps: [
        {
          kind: "edit_order",
          orderId: "9100",
          setQuantity: { lineItemId: "501", quantity: 1, restock: true },
          addVariant: { variantId: "78", quantity: 1 },
          notifyCustomer: true,
          staffNote: "Backorder Pilot: substituted at the customer's request",
        },
      ],
      closes: [{ backorderId: "7001", reason: "substituted" }],
      ruleAfter: null,
      replanHoldsAfter: true,
      notes: [],
    });
  });

  it("refuses substitutes the merchant did not allow, lines that are not short, and unknown lines", () => {
    expect(planCustomerChoice(order, { kind: "substitute", lineItemId: "501", variantId: "99" })).toEqual({ ok: false, error: "substitute_not_allowed" });
    expect(planCustomerChoice(order, { kind: "substitute", lineItemId: "502", variantId: "77" })).toEqual({ ok: false, error: "line_not_backordered" });
    expect(planCustomerChoice(order, { kind: "cancel_line", lineItemId: "502" })).toEqual({ ok: false, error: "line_not_backordered" });
    expect(planCustomerChoice(order, { kind: "cancel_line", lineItemId: "999" })).toEqual({ ok: false, error: "unknown_line" });
  });

  it("cancel_line: refunds the short units and un-commits them; the money is Shopify's to reckon (no amount planned)", () => {
    expect(planCustomerChoice(order, { kind: "cancel_line", lineItemId: "501" })).toEqual({
      ok: true,
      steps: [
        {
          kind: "refund",
          orderId: "9100",
          lineItems: [{ lineItemId: "501", quantity: 1, restockType: "CANCEL" }],
          notify: true,
          note: "Backorder Pilot: backordered units cancelled at the customer's request",
        },
      ],
      closes: [{ backorderId: "7001", reason: "customer_cancelled" }],
      ruleAfter: null,
      replanHoldsAfter: true,
      notes: [],
    });
  });

  it("cancel_line on the only units left to ship, nothing shipped yet: cancels the order", () => {
    const single: ChoiceOrder = { ...order, lines: [line("501", 1)] };
    expect(planCustomerChoice(single, { kind: "cancel_line", lineItemId: "501" })).toEqual({
      ok: true,
      steps: [
        {
          kind: "cancel_order",
          orderId: "9100",
          reason: "CUSTOMER",
          restock: true,
          refundToOriginalPayment: true,
          notifyCustomer: true,
          staffNote: "Backorder Pilot: cancelled at the customer's request",
        },
      ],
      closes: [{ backorderId: "7001", reason: "customer_cancelled" }],
      ruleAfter: null,
      replanHoldsAfter: false,
      notes: [],
    });
  });

  it("cancel_order: cancels when nothing shipped, closing every backorder of the order", () => {
    const two: ChoiceOrder = { ...order, backorders: [...order.backorders, { backorderId: "7002", lineItemId: "502", unitsShort: 1 }] };
    const plan = planCustomerChoice(two, { kind: "cancel_order" });
    expect(plan).toMatchObject({ ok: true, steps: [{ kind: "cancel_order", reason: "CUSTOMER" }], replanHoldsAfter: false });
    expect(plan.ok && plan.closes).toEqual([
      { backorderId: "7001", reason: "customer_cancelled" },
      { backorderId: "7002", reason: "customer_cancelled" },
    ]);
  });

  it("cancel_order after part of it shipped: refunds every unit still to ship instead", () => {
    const partlyShipped: ChoiceOrder = { ...order, lines: [order.lines[0], line("502", 1, { unfulfilledQuantity: 0 })] };
    expect(planCustomerChoice(partlyShipped, { kind: "cancel_order" })).toMatchObject({
      ok: true,
      steps: [{ kind: "refund", lineItems: [{ lineItemId: "501", quantity: 2, restockType: "CANCEL" }] }],
      closes: [{ backorderId: "7001", reason: "customer_cancelled" }],
      replanHoldsAfter: true,
    });
  });

  it("the app's automatic cancellation records itself as such", () => {
    expect(planCustomerChoice(order, { kind: "cancel_line", lineItemId: "501" }, { initiatedBy: "app" })).toMatchObject({
      steps: [{ kind: "refund", note: "Backorder Pilot: backordered units cancelled after waiting too long" }],
      closes: [{ backorderId: "7001", reason: "auto_cancelled" }],
    });
    const single: ChoiceOrder = { ...order, lines: [line("501", 1)] };
    expect(planCustomerChoice(single, { kind: "cancel_line", lineItemId: "501" }, { initiatedBy: "app" })).toMatchObject({
      steps: [{ kind: "cancel_order", reason: "INVENTORY", staffNote: "Backorder Pilot: cancelled after waiting too long for stock" }],
      closes: [{ backorderId: "7001", reason: "auto_cancelled" }],
    });
  });

  it("never refunds more units than are still to ship", () => {
    const mostlyShipped: ChoiceOrder = { ...order, lines: [line("501", 3, { unfulfilledQuantity: 1 }), order.lines[1]], backorders: [{ backorderId: "7001", lineItemId: "501", unitsShort: 2 }] };
    expect(planCustomerChoice(mostlyShipped, { kind: "cancel_line", lineItemId: "501" })).toMatchObject({
      steps: [{ kind: "refund", lineItems: [{ lineItemId: "501", quantity: 1, restockType: "CANCEL" }] }],
    });
  });
});
