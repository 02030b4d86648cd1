import { describe, expect, it } from "vitest";
import {
  backorderIdOfHandle,
  holdHandle,
  isManagedHandle,
  planHolds,
  type BackorderedLine,
  type ExistingHold,
  type FulfillmentHoldAction,
  type FulfillmentOrderSnapshot,
  type HoldRule,
} from "./index";

function fo(id: string, lines: [id: string, lineItemId: string, qty: number][], extra: Partial<FulfillmentOrderSnapshot> = {}): FulfillmentOrderSnapshot {
  return {
    id,
    status: extra.holds?.length ? "ON_HOLD" : "OPEN",
    locationId: "10",
    lineItems: lines.map(([id, lineItemId, remainingQuantity]) => ({ id, lineItemId, remainingQuantity })),
    holds: [],
    ...extra,
  };
}
const ours = (id: string, handle: string): ExistingHold => ({ id, handle, heldByRequestingApp: true });
const bo = (backorderId: string, lineItemId: string, unitsShort: number, locationId?: string): BackorderedLine => ({ backorderId, lineItemId, unitsShort, locationId });
const SHORT_NOTE = (id: string) => `Backorder Pilot: backorder ${id} waiting for stock`;

/**
 * Applies actions the way Shopify does (partial holds split the fulfillment order; the held part
 * keeps the id) and throws on what Shopify would reject. `observe` sees the state after each step.
 */
function apply(fos: FulfillmentOrderSnapshot[], actions: FulfillmentHoldAction[], observe?: (s: FulfillmentOrderSnapshot[]) => void) {
  const state = structuredClone(fos);
  let next = 9000;
  for (const a of actions) {
    const f = state.find((x) => x.id === a.fulfillmentOrderId);
    if (!f) throw new Error(`FULFILLMENT_ORDER_NOT_FOUND ${a.fulfillmentOrderId}`);
    if (a.kind === "release") {
      f.holds = f.holds.filter((h) => !a.holdIds.includes(h.id));
      if (f.holds.length === 0) f.status = "OPEN";
    } else {
      const mine = f.holds.filter((h) => h.heldByRequestingApp);
      if (f.status !== "OPEN" && f.status !== "ON_HOLD") throw new Error("TAKEN");
      if (mine.length >= 10) throw new Error("FULFILLMENT_ORDER_HOLD_LIMIT_REACHED");
      if (mine.some((h) => h.handle === a.handle)) throw new Error("DUPLICATE_FULFILLMENT_HOLD_HANDLE");
      if (a.lineItems) {
        if (f.status === "ON_HOLD") throw new Error("FULFILLMENT_ORDER_NOT_SPLITTABLE");
        const rest: FulfillmentOrderSnapshot["lineItems"] = [];
        for (const li of f.lineItems) {
          const held = a.lineItems.find((x) => x.id === li.id)?.quantity ?? 0;
          if (held > li.remainingQuantity) throw new Error("INVALID_LINE_ITEM_QUANTITY");
          if (li.remainingQuantity > held) rest.push({ id: String(next++), lineItemId: li.lineItemId, remainingQuantity: li.remainingQuantity - held });
          li.remainingQuantity = held;
        }
        f.lineItems = f.lineItems.filter((li) => li.remainingQuantity > 0);
        if (rest.length) state.push({ id: String(next++), status: "OPEN", locationId: f.locationId, lineItems: rest, holds: [] });
      }
      f.holds.push(ours(String(next++), a.handle));
      f.status = "ON_HOLD";
    }
    observe?.(state);
  }
  return state;
}

/** Plans, applies, and checks that planning again on the result changes nothing. */
function converge(fos: FulfillmentOrderSnapshot[], backorders: BackorderedLine[], rule: HoldRule) {
  const plan = planHolds({ fulfillmentOrders: fos, backorders, rule });
  const after = apply(fos, plan.actions);
  expect(planHolds({ fulfillmentOrders: after, backorders, rule }).actions).toEqual([]);
  return { plan, after };
}

const held = (state: FulfillmentOrderSnapshot[]) =>
  state.map((f) => `${f.id}:${f.status}:${f.lineItems.map((l) => `${l.lineItemId}x${l.remainingQuantity}`).join(",")}:${f.holds.map((h) => h.handle).join(",")}`);

