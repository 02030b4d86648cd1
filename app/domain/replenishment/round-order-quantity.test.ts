import { describe, expect, it } from "vitest";
import { largestOrderableQuantity, roundOrderQuantity } from "./index";

describe("roundOrderQuantity", () => {
  it.each([
    // units, moq, pack, expected
    [12, 1, 1, 12],
    [12, 10, 1, 12], // above the MOQ: unchanged
    [7, 10, 1, 10], // raised to the MOQ
    [12, 1, 5, 15], // up to whole packs
    [15, 1, 5, 15], // already whole packs
    [7, 10, 6, 12], // MOQ first (10), then packs (12)
    [11, 10, 6, 12],
    [13, 10, 6, 18],
    [1, 24, 24, 24],
  ])("%i units with MOQ %i and pack %i -> %i", (units, moq, packSize, expected) => {
    expect(roundOrderQuantity(units, { moq, packSize })).toBe(expected);
  });

  it("orders nothing when nothing is needed, whatever the MOQ", () => {
    expect(roundOrderQuantity(0, { moq: 10, packSize: 6 })).toBe(0);
  });

  it("rejects impossible multiples and quantities", () => {
    expect(() => roundOrderQuantity(5, { moq: 0, packSize: 1 })).toThrow("MOQ must be an integer >= 1, got 0");
    expect(() => roundOrderQuantity(5, { moq: 1, packSize: 0 })).toThrow("pack size must be an integer >= 1, got 0");
    expect(() => roundOrderQuantity(5, { moq: 1.5, packSize: 1 })).toThrow(RangeError);
    expect(() => roundOrderQuantity(-1, { moq: 1, packSize: 1 })).toThrow(RangeError);
    expect(() => roundOrderQuantity(2.5, { moq: 1, packSize: 1 })).toThrow(RangeError);
  });
});

describe("largestOrderableQuantity", () => {
  it("is whole packs within what is available, at least the MOQ", () => {
    expect(largestOrderableQuantity(25, { moq: 1, packSize: 6 })).toBe(24);
    expect(largestOrderableQuantity(100, { moq: 10, packSize: 1 })).toBe(100);
    expect(largestOrderableQuantity(11, { moq: 10, packSize: 6 })).toBe(0); // 6 < MOQ, 12 > available
    expect(largestOrderableQuantity(9, { moq: 10, packSize: 1 })).toBe(0);
    expect(largestOrderableQuantity(0, { moq: 1, packSize: 1 })).toBe(0);
  });

  it("is unlimited when availability is unknown", () => {
    expect(largestOrderableQuantity(null, { moq: 10, packSize: 6 })).toBe(Number.POSITIVE_INFINITY);
  });

  it("always rounds back to itself, so anything up to it fits after rounding", () => {
    for (const [available, moq, packSize] of [
      [25, 1, 6],
      [100, 10, 7],
      [57, 12, 12],
      [13, 10, 3],
    ]) {
      const max = largestOrderableQuantity(available, { moq, packSize });
      if (max === 0) continue;
      for (let units = 1; units <= max; units++) expect(roundOrderQuantity(units, { moq, packSize })).toBeLessThanOrEqual(max);
      expect(roundOrderQuantity(max, { moq, packSize })).toBe(max);
    }
  });
});
