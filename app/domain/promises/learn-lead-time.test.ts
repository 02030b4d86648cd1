import { describe, expect, it } from "vitest";
import { learnLeadTime, learnSlip, quantile } from "./index";

// 20 received POs of one supplier+SKU, business days from submission to receipt (right-skewed).
const RICH = [8, 9, 9, 10, 10, 10, 10, 11, 11, 11, 12, 12, 12, 13, 13, 14, 15, 16, 18, 22];

describe("quantile", () => {
  it("interpolates between ranks", () => {
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.9)).toBe(5);
    expect(() => quantile([], 0.5)).toThrow(RangeError);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });
});

describe("learnLeadTime", () => {
  it("with no history, runs from the stated lead time to a quarter more", () => {
    expect(learnLeadTime({ samples: [], statedDays: 10 })).toEqual({ low: 10, high: 13, source: "stated", sampleCount: 0 });
    expect(learnLeadTime({ samples: [], statedDays: 2 })).toEqual({ low: 2, high: 3, source: "stated", sampleCount: 0 });
    expect(learnLeadTime({ samples: [], statedDays: 0 })).toEqual({ low: 0, high: 1, source: "stated", sampleCount: 0 });
  });

  it("with thin history faster than stated, widens downwards but keeps the high end at the stated time", () => {
    const e = learnLeadTime({ samples: [6, 7], statedDays: 10 });
    expect(e).toEqual({ low: 6, high: 12, source: "blended", sampleCount: 2 });
    expect(e.high).toBeGreaterThanOrEqual(10);
  });

  it("with thin history slower than stated, moves up towards it", () => {
    expect(learnLeadTime({ samples: [14, 16, 15], statedDays: 10 })).toEqual({ low: 11, high: 16, source: "blended", sampleCount: 3 });
  });

  it("narrows as samples accumulate, then lets history decide", () => {
    const widths = [1, 3, 5, 7].map((n) => {
      const e = learnLeadTime({ samples: RICH.slice(0, n).map(() => 11), statedDays: 10 });
      return e.high - e.low;
    });
    expect(widths).toEqual([...widths].sort((a, b) => b - a));
    expect(learnLeadTime({ samples: Array(8).fill(11), statedDays: 10 })).toEqual({ low: 11, high: 11, source: "history", sampleCount: 8 });
  });

  it("with rich history, takes its quantiles (floored / ceiled to whole days)", () => {
    expect(learnLeadTime({ samples: RICH, statedDays: 10 })).toEqual({ low: 8, high: 19, source: "history", sampleCount: 20 });
    expect(learnLeadTime({ samples: RICH, statedDays: 10, lowQuantile: 0.1, highQuantile: 0.9 })).toEqual({
      low: 9,
      high: 17,
      source: "history",
      sampleCount: 20,
    });
    // Rich history may promise faster than the supplier states.
    expect(learnLeadTime({ samples: RICH, statedDays: 20 }).low).toBe(8);
  });

  it("ignores impossible samples", () => {
    expect(learnLeadTime({ samples: [-3, Number.NaN, Number.POSITIVE_INFINITY], statedDays: 10 })).toEqual({
      low: 10,
      high: 13,
      source: "stated",
      sampleCount: 0,
    });
  });

  it("given the PO is still out after `atLeast` days, rules out shorter times", () => {
    // Survivors 13,13,14,15,16,18,22 (7 < 8): blended with the prior moved along to [13, 16].
    expect(learnLeadTime({ samples: RICH, statedDays: 10, atLeast: 13 })).toEqual({ low: 13, high: 21, source: "blended", sampleCount: 7 });
    // Past every sample: only the moved prior remains.
    expect(learnLeadTime({ samples: RICH, statedDays: 10, atLeast: 30 })).toEqual({ low: 30, high: 33, source: "stated", sampleCount: 0 });
    expect(learnLeadTime({ samples: RICH, statedDays: 10, atLeast: 0 })).toEqual(learnLeadTime({ samples: RICH, statedDays: 10 }));
  });

  it("refuses nonsense tuning", () => {
    expect(() => learnLeadTime({ samples: [], statedDays: -1 })).toThrow(RangeError);
    expect(() => learnLeadTime({ samples: [], statedDays: 2.5 })).toThrow(RangeError);
    expect(() => learnLeadTime({ samples: [], statedDays: 5, lowQuantile: 0.9, highQuantile: 0.1 })).toThrow(RangeError);
    expect(() => learnLeadTime({ samples: [], statedDays: 5, minSamples: 0 })).toThrow(RangeError);
  });
});

describe("learnSlip", () => {
  const slips = [...Array(12).fill(0), 1, 1, 1, 1, 1, 2, 2, 4];

  it("with no history, allows a day early and the prior's lateness", () => {
    expect(learnSlip({ samples: [], priorHighDays: 3 })).toEqual({ low: -1, high: 3, source: "stated", sampleCount: 0 });
    expect(learnSlip({ samples: [], priorHighDays: 3, priorEarlyDays: 0 })).toEqual({ low: 0, high: 3, source: "stated", sampleCount: 0 });
  });

  it("learns lateness, early deliveries included", () => {
    expect(learnSlip({ samples: slips, priorHighDays: 3 })).toEqual({ low: 0, high: 3, source: "history", sampleCount: 20 });
    expect(learnSlip({ samples: [-2, -1, ...slips], priorHighDays: 3 })).toEqual({ low: -2, high: 2, source: "history", sampleCount: 22 });
  });

  it("once overdue, keeps only the slips at least that long", () => {
    expect(learnSlip({ samples: slips, priorHighDays: 3, atLeast: 2 })).toEqual({ low: 2, high: 5, source: "blended", sampleCount: 3 });
  });
});
