// Money on a purchase order, computed in integers: unit costs are kept to 4 decimals (B2B prices
// often have more than the currency's), each line total is rounded to the currency's minor unit,
// and the order total is the sum of those rounded lines — what a supplier's invoice will show.
import type { PurchaseOrderDocument, PurchaseOrderLine } from "./purchase-order-document";

const COST_SCALE = 4;

export type PricedLine = PurchaseOrderLine & {
  /** Unit cost in 1/10 000 of the currency unit. */
  unitCostScaled: number;
  /** Line total in the currency's minor unit (cents, or yen for JPY). */
  lineTotalMinor: number;
};

export type PricedOrder = { lines: PricedLine[]; units: number; totalMinor: number; currencyDigits: number };

export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function priceOrder(po: Pick<PurchaseOrderDocument, "currency" | "lines">): PricedOrder {
  const digits = currencyDigits(po.currency);
  const lines = po.lines.map((line) => {
    const unitCostScaled = Math.round(line.unitCost * 10 ** COST_SCALE);
    const lineTotalMinor = Math.round((unitCostScaled * line.quantity) / 10 ** (COST_SCALE - digits));
    return { ...line, unitCostScaled, lineTotalMinor };
  });
  return {
    lines,
    units: lines.reduce((sum, l) => sum + l.quantity, 0),
    totalMinor: lines.reduce((sum, l) => sum + l.lineTotalMinor, 0),
    currencyDigits: digits,
  };
}

/** Exact decimal text of a scaled integer, keeping at least `minDigits` fraction digits. */
export function decimalText(scaled: number, scale: number, minDigits: number): string {
  const sign = scaled < 0 ? "-" : "";
  const digits = String(Math.abs(scaled)).padStart(scale + 1, "0");
  const whole = scale === 0 ? digits : digits.slice(0, -scale);
  let fraction = scale === 0 ? "" : digits.slice(-scale);
  while (fraction.length > minDigits && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}

export function unitCostText(line: PricedLine, digits: number): string {
  return decimalText(line.unitCostScaled, COST_SCALE, digits);
}

/** "$1,234.50" / "¥1,235" / "€0.1250" for display in emails. */
export function formatMoney(amountText: string, currency: string, digits: number): string {
  const fractionDigits = Math.max(digits, amountText.split(".")[1]?.length ?? 0);
  return new Intl.NumberFormat("en-US", { style: "currency", currency, minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(
    Number(amountText),
  );
}
