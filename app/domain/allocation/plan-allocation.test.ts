import { describe, expect, it } from "vitest";
import { DEFAULT_PRIORITY_POLICY, planAllocation, type PriorityLine } from "./index";

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

const summary = (plan: ReturnType<typeof planAllocation>) =>
  plan.lines.map((l) => [l.rank, l.line.lineId, l.allocated, l.stillWaiting, l.outcome, l.decidedBy]);

describe("planAllocation", () => {
  const waiting = [
    line(1, { units: 2 }),
    line(2, { units: 3, promiseLatest: "2026-05-18" }),
    line(3, { units: 2, channel: "amazon" }),
    line(4, { units: 1, orderValue: 9000 }),
    line(5, { units: 2 }),
  ];

  it("previews who gets what, who keeps waiting, and the criterion that put each line on its side of the cut", () => {
    const plan = planAllocation(7, waiting, DEFAULT_PRIORITY_POLICY, TODAY);
    expect(summary(plan)).toEqual([
      [1, "2002", 3, 0, "allocated", "past_promise"],
      [2, "2003", 2, 0, "allocated", "service_level"],
      [3, "2004", 1, 0, "allocated", "order_value"],
      // The stock runs out inside this line: nothing else decided it.
      [4, "2001", 1, 1, "partial", null],
      [5, "2005", 0, 2, "waiting", "order_age"],
    ]);
    expect(plan).toMatchObject({
      units: 7,
      allocated: 7,
      remaining: 0,
      linesAllocated: 3,
      linesPartial: 1,
      linesWaiting: 1,
      unitsStillWaiting: 3,
    });
  });

  it("a waiting line is explained against the last line that got stock", () => {
    const plan = planAllocation(6, waiting, DEFAULT_PRIORITY_POLICY, TODAY);
    expect(summary(plan).slice(3)).toEqual([
      [4, "2001", 0, 2, "waiting", "order_value"],
      [5, "2005", 0, 2, "waiting", "order_value"],
    ]);
  });

  it("names the tiebreak when only the ids separate two lines", () => {
    const at = new Date(T0);
    const plan = planAllocation(1, [line(1, { orderCreatedAt: at, orderId: "12" }), line(2, { orderCreatedAt: at, orderId: "11" })], DEFAULT_PRIORITY_POLICY, TODAY);
    expect(summary(plan)).toEqual([
      [1, "2002", 1, 0, "allocated", "tiebreak"],
      [2, "2001", 0, 1, "waiting", "tiebreak"],
    ]);
  });

  it("has no contention when the stock covers everyone, or when there is none", () => {
    const all = planAllocation(20, waiting, DEFAULT_PRIORITY_POLICY, TODAY);
    expect(all.lines.every((l) => l.outcome === "allocated" && l.decidedBy === null)).toBe(true);
    expect(all).toMatchObject({ allocated: 10, remaining: 10, unitsStillWaiting: 0 });

    const none = planAllocation(0, waiting, DEFAULT_PRIORITY_POLICY, TODAY);
    expect(none.lines.every((l) => l.outcome === "waiting" && l.decidedBy === null)).toBe(true);
    expect(none).toMatchObject({ allocated: 0, remaining: 0, linesWaiting: 5, unitsStillWaiting: 10 });
  });

  it("leaves lines with nothing waiting out of the preview", () => {
    const plan = planAllocation(1, [line(1, { units: 0 }), line(2)], DEFAULT_PRIORITY_POLICY, TODAY);
    expect(plan.lines.map((l) => l.line.lineId)).toEqual(["2002"]);
  });
});
