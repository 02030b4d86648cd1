import { describe, expect, it } from "vitest";
import { detectBackorders, type CurrentBackorder, type DemandLine } from "./index";

const T0 = Date.parse("2026-05-01T08:00:00Z");
function line(n: number, channel: string, qty = 1, extra: Partial<DemandLine> = {}): DemandLine {
  return {
    lineItemId: String(1000 + n),
    orderId: String(500 + n),
    orderName: `#${n}`,
    orderCreatedAt: new Date(T0 + n * 1000),
    channel,
    openQuantity: qty,
    cancelled: false,
    ...extra,
  };
}
const bo = (n: number, q: number, status: CurrentBackorder["status"] = "backordered"): CurrentBackorder => ({
  lineItemId: String(1000 + n),
  quantityBackordered: q,
  status,
});

describe("detectBackorders", () => {
  it("attributes the shortage to the latest orders, whatever their channel", () => {
    const channels = ["web", "pos", "amazon"];
    const lines = Array.from({ length: 60 }, (_, i) => line(i + 1, channels[i % 3]));
    // 40 units on hand, 60 sold: available -20.
    const r = detectBackorders({ available: -20, inventoryPolicy: "DENY", lines: [...lines].reverse(), current: [], cause: "inventory" });
    expect(r.deficit).toBe(20);
    expect(r.unattributed).toBe(0);
    const ids = r.changes.map((c) => c.lineItemId).sort();
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => String(1041 + i)));
    expect(r.changes.every((c) => c.kind === "detected" && c.reasonCode === "multi_channel_oversell")).toBe(true);
  });

  it("splits a multi-unit line and leaves earlier orders untouched", () => {
    const r = detectBackorders({
      available: -3,
      inventoryPolicy: "DENY",
      lines: [line(1, "web", 5), line(2, "web", 2)],
      current: [],
      cause: "order",
    });
    expect(r.changes).toEqual([
      { kind: "detected", lineItemId: "1002", quantity: 2, reasonCode: "single_channel_oversell" },
      { kind: "detected", lineItemId: "1001", quantity: 1, reasonCode: "single_channel_oversell" },
    ]);
  });

  it("breaks creation-time ties by numeric order id, not string order", () => {
    const a = line(1, "web", 1, { orderId: "99", orderCreatedAt: new Date(T0) });
    const b = line(2, "web", 1, { orderId: "100", orderCreatedAt: new Date(T0) });
    const r = detectBackorders({ available: -1, inventoryPolicy: "DENY", lines: [a, b], current: [], cause: "order" });
    expect(r.changes.map((c) => c.lineItemId)).toEqual([b.lineItemId]);
  });

  it("is idempotent: the stored result of a run yields no further change", () => {
    const lines = [line(1, "web"), line(2, "pos"), line(3, "web")];
    const r = detectBackorders({ available: -2, inventoryPolicy: "DENY", lines, current: [bo(3, 1), bo(2, 1)], cause: "inventory" });
    expect(r.changes).toEqual([]);
  });

  it("reports units no known line explains yet", () => {
    const r = detectBackorders({ available: -4, inventoryPolicy: "DENY", lines: [line(1, "web")], current: [], cause: "inventory" });
    expect(r.unattributed).toBe(3);
    expect(r.changes).toHaveLength(1);
  });

  it("resolves the earliest backordered line first when stock arrives", () => {
    const lines = [line(1, "web"), line(2, "pos"), line(3, "web")];
    const r = detectBackorders({ available: -1, inventoryPolicy: "DENY", lines, current: [bo(3, 1), bo(2, 1)], cause: "inventory" });
    expect(r.changes).toEqual([{ kind: "resolved", lineItemId: "1002", from: 1, reasonCode: "stock_available" }]);
  });

  it("marks a cancelled backordered order cancelled; the shortage moves on until its restock lands", () => {
    const lines = [line(1, "web"), line(2, "pos"), line(3, "web", 1, { cancelled: true, openQuantity: 0 })];
    // The cancellation's restock has not arrived yet: available still -2.
    const r = detectBackorders({ available: -2, inventoryPolicy: "DENY", lines, current: [bo(3, 1), bo(2, 1)], cause: "order" });
    expect(r.changes).toContainEqual({ kind: "cancelled", lineItemId: "1003", from: 1, reasonCode: "order_cancelled" });
    // Until the restock lands, the unit short falls on the next latest open order.
    expect(r.changes).toContainEqual({ kind: "detected", lineItemId: "1001", quantity: 1, reasonCode: "multi_channel_oversell" });
  });

  it("hands the shortage to a later order that arrives late", () => {
    const lines = [line(1, "web"), line(2, "pos"), line(3, "amazon")];
    const r = detectBackorders({ available: -1, inventoryPolicy: "DENY", lines, current: [bo(2, 1)], cause: "order" });
    expect(r.changes).toEqual([
      { kind: "detected", lineItemId: "1003", quantity: 1, reasonCode: "multi_channel_oversell" },
      { kind: "resolved", lineItemId: "1002", from: 1, reasonCode: "reattributed_to_later_order" },
    ]);
  });

  it("changes quantities and reopens resolved lines", () => {
    const lines = [line(1, "web", 3), line(2, "web", 2)];
    const r = detectBackorders({
      available: -4,
      inventoryPolicy: "CONTINUE",
      lines,
      current: [bo(2, 1), bo(1, 1, "resolved")],
      cause: "inventory",
    });
    expect(r.changes).toEqual([
      { kind: "quantity_changed", lineItemId: "1002", from: 1, to: 2, reasonCode: "continue_selling_policy" },
      { kind: "reopened", lineItemId: "1001", quantity: 2, reasonCode: "continue_selling_policy" },
    ]);
  });

  it("resolves lines that were fulfilled or removed", () => {
    const r = detectBackorders({
      available: 0,
      inventoryPolicy: "DENY",
      lines: [line(1, "web", 0)],
      current: [bo(1, 1), bo(9, 2)],
      cause: "order",
    });
    expect(r.changes).toEqual([
      { kind: "resolved", lineItemId: "1001", from: 1, reasonCode: "line_removed_or_fulfilled" },
      { kind: "resolved", lineItemId: "1009", from: 2, reasonCode: "line_removed_or_fulfilled" },
    ]);
  });

  it("resolves open lines when Shopify stops tracking the item, and detects nothing new", () => {
    const lines = [line(1, "web"), line(2, "pos"), line(3, "web")];
    const r = detectBackorders({ available: -2, inventoryPolicy: "DENY", tracked: false, lines, current: [bo(3, 1), bo(2, 1)], cause: "inventory" });
    expect(r).toMatchObject({ deficit: 0, unattributed: 0 });
    expect(r.changes).toEqual([
      { kind: "resolved", lineItemId: "1003", from: 1, reasonCode: "inventory_not_tracked" },
      { kind: "resolved", lineItemId: "1002", from: 1, reasonCode: "inventory_not_tracked" },
    ]);
  });

  it("leaves units a line with a pending location would carry unattributed, instead of pinning them on another order", () => {
    // #3 is the latest order for this item but Shopify has not said where it ships from yet.
    const pending = [line(3, "web", 2)];
    const r = detectBackorders({ available: -2, inventoryPolicy: "DENY", lines: [line(1, "web"), line(2, "pos")], pending, current: [], cause: "inventory" });
    expect(r).toMatchObject({ deficit: 2, unattributed: 2, awaitingLocation: 2, changes: [] });
    // Located here: it carries the shortage. Located elsewhere: the next latest does.
    const here = detectBackorders({ available: -2, inventoryPolicy: "DENY", lines: [line(1, "web"), line(2, "pos"), line(3, "web", 2)], current: [], cause: "order" });
    expect(here.changes).toEqual([{ kind: "detected", lineItemId: "1003", quantity: 2, reasonCode: "multi_channel_oversell" }]);
    const elsewhere = detectBackorders({ available: -2, inventoryPolicy: "DENY", lines: [line(1, "web"), line(2, "pos")], current: [], cause: "order" });
    expect(elsewhere.changes.map((c) => c.lineItemId)).toEqual(["1002", "1001"]);
  });

  it("ranks by the shared priority policy: a stricter channel and a larger order are served first", () => {
    const policy = { criteria: ["past_promise", "service_level", "order_value", "order_age"] as const, serviceLevelDays: { default: 10, amazon: 4 } };
    const lines = [line(1, "amazon", 1, { orderValue: 20 }), line(2, "web", 1, { orderValue: 90 }), line(3, "web", 1, { orderValue: 20 }), line(4, "amazon", 1, { orderValue: 20 })];
    const r = detectBackorders({ available: -2, inventoryPolicy: "DENY", lines, current: [], cause: "inventory", policy, today: "2026-05-01" });
    // Served first: the Amazon orders #1 and #4 (stricter), then #2 (90); short: #3 and #2 —
    // not #4 and #3, the latest two, as creation time alone would have it.
    expect(r.changes.map((c) => [c.lineItemId, c.kind])).toEqual([["1003", "detected"], ["1002", "detected"]]);
  });

  it("has no shortage at or above zero", () => {
    const r = detectBackorders({ available: 3, inventoryPolicy: "DENY", lines: [line(1, "web")], current: [], cause: "inventory" });
    expect(r).toMatchObject({ deficit: 0, unattributed: 0, changes: [] });
  });
});
