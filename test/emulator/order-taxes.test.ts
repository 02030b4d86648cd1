// Taxes in the emulator: a shop that charges sales tax on top of its prices gives each line item its
// tax lines, the order and its webhooks their tax totals, and Order.suggestedRefund the units'
// price plus their share of the line's tax — never more than is left of the sale.
import { describe, expect, it } from "vitest";
import { ORDER_SUGGESTED_REFUND_QUERY, REFUND_CREATE_MUTATION } from "../../app/shopify/operations";
import { orderPayload, refundPayload } from "../../app/emulator/rest-payloads";
import { refundOrder } from "../../app/emulator/order-change-activity";
import { adminCall, createFixture, offlineToken, SHOP } from "./emulator-fixture";

type Suggestion = {
  amountSet: { shopMoney: { amount: string; currencyCode: string } };
  totalTaxSet: { shopMoney: { amount: string } };
  suggestedTransactions: { kind: string; gateway: string; amountSet: { shopMoney: { amount: string } }; parentTransaction: { id: string } }[];
};

function taxedFixture(rate = 0.08875) {
  const f = createFixture();
  const shop = f.emulator.shop(SHOP);
  shop.taxRate = rate;
  shop.taxTitle = "NY State Tax";
  // 2 × Large desk at 320.00 and 3 × lamp at 39.00.
  const order = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "DESK-L", quantity: 2 }, { sku: "LAMP-1", quantity: 3 }] });
  return { f, shop, order };
}

const lineGid = (id: number) => `gid://shopify/LineItem/${id}`;

describe("taxes on emulated orders", () => {
  it("each line's tax on its whole quantity, rounded to the cent; the order's totals and its webhook carry them", () => {
    const { f, shop, order } = taxedFixture();
    expect(order.lineItems.map((l) => [l.sku, l.price, l.taxLines])).toEqual([
      ["DESK-L", "320.00", [{ title: "NY State Tax", rate: 0.08875, price: "56.80" }]],
      ["LAMP-1", "39.00", [{ title: "NY State Tax", rate: 0.08875, price: "10.38" }]],
    ]);
    const json = orderPayload(shop, f.emulator.order(SHOP, order.id)) as Record<string, any>;
    expect([json.subtotal_price, json.total_tax, json.total_price, json.current_total_tax, json.current_total_price, json.taxes_included]).toEqual(["757.00", "67.18", "824.18", "67.18", "824.18", false]);
    expect(json.tax_lines).toEqual([expect.objectContaining({ title: "NY State Tax", rate: 0.08875, price: "67.18" })]);
    expect(json.line_items[0].tax_lines).toEqual([expect.objectContaining({ title: "NY State Tax", rate: 0.08875, price: "56.80", price_set: expect.objectContaining({ shop_money: { amount: "56.80", currency_code: "USD" } }) })]);
  });

  it("a shop without tax charges none: no tax lines, totals equal to the goods", () => {
    const f = createFixture();
    const order = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 2 }] });
    expect(order.lineItems[0].taxLines).toEqual([]);
    const json = orderPayload(f.emulator.shop(SHOP), order) as Record<string, any>;
    expect([json.total_tax, json.total_price, json.tax_lines]).toEqual(["0.00", "78.00", []]);
  });

  it("suggestedRefund: the units' price and their share of the line's tax, against the sale; capped at what is left", async () => {
    const { f, order } = taxedFixture();
    const token = await offlineToken(f);
    const suggest = async (lines: { lineItemId: string; quantity: number }[]) =>
      (await adminCall<{ order: { suggestedRefund: Suggestion } }>(f.emulator, token, ORDER_SUGGESTED_REFUND_QUERY, { id: `gid://shopify/Order/${order.id}`, refundLineItems: lines })).body.data!.order.suggestedRefund;
    const [desk, lamp] = order.lineItems;
    // One of two desks: 320.00 + half of 56.80; two of three lamps: 78.00 + 6.92 (10.38 × 2/3).
    const one = await suggest([{ lineItemId: lineGid(desk.id), quantity: 1 }]);
    expect(one).toEqual({
      amountSet: { shopMoney: { amount: "348.40", currencyCode: "USD" } },
      totalTaxSet: { shopMoney: { amount: "28.40" } },
      suggestedTransactions: [{ kind: "SUGGESTED_REFUND", gateway: "manual", amountSet: { shopMoney: { amount: "348.40" } }, parentTransaction: { id: `gid://shopify/OrderTransaction/${order.id}` } }],
    });
    const both = await suggest([{ lineItemId: lineGid(desk.id), quantity: 1 }, { lineItemId: lineGid(lamp.id), quantity: 2 }]);
    expect([both.amountSet.shopMoney.amount, both.totalTaxSet.shopMoney.amount]).toEqual(["433.32", "35.32"]);

    // The suggestion goes through refundCreate as is; afterwards less is left of the sale.
    const sent = await adminCall<{ refundCreate: { userErrors: unknown[] } }>(f.emulator, token, REFUND_CREATE_MUTATION, {
      input: {
        orderId: `gid://shopify/Order/${order.id}`,
        refundLineItems: [{ lineItemId: lineGid(desk.id), quantity: 1, restockType: "CANCEL" }],
        transactions: [{ orderId: `gid://shopify/Order/${order.id}`, parentId: one.suggestedTransactions[0].parentTransaction.id, kind: "REFUND", gateway: "manual", amount: "348.40" }],
      },
      idempotencyKey: "k-desk",
    });
    expect(sent.body.data!.refundCreate.userErrors).toEqual([]);
    const em = f.emulator.order(SHOP, order.id);
    expect(em.refunds[0].lines.map((l) => [l.subtotal, l.totalTax])).toEqual([["320.00", "28.40"]]);
    const json = refundPayload(f.emulator.shop(SHOP), em, em.refunds[0]) as Record<string, any>;
    expect(json.refund_line_items[0]).toMatchObject({ subtotal: 320, total_tax: 28.4 });
    expect(json.transactions).toEqual([expect.objectContaining({ kind: "refund", status: "success", amount: "348.40", gateway: "manual", parent_id: order.id })]);
    // Only one desk is left to refund: asking for two suggests one.
    const rest = await suggest([{ lineItemId: lineGid(desk.id), quantity: 2 }]);
    expect(rest.amountSet.shopMoney.amount).toBe("348.40");
    const current = orderPayload(f.emulator.shop(SHOP), em) as Record<string, any>;
    expect([current.current_total_tax, current.current_total_price, current.total_price]).toEqual(["38.78", "475.78", "824.18"]);
  });

  it("a refund of lines alone (no money) leaves the sale whole: the next suggestion is not reduced by it", async () => {
    const { f, order } = taxedFixture(0.1);
    const token = await offlineToken(f);
    const [desk] = order.lineItems;
    refundOrder(f.emulator.shop(SHOP), f.emulator.order(SHOP, order.id), { lines: [{ lineItemId: desk.id, quantity: 1, restockType: "CANCEL" }] }, new Date());
    const s = (await adminCall<{ order: { suggestedRefund: Suggestion } }>(f.emulator, token, ORDER_SUGGESTED_REFUND_QUERY, { id: `gid://shopify/Order/${order.id}`, refundLineItems: [{ lineItemId: lineGid(desk.id), quantity: 1 }] })).body.data!.order.suggestedRefund;
    expect([s.amountSet.shopMoney.amount, s.totalTaxSet.shopMoney.amount]).toEqual(["352.00", "32.00"]);
  });
});
