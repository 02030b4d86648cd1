// Shopify's idempotent requests in the emulator (2026-01 `@idempotent(key:)` on the mutations that
// document it): a repeat answers the first result without acting again, the same key with other
// arguments is refused, a refusal is not remembered; and refund transactions against the order's sale.
import { describe, expect, it } from "vitest";
import { INVENTORY_RECEIVE_MUTATION, ORDER_SUGGESTED_REFUND_QUERY, REFUND_CREATE_MUTATION } from "../../app/shopify/operations";
import { available } from "../../app/emulator/emulated-shop";
import { adminCall, createFixture, offlineToken, SHOP } from "./emulator-fixture";

describe("idempotent mutations", () => {
  it("inventoryAdjustQuantities: the same key twice adjusts once; other arguments under the key are refused", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    const item = f.emulator.shop(SHOP).items.get(f.emulator.shop(SHOP).variantBySku("LAMP-1")!.inventoryItemId)!;
    const level = () => available(item.levels.get(f.locations.main)!);
    const input = (delta: number) => ({
      input: { name: "available", reason: "received", referenceDocumentUri: "gid://backorder-pilot/Restock/r1", changes: [{ inventoryItemId: `gid://shopify/InventoryItem/${item.id}`, locationId: `gid://shopify/Location/${f.locations.main}`, delta, changeFromQuantity: null }] },
      idempotencyKey: "shop:restock:r1",
    });
    const first = await adminCall<{ inventoryAdjustQuantities: { inventoryAdjustmentGroup: { id: string }; userErrors: unknown[] } }>(f.emulator, token, INVENTORY_RECEIVE_MUTATION, input(3));
    const again = await adminCall<{ inventoryAdjustQuantities: { inventoryAdjustmentGroup: { id: string } } }>(f.emulator, token, INVENTORY_RECEIVE_MUTATION, input(3));
    expect(level()).toBe(2 + 3);
    expect(again.body.data!.inventoryAdjustQuantities.inventoryAdjustmentGroup.id).toBe(first.body.data!.inventoryAdjustQuantities.inventoryAdjustmentGroup.id);
    const other = await adminCall(f.emulator, token, INVENTORY_RECEIVE_MUTATION, input(5));
    expect(other.body.errors).toEqual([expect.objectContaining({ message: "The same idempotency key cannot be used with different operation parameters.", extensions: { code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" } })]);
    expect(level()).toBe(5);
  });

  it("refundCreate: refunds the units and the money once per key, against the order's sale; a refused request may be retried", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    const order = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "DESK-L", quantity: 2 }] });
    type R = { order: { suggestedRefund: { suggestedTransactions: { gateway: string; parentTransaction: { id: string } }[] } } };
    const read = await adminCall<R>(f.emulator, token, ORDER_SUGGESTED_REFUND_QUERY, { id: `gid://shopify/Order/${order.id}`, refundLineItems: [{ lineItemId: `gid://shopify/LineItem/${order.lineItems[0].id}`, quantity: 1 }] });
    const suggested = read.body.data!.order.suggestedRefund.suggestedTransactions[0];
    const sale = { id: suggested.parentTransaction.id };
    expect(suggested).toMatchObject({ gateway: "manual", parentTransaction: { id: `gid://shopify/OrderTransaction/${order.id}` } });
    const refund = (amount: string, key: string) =>
      adminCall<{ refundCreate: { refund: { id: string } | null; userErrors: { message: string }[] } }>(f.emulator, token, REFUND_CREATE_MUTATION, {
        input: {
          orderId: `gid://shopify/Order/${order.id}`,
          refundLineItems: [{ lineItemId: `gid://shopify/LineItem/${order.lineItems[0].id}`, quantity: 1, restockType: "CANCEL" }],
          transactions: [{ orderId: `gid://shopify/Order/${order.id}`, parentId: sale.id, kind: "REFUND", gateway: "manual", amount }],
        },
        idempotencyKey: key,
      });
    // More than was paid: refused, not remembered — the same key with a right amount goes through.
    expect((await refund("9999.00", "k1")).body.data!.refundCreate.userErrors).toEqual([expect.objectContaining({ message: "Refund amount exceeds the amount available to refund." })]);
    const ok = await refund("320.00", "k1");
    const repeat = await refund("320.00", "k1");
    expect(repeat.body.data!.refundCreate.refund!.id).toBe(ok.body.data!.refundCreate.refund!.id);
    const em = f.emulator.order(SHOP, order.id);
    expect(em.refunds).toHaveLength(1);
    expect(em.refunds[0].transactions).toEqual([{ id: expect.any(Number), amount: "320.00", gateway: "manual" }]);
    expect(em.lineItems[0].currentQuantity).toBe(1);
  });
});