describe("planHolds: split_ship_rest", () => {
  it("holds only the short units, so the rest can ship, and is idempotent", () => {
    const fos = [fo("1", [["101", "501", 2], ["102", "502", 1]])];
    const { plan, after } = converge(fos, [bo("7001", "501", 1)], "split_ship_rest");
    expect(plan).toEqual({
      actions: [
        {
          kind: "hold",
          fulfillmentOrderId: "1",
          handle: "bp-7001",
          reason: "INVENTORY_OUT_OF_STOCK",
          reasonNotes: SHORT_NOTE("7001"),
          lineItems: [{ id: "101", quantity: 1 }],
          backorderIds: ["7001"],
        },
      ],
      notes: [],
    });
    expect(held(after)).toEqual(["1:ON_HOLD:501x1:bp-7001", "9002:OPEN:501x1,502x1:"]);
  });

  it("one partial hold per fulfillment order carries every short line; each further backorder adds its own handle", () => {
    const fos = [fo("1", [["101", "501", 2], ["102", "502", 1], ["103", "503", 4]])];
    const { plan, after } = converge(fos, [bo("7002", "503", 4), bo("7001", "501", 1)], "split_ship_rest");
    expect(plan.actions).toEqual([
      expect.objectContaining({ handle: "bp-7001", lineItems: [{ id: "101", quantity: 1 }, { id: "103", quantity: 4 }], backorderIds: ["7001"] }),
      { kind: "hold", fulfillmentOrderId: "1", handle: "bp-7002", reason: "INVENTORY_OUT_OF_STOCK", reasonNotes: SHORT_NOTE("7002"), backorderIds: ["7002"] },
    ]);
    expect(held(after)).toEqual(["1:ON_HOLD:501x1,503x4:bp-7001,bp-7002", "9002:OPEN:501x1,502x1:"]);
  });

  it("releases a backorder's hold once it is allocated or resolved", () => {
    const fos = [fo("1", [["101", "501", 1]], { holds: [ours("h1", "bp-7001")] })];
    expect(planHolds({ fulfillmentOrders: fos, backorders: [bo("7001", "501", 0)], rule: "split_ship_rest" })).toEqual({
      actions: [{ kind: "release", fulfillmentOrderId: "1", holdIds: ["h1"], handles: ["bp-7001"] }],
      notes: [],
    });
  });

  it("re-splits a held fulfillment order whose units are no longer all short, so the freed units ship", () => {
    const fos = [fo("1", [["101", "501", 1], ["103", "503", 4]], { holds: [ours("h1", "bp-7001"), ours("h2", "bp-7002")] })];
    const { plan, after } = converge(fos, [bo("7001", "501", 0), bo("7002", "503", 4)], "split_ship_rest");
    expect(plan).toEqual({
      actions: [
        { kind: "release", fulfillmentOrderId: "1", holdIds: ["h1", "h2"], handles: ["bp-7001", "bp-7002"] },
        expect.objectContaining({ kind: "hold", handle: "bp-7002", lineItems: [{ id: "103", quantity: 4 }] }),
      ],
      notes: [{ kind: "resplit", fulfillmentOrderId: "1" }],
    });
    expect(held(after)).toEqual(["1:ON_HOLD:503x4:bp-7002", "9001:OPEN:501x1:"]);
  });

  it("a shortage that grows holds the extra units where they are, under the same handle", () => {
    const fos = [fo("1", [["101", "501", 1]], { holds: [ours("h1", "bp-7001")] }), fo("2", [["201", "501", 1], ["202", "502", 1]])];
    const { plan } = converge(fos, [bo("7001", "501", 2)], "split_ship_rest");
    expect(plan.actions).toEqual([expect.objectContaining({ fulfillmentOrderId: "2", handle: "bp-7001", lineItems: [{ id: "201", quantity: 1 }] })]);
  });

  it("a shortage that shrinks releases and re-holds fewer units", () => {
    const fos = [fo("1", [["101", "501", 2]], { holds: [ours("h1", "bp-7001")] })];
    const { plan } = converge(fos, [bo("7001", "501", 1)], "split_ship_rest");
    expect(plan.actions).toEqual([
      { kind: "release", fulfillmentOrderId: "1", holdIds: ["h1"], handles: ["bp-7001"] },
      expect.objectContaining({ handle: "bp-7001", lineItems: [{ id: "101", quantity: 1 }] }),
    ]);
  });

  it("a line that is short in full is held without splitting", () => {
    const fos = [fo("1", [["101", "501", 2]])];
    const { plan } = converge(fos, [bo("7001", "501", 2)], "split_ship_rest");
    expect(plan.actions).toEqual([expect.not.objectContaining({ lineItems: expect.anything() })]);
  });

  it("holds at the backorder's location first", () => {
    const fos = [fo("1", [["101", "501", 1]]), fo("2", [["201", "501", 1]], { locationId: "20" })];
    expect(planHolds({ fulfillmentOrders: fos, backorders: [bo("7001", "501", 1, "20")], rule: "split_ship_rest" }).actions).toEqual([
      expect.objectContaining({ fulfillmentOrderId: "2", handle: "bp-7001" }),
    ]);
    expect(planHolds({ fulfillmentOrders: fos, backorders: [bo("7001", "501", 1)], rule: "split_ship_rest" }).actions).toEqual([
      expect.objectContaining({ fulfillmentOrderId: "1", handle: "bp-7001" }),
    ]);
  });

  it("says which short units no open fulfillment order line carries", () => {
    const plan = planHolds({ fulfillmentOrders: [fo("1", [["101", "501", 2]])], backorders: [bo("7001", "501", 3)], rule: "split_ship_rest" });
    expect(plan.actions).toEqual([expect.objectContaining({ fulfillmentOrderId: "1", handle: "bp-7001" })]);
    expect(plan.notes).toEqual([{ kind: "units_not_found", backorderId: "7001", units: 1 }]);
  });
});

