// An emulated order's money: line taxes (a shop-wide rate on prices that exclude tax, as a US shop
// charges sales tax), the captured sale, what refunds have paid back, and Shopify's refund
// suggestion (Order.suggestedRefund): the goods' value plus their share of each line's tax,
// never more than is left of the sale. Shipping and discounts are not modelled.
import type { EmLineItem, EmOrder, EmRefund, EmTaxLine, EmulatedShop } from "./emulated-shop";

const cents = (amount: number) => Math.round(amount * 100);
export const decimal = (minor: number) => (minor / 100).toFixed(2);

/** The tax lines of a new line item at the shop's rate (none when the shop charges no tax). */
export function taxLinesFor(shop: EmulatedShop, price: string, quantity: number): EmTaxLine[] {
  if (!(shop.taxRate > 0)) return [];
  return [{ title: shop.taxTitle, rate: shop.taxRate, price: decimal(Math.round(cents(Number(price)) * quantity * shop.taxRate)) }];
}

/** Tax on all of a line's original units, in minor units. */
export const lineTaxMinor = (li: EmLineItem) => li.taxLines.reduce((n, t) => n + cents(Number(t.price)), 0);

/** Tax on `units` of a line: its share of the line's tax, rounded to the cent. */
export const unitsTaxMinor = (li: EmLineItem, units: number) => (li.quantity > 0 ? Math.round((lineTaxMinor(li) * units) / li.quantity) : 0);

export const unitsSubtotalMinor = (li: EmLineItem, units: number) => cents(Number(li.price)) * units;

/** The order as placed: goods and tax. */
export function originalMinor(o: EmOrder): { subtotal: number; tax: number; total: number } {
  const subtotal = o.lineItems.reduce((n, li) => n + unitsSubtotalMinor(li, li.quantity), 0);
  const tax = o.lineItems.reduce((n, li) => n + lineTaxMinor(li), 0);
  return { subtotal, tax, total: subtotal + tax };
}

/** The order as it stands after edits, refunds and cancellation. */
export function currentMinor(o: EmOrder): { subtotal: number; tax: number; total: number } {
  if (o.cancelledAt) return { subtotal: 0, tax: 0, total: 0 };
  const subtotal = o.lineItems.reduce((n, li) => n + unitsSubtotalMinor(li, li.currentQuantity), 0);
  const tax = o.lineItems.reduce((n, li) => n + unitsTaxMinor(li, li.currentQuantity), 0);
  return { subtotal, tax, total: subtotal + tax };
}

/** Money paid back so far by refund transactions. */
export const refundedMinor = (o: EmOrder) => o.refunds.reduce((n, r) => n + transactionsMinor(r), 0);

/** The money a refund's transactions paid back. */
const transactionsMinor = (r: EmRefund) => (r.transactions ?? []).reduce((n, t) => n + cents(Number(t.amount)), 0);

/** What is left of the order's one captured sale (orders are taken as paid in full). */
export const refundableMinor = (o: EmOrder) => Math.max(0, originalMinor(o).total - refundedMinor(o));

export type RefundSuggestion = {
  /** Each line asked for that the order has, its units capped at what is left of it. */
  lines: { lineItem: EmLineItem; units: number; subtotal: number; tax: number }[];
  subtotal: number;
  tax: number;
  amount: number;
  maximumRefundable: number;
};

/** Order.suggestedRefund for these units: goods plus their tax, capped at what is left of the sale. */
export function suggestRefund(o: EmOrder, asked: { lineItemId: number; quantity: number }[]): RefundSuggestion {
  const lines = asked.flatMap((l) => {
    const li = o.lineItems.find((x) => x.id === l.lineItemId);
    if (!li) return [];
    const units = Math.max(0, Math.min(l.quantity, li.currentQuantity));
    return [{ lineItem: li, units, subtotal: unitsSubtotalMinor(li, units), tax: unitsTaxMinor(li, units) }];
  });
  const subtotal = lines.reduce((n, l) => n + l.subtotal, 0);
  const tax = lines.reduce((n, l) => n + l.tax, 0);
  const maximumRefundable = refundableMinor(o);
  return { lines, subtotal, tax, amount: Math.min(subtotal + tax, maximumRefundable), maximumRefundable };
}

/** The order's tax lines: each (title, rate) summed over its line items. */
export function orderTaxLines(o: EmOrder): EmTaxLine[] {
  const byKey = new Map<string, { title: string; rate: number; minor: number }>();
  for (const t of o.lineItems.flatMap((li) => li.taxLines)) {
    const k = `${t.title}\u0000${t.rate}`;
    const e = byKey.get(k) ?? { title: t.title, rate: t.rate, minor: 0 };
    e.minor += cents(Number(t.price));
    byKey.set(k, e);
  }
  return [...byKey.values()].map((e) => ({ title: e.title, rate: e.rate, price: decimal(e.minor) }));
}

/** A refund's total: the money its transactions paid back, or for a refund of lines alone their value with tax. */
export function refundTotalMinor(r: EmRefund): number {
  if (r.transactions?.length) return transactionsMinor(r);
  return r.lines.reduce((n, l) => n + cents(Number(l.subtotal)) + cents(Number(l.totalTax)), 0);
}
