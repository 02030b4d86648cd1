import { describe, expect, it } from "vitest";
import { DEFAULT_PRIORITY_POLICY, allocateStock, attributeShortage, type PriorityLine } from "./index";

const TODAY = "2026-05-20";
const T0 = Date.parse("2026-05-01T08:00:00Z");

function line(n: number, extra: Partial<PriorityLine> = {}): PriorityLine {
  return {
    lineId: String(2000 + n),
    orderId: String(500 + n),
    orderCreatedAt: new Date(T0 + n * 60_000),
    channel: "online_store",
    orderValue: 5000,
    promiseLatest: null,
    units: 1,
    ...extra,
  };
}

describe("attributeShortage and allocateStock share one order", () => {
  // Acceptance scenario: 22 one-unit orders, same price, online_store and ebay (both at the
  // default window), 15 units on hand: the 7 latest orders are the ones short.
  const orders = Array.from({ length: 22 }, (_, i) => line(i + 1, { channel: i % 2 ? "ebay" : "online_store" }));
  const latestSeven = Array.from({ length: 7 }, (_, i) => String(2016 + i));

  it("equal promise state, service level and value reduce to oldest order first", () => {
    const { short, unattributed } = attributeShortage(15 - 22, [...orders].reverse(), DEFAULT_PRIORITY_POLICY, TODAY);
    expect([...short.keys()].sort()).toEqual(latestSeven);
    expect([...short.values()]).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(unattributed).toBe(0);
  });

  it("the same 15 units allocated go to exactly the 15 orders that are not short", () => {
    const { allocations, remaining } = allocateStock(15, orders, DEFAULT_PRIORITY_POLICY, TODAY);
    expect(allocations.map((a) => a.lineId)).toEqual(Array.from({ length: 15 }, (_, i) => String(2001 + i)));
    expect(allocations.every((a) => a.units === 1)).toBe(true);
    expect(remaining).toBe(0);
  });

  it("for mixed priorities, units short and units allocated partition every line's units", () => {
    const lines = [
      line(1, { units: 3, channel: "amazon" }),
      line(2, { units: 2, promiseLatest: "2026-05-12" }),
      line(3, { units: 4, orderValue: 12_000 }),
      line(4, { units: 1, channel: "ebay" }),
      line(5, { units: 2 }),
      line(6, { units: 5, channel: "amazon", orderValue: 100 }),
    ];
    const demand = 17;
    for (let stock = 0; stock <= demand; stock++) {
      const { short } = attributeShortage(stock - demand, lines, DEFAULT_PRIORITY_POLICY, TODAY);
      const { allocations } = allocateStock(stock, lines, DEFAULT_PRIORITY_POLICY, TODAY);
      const got = new Map(allocations.map((a) => [a.lineId, a.units]));
      for (const l of lines) expect((got.get(l.lineId) ?? 0) + (short.get(l.lineId) ?? 0), `stock ${stock} line ${l.lineId}`).toBe(l.units);
    }
  });
});

describe("attributeShortage", () => {
  it("splits a multi-unit line and leaves higher-priority lines untouched", () => {
    const lines = [line(1, { units: 5 }), line(2, { units: 2 }), line(3, { units: 4, channel: "amazon" })];
    const { short } = attributeShortage(-3, lines, DEFAULT_PRIORITY_POLICY, TODAY);
    // Amazon (stricter) is served before older online-store orders, so it is never short here.
    expect(short).toEqual(new Map([["2002", 2], ["2001", 1]]));
  });

  it("reports the units no open line explains", () => {
    const { short, unattributed } = attributeShortage(-4, [line(1), line(2, { units: 0 })], DEFAULT_PRIORITY_POLICY, TODAY);
    expect(short).toEqual(new Map([["2001", 1]]));
    expect(unattributed).toBe(3);
  });

  it("has no shortage at or above zero", () => {
    for (const available of [0, 7]) {
      expect(attributeShortage(available, [line(1)], DEFAULT_PRIORITY_POLICY, TODAY)).toEqual({ short: new Map(), unattributed: 0 });
    }
  });
});

describe("allocateStock", () => {
  it("serves overdue lines first, then partially fills the next, and never over-serves", () => {
    const waiting = [line(1, { units: 2 }), line(2, { units: 3, promiseLatest: "2026-05-19" }), line(3, { units: 2, channel: "amazon" })];
    expect(allocateStock(6, waiting, DEFAULT_PRIORITY_POLICY, TODAY)).toEqual({
      allocations: [
        { lineId: "2002", units: 3 },
        { lineId: "2003", units: 2 },
        { lineId: "2001", units: 1 },
      ],
      remaining: 0,
    });
  });

  it("returns what is left when every waiting line is served; lines with nothing waiting get nothing", () => {
    expect(allocateStock(10, [line(1, { units: 2 }), line(2, { units: 0 })], DEFAULT_PRIORITY_POLICY, TODAY)).toEqual({
      allocations: [{ lineId: "2001", units: 2 }],
      remaining: 8,
    });
  });

  it("allocates nothing from no stock", () => {
    expect(allocateStock(0, [line(1)], DEFAULT_PRIORITY_POLICY, TODAY)).toEqual({ allocations: [], remaining: 0 });
  });

  it("refuses fractional or negative unit counts", () => {
    expect(() => allocateStock(1.5, [line(1)], DEFAULT_PRIORITY_POLICY, TODAY)).toThrow(RangeError);
    expect(() => allocateStock(-1, [line(1)], DEFAULT_PRIORITY_POLICY, TODAY)).toThrow(RangeError);
    expect(() => allocateStock(1, [line(1, { units: -2 })], DEFAULT_PRIORITY_POLICY, TODAY)).toThrow(/2001 units/);
    expect(() => attributeShortage(-0.5, [line(1)], DEFAULT_PRIORITY_POLICY, TODAY)).toThrow(RangeError);
  });
});