describe("planHolds: whole-order rules", () => {
  const fos = [fo("1", [["101", "501", 1]]), fo("2", [["201", "502", 3]], { locationId: "20" })];

  it("hold_whole_order holds every fulfillment order under the order-level handle, then releases them together", () => {
    const { plan, after } = converge(fos, [bo("7001", "501", 1)], "hold_whole_order");
    const note = "Backorder Pilot: order held until its backordered items are in stock";
    expect(plan.actions).toEqual([
      { kind: "hold", fulfillmentOrderId: "1", handle: "bp-order", reason: "INVENTORY_OUT_OF_STOCK", reasonNotes: note, backorderIds: ["7001"] },
      { kind: "hold", fulfillmentOrderId: "2", handle: "bp-order", reason: "INVENTORY_OUT_OF_STOCK", reasonNotes: note, backorderIds: ["7001"] },
    ]);
    const release = planHolds({ fulfillmentOrders: after, backorders: [bo("7001", "501", 0)], rule: "hold_whole_order" });
    expect(release.actions.map((a) => [a.kind, a.fulfillmentOrderId])).toEqual([["release", "1"], ["release", "2"]]);
  });

  it("ask_customer holds the same way, saying why", () => {
    const { plan } = converge(fos, [bo("7001", "501", 1)], "ask_customer");
    expect(plan.actions.map((a) => a.kind === "hold" && [a.handle, a.reasonNotes])).toEqual([
      ["bp-order", "Backorder Pilot: order held until the customer chooses how to proceed"],
      ["bp-order", "Backorder Pilot: order held until the customer chooses how to proceed"],
    ]);
  });

  it("switching to split_ship_rest re-splits and releases what can ship", () => {
    const heldFos = [fo("1", [["101", "501", 1], ["102", "502", 2]], { holds: [ours("h1", "bp-order")] }), fo("2", [["201", "503", 3]], { holds: [ours("h2", "bp-order")] })];
    const { plan } = converge(heldFos, [bo("7001", "501", 1)], "split_ship_rest");
    expect(plan.actions).toEqual([
      { kind: "release", fulfillmentOrderId: "1", holdIds: ["h1"], handles: ["bp-order"] },
      expect.objectContaining({ fulfillmentOrderId: "1", handle: "bp-7001", lineItems: [{ id: "101", quantity: 1 }] }),
      { kind: "release", fulfillmentOrderId: "2", holdIds: ["h2"], handles: ["bp-order"] },
    ]);
  });
});

