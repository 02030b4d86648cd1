import { describe, expect, it } from "vitest";
import { currencyDigits, decimalText, formatMoney, priceOrder } from "./purchase-order-totals";

describe("priceOrder", () => {
  it("rounds each line to the minor unit and sums the rounded lines", () => {
    const priced = priceOrder({
      currency: "USD",
      lines: [
        { sku: "A", quantity: 3, unitCost: 0.1 },
        { sku: "B", quantity: 3, unitCost: 19.125 },
      ],
    });
    // 0.1 * 3 is 0.30000000000000004 in floating point; 19.125 * 3 = 57.375 rounds half up.
    expect(priced.lines.map((l) => l.lineTotalMinor)).toEqual([30, 5738]);
    expect(priced).toMatchObject({ units: 6, totalMinor: 5768, currencyDigits: 2 });
  });

  it("follows the currency's minor unit (JPY has none, KWD has three)", () => {
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("KWD")).toBe(3);
    expect(priceOrder({ currency: "JPY", lines: [{ sku: "A", quantity: 3, unitCost: 333.5 }] }).totalMinor).toBe(1001);
  });
});

describe("decimalText", () => {
  it("renders scaled integers exactly, trimming to the minimum digits", () => {
    expect(decimalText(125_000, 4, 2)).toBe("12.50");
    expect(decimalText(191_250, 4, 2)).toBe("19.125");
    expect(decimalText(5, 2, 2)).toBe("0.05");
    expect(decimalText(1001, 0, 0)).toBe("1001");
    expect(decimalText(-150, 2, 2)).toBe("-1.50");
  });
});

describe("formatMoney", () => {
  it("formats with the currency symbol and every significant digit", () => {
    expect(formatMoney("1234.50", "USD", 2)).toBe("$1,234.50");
    expect(formatMoney("19.125", "USD", 2)).toBe("$19.125");
    expect(formatMoney("1001", "JPY", 0)).toBe("¥1,001");
  });
});