describe("planHolds: Shopify's 10 holds per fulfillment order and app", () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i): [string, string, number] => [String(101 + i), String(501 + i), 1]);
  const shortEach = (n: number) => Array.from({ length: n }, (_, i) => bo(String(7001 + i), String(501 + i), 1));

  it("merges more than 10 backorders into one order-level hold and says so", () => {
    const { plan } = converge([fo("1", lines(12))], shortEach(11), "split_ship_rest");
    const ids = shortEach(11).map((b) => b.backorderId);
    expect(plan).toEqual({
      actions: [
        {
          kind: "hold",
          fulfillmentOrderId: "1",
          handle: "bp-order",
          reason: "INVENTORY_OUT_OF_STOCK",
          reasonNotes: "Backorder Pilot: 11 backordered lines waiting for stock",
          lineItems: lines(11).map(([id]) => ({ id, quantity: 1 })),
          backorderIds: ids,
        },
      ],
      notes: [{ kind: "merged", fulfillmentOrderId: "1", backorderIds: ids }],
    });
  });

  it("exactly 10 still get one hold each", () => {
    const { plan } = converge([fo("1", lines(10))], shortEach(10), "split_ship_rest");
    expect(plan.actions.map((a) => a.kind === "hold" && a.handle)).toEqual(shortEach(10).map((b) => `bp-${b.backorderId}`));
  });

  it("an 11th backorder on a full fulfillment order swaps to the order-level hold without ever dropping the hold", () => {
    const holds = shortEach(10).map((b, i) => ours(`h${i + 1}`, `bp-${b.backorderId}`));
    const fos = [fo("1", lines(11), { holds })];
    const plan = planHolds({ fulfillmentOrders: fos, backorders: shortEach(11), rule: "split_ship_rest" });
    expect(plan.actions.map((a) => (a.kind === "hold" ? `hold ${a.handle}` : `release ${a.handles.join(" ")}`))).toEqual([
      "release bp-7001",
      "hold bp-order",
      "release bp-7002 bp-7003 bp-7004 bp-7005 bp-7006 bp-7007 bp-7008 bp-7009 bp-7010",
    ]);
    const statuses: string[] = [];
    const after = apply(fos, plan.actions, (s) => statuses.push(s[0].status));
    expect(statuses).toEqual(["ON_HOLD", "ON_HOLD", "ON_HOLD"]);
    // Once merged it stays merged: planning again trades nothing back.
    expect(planHolds({ fulfillmentOrders: after, backorders: shortEach(11), rule: "split_ship_rest" })).toEqual({ actions: [], notes: [] });
  });

  it("counts the app's other holds toward the limit and never releases them", () => {
    const foreign = Array.from({ length: 9 }, (_, i) => ours(`x${i}`, `restock-check-${i}`));
    const fos = [fo("1", [["101", "501", 1], ["102", "502", 1]], { holds: foreign })];
    const plan = planHolds({ fulfillmentOrders: fos, backorders: [bo("7001", "501", 1), bo("7002", "502", 1)], rule: "split_ship_rest" });
    expect(plan.actions).toEqual([expect.objectContaining({ handle: "bp-order", backorderIds: ["7001", "7002"] })]);
    expect(plan.notes).toEqual([{ kind: "merged", fulfillmentOrderId: "1", backorderIds: ["7001", "7002"] }]);

    const full = [fo("1", [["101", "501", 1]], { holds: [...foreign, ours("x9", "restock-check-9")] })];
    expect(planHolds({ fulfillmentOrders: full, backorders: [bo("7001", "501", 1)], rule: "split_ship_rest" })).toEqual({
      actions: [],
      notes: [{ kind: "hold_limit_reached", fulfillmentOrderId: "1", backorderIds: ["7001"] }],
    });

    const resolved = [fo("1", [["101", "501", 1]], { holds: [ours("h1", "bp-7001"), ours("x1", "restock-check-1")] })];
    expect(planHolds({ fulfillmentOrders: resolved, backorders: [], rule: "split_ship_rest" }).actions).toEqual([
      { kind: "release", fulfillmentOrderId: "1", holdIds: ["h1"], handles: ["bp-7001"] },
    ]);
  });
});

describe("planHolds: fulfillment orders it cannot split or hold", () => {
  it("held by the merchant: holds the whole fulfillment order (it cannot be split) and says so", () => {
    const fos = [fo("1", [["101", "501", 2], ["102", "502", 1]], { holds: [{ id: "m1", handle: "", heldByRequestingApp: false }] })];
    const { plan } = converge(fos, [bo("7001", "501", 1)], "split_ship_rest");
    expect(plan.actions).toEqual([{ kind: "hold", fulfillmentOrderId: "1", handle: "bp-7001", reason: "INVENTORY_OUT_OF_STOCK", reasonNotes: SHORT_NOTE("7001"), backorderIds: ["7001"] }]);
    expect(plan.notes).toEqual([{ kind: "cannot_split", fulfillmentOrderId: "1", backorderIds: ["7001"] }]);
  });

  it("in progress at a fulfillment service: no hold, a note instead", () => {
    const fos = [fo("1", [["101", "501", 1]], { status: "IN_PROGRESS" })];
    expect(planHolds({ fulfillmentOrders: fos, backorders: [bo("7001", "501", 1)], rule: "split_ship_rest" })).toEqual({
      actions: [],
      notes: [{ kind: "not_holdable", fulfillmentOrderId: "1", status: "IN_PROGRESS", backorderIds: ["7001"] }],
    });
  });

  it("plans nothing for an order without backorders or holds", () => {
    expect(planHolds({ fulfillmentOrders: [fo("1", [["101", "501", 1]])], backorders: [], rule: "hold_whole_order" })).toEqual({ actions: [], notes: [] });
  });
});

describe("hold handles", () => {
  it("are stable, short and unambiguous", () => {
    expect(holdHandle("7001")).toBe("bp-7001");
    expect(holdHandle("9".repeat(40)).length).toBeLessThanOrEqual(64);
    expect(() => holdHandle("order")).toThrow(RangeError);
    expect(() => holdHandle("12a")).toThrow(RangeError);
    expect(backorderIdOfHandle("bp-7001")).toBe("7001");
    expect(backorderIdOfHandle("bp-order")).toBeNull();
    expect(backorderIdOfHandle("restock-check-1")).toBeNull();
    expect(["bp-7001", "bp-order", "bp-x", "", "restock"].map(isManagedHandle)).toEqual([true, true, false, false, false]);
  });
});
