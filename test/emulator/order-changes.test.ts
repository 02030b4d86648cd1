// Changes to placed orders through the Admin API, as the recovery features make them: refunds with
// restocking (refunds/create, orders/updated, stock), order edits (orders/edited, orders/updated,
// committed stock) and variant policy updates (products/update) — Shopify's payloads and userErrors.
import { beforeEach, describe, expect, it } from "vitest";
import { adminSchema } from "../../app/emulator";
import { available } from "../../app/emulator/emulated-shop";
import { adminCall, adminData, createFixture, offlineToken, SHOP, type Fixture } from "./emulator-fixture";
import { shapeProblems } from "./response-shape";

let f: Fixture;
let token: string;
beforeEach(async () => {
  f = createFixture();
  token = await offlineToken(f);
});

const drain = () => (f.emulator.webhooks.queue = []);
const webhooks = () => f.emulator.webhooks.queue.map((w) => ({ topic: w.topic, body: JSON.parse(w.body) as Record<string, any> }));
const topics = () => f.emulator.webhooks.queue.map((w) => w.topic);
const level = (sku: string, location: number) => {
  const shop = f.emulator.shop(SHOP);
  const l = shop.items.get(shop.variantBySku(sku)!.inventoryItemId)!.levels.get(location)!;
  return { onHand: l.onHand, committed: l.committed, available: available(l) };
};
const orderGid = (id: number) => `gid://shopify/Order/${id}`;
const lineGid = (id: number) => `gid://shopify/LineItem/${id}`;
const variantGid = (sku: string) => `gid://shopify/ProductVariant/${f.emulator.shop(SHOP).variantBySku(sku)!.id}`;

describe("refundCreate", () => {
  const REFUND = `mutation($input: RefundInput!) { refundCreate(input: $input) {
    refund { id note totalRefundedSet { shopMoney { amount } } refundLineItems(first: 5) { nodes { quantity restockType restocked location { name } lineItem { sku } subtotalSet { shopMoney { amount } } } } }
    order { displayFinancialStatus currentSubtotalLineItemsQuantity lineItems(first: 5) { nodes { sku currentQuantity refundableQuantity unfulfilledQuantity } } }
    userErrors { field message } } }`;

  it("CANCEL restock of unfulfilled units releases committed stock; refunds/create, orders/updated, inventory_levels/update", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 3 }] });
    expect(level("DESK-L", f.locations.outlet)).toEqual({ onHand: 4, committed: 3, available: 1 });
    drain();
    f.clock.advance(60_000);
    const li = o.lineItems[0];
    const { body } = await adminCall(f.emulator, token, REFUND, { input: { orderId: orderGid(o.id), note: "Backorder given up", refundLineItems: [{ lineItemId: lineGid(li.id), quantity: 2, restockType: "CANCEL" }] } });
    expect(body.errors).toBeUndefined();
    expect(shapeProblems(adminSchema(), REFUND, body.data)).toEqual([]);
    const r = (body.data as any).refundCreate;
    expect(r.userErrors).toEqual([]);
    expect(r.refund).toMatchObject({
      note: "Backorder given up",
      totalRefundedSet: { shopMoney: { amount: "640.00" } },
      refundLineItems: { nodes: [{ quantity: 2, restockType: "CANCEL", restocked: true, location: { name: "Outlet" }, lineItem: { sku: "DESK-L" }, subtotalSet: { shopMoney: { amount: "640.00" } } }] },
    });
    expect(r.order).toEqual({ displayFinancialStatus: "PARTIALLY_REFUNDED", currentSubtotalLineItemsQuantity: 1, lineItems: { nodes: [{ sku: "DESK-L", currentQuantity: 1, refundableQuantity: 1, unfulfilledQuantity: 1 }] } });
    expect(level("DESK-L", f.locations.outlet)).toEqual({ onHand: 4, committed: 1, available: 3 });
    expect(o.fulfillmentOrders[0].lines.map((l) => [l.totalQuantity, l.remainingQuantity])).toEqual([[1, 1]]);
    expect(topics()).toEqual(["refunds/create", "orders/updated", "inventory_levels/update"]);
    const [refund, updated, inv] = webhooks().map((w) => w.body);
    expect(refund).toMatchObject({
      id: o.refunds[0].id,
      order_id: o.id,
      note: "Backorder given up",
      created_at: "2026-03-02T04:01:00-05:00",
      restock: true,
      admin_graphql_api_id: `gid://shopify/Refund/${o.refunds[0].id}`,
      refund_line_items: [
        {
          quantity: 2,
          line_item_id: li.id,
          location_id: f.locations.outlet,
          restock_type: "cancel",
          subtotal: 640,
          total_tax: 0,
          subtotal_set: { shop_money: { amount: "640.00", currency_code: "USD" }, presentment_money: { amount: "640.00", currency_code: "USD" } },
          line_item: expect.objectContaining({ id: li.id, sku: "DESK-L", quantity: 3, fulfillable_quantity: 1, admin_graphql_api_id: lineGid(li.id) }),
        },
      ],
    });
    // The keys of Shopify's refund serializer, no more, no fewer.
    expect(Object.keys(refund).sort()).toEqual(
      ["id", "order_id", "created_at", "note", "user_id", "processed_at", "duties", "total_duties_set", "return", "refund_shipping_lines", "restock", "admin_graphql_api_id", "order_adjustments", "refund_line_items", "transactions"].sort(),
    );
    expect(updated).toMatchObject({ financial_status: "partially_refunded", updated_at: "2026-03-02T04:01:00-05:00", line_items: [{ current_quantity: 1, fulfillable_quantity: 1 }], refunds: [expect.objectContaining({ id: o.refunds[0].id })] });
    expect(inv).toMatchObject({ location_id: f.locations.outlet, available: 3 });
  });

  it("RETURN puts shipped units back on hand at the given location; NO_RESTOCK of unfulfilled units writes them off", async () => {
    const shipped = f.emulator.placeOrder(SHOP, { channel: "web", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 2 }] });
    f.emulator.fulfillOrder(SHOP, shipped.id);
    expect(level("DESK-L", f.locations.outlet)).toEqual({ onHand: 2, committed: 0, available: 2 });
    drain();
    const ret = await adminData(f.emulator, token, REFUND, { input: { orderId: orderGid(shipped.id), refundLineItems: [{ lineItemId: lineGid(shipped.lineItems[0].id), quantity: 1, restockType: "RETURN", locationId: `gid://shopify/Location/${f.locations.main}` }] } });
    expect(ret.refundCreate.userErrors).toEqual([]);
    expect(level("DESK-L", f.locations.main)).toEqual({ onHand: 2, committed: 0, available: 2 });
    expect(level("DESK-L", f.locations.outlet)).toEqual({ onHand: 2, committed: 0, available: 2 });
    expect(webhooks()[2].body).toMatchObject({ location_id: f.locations.main, available: 2 });

    const open = f.emulator.placeOrder(SHOP, { channel: "web", location: "Main Warehouse", lines: [{ sku: "LAMP-1", quantity: 2 }] });
    drain();
    const writeOff = await adminData(f.emulator, token, REFUND, { input: { orderId: orderGid(open.id), refundLineItems: [{ lineItemId: lineGid(open.lineItems[0].id), quantity: 2 }] } });
    expect(writeOff.refundCreate.refund.refundLineItems.nodes).toEqual([expect.objectContaining({ restockType: "NO_RESTOCK", restocked: false, location: null })]);
    expect(writeOff.refundCreate.order.displayFinancialStatus).toBe("REFUNDED");
    expect(level("LAMP-1", f.locations.main)).toEqual({ onHand: 0, committed: 0, available: 0 });
    expect(open.fulfillmentOrders[0].status).toBe("CLOSED");
    expect(webhooks()[0].body).toMatchObject({ restock: false, refund_line_items: [{ restock_type: "no_restock", location_id: null }] });
  });

  it("refuses more than is refundable and restock types that do not fit, changing nothing", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 2 }] });
    const li = lineGid(o.lineItems[0].id);
    const refund = async (lines: unknown[]) => (await adminData(f.emulator, token, REFUND, { input: { orderId: orderGid(o.id), refundLineItems: lines } })).refundCreate;
    drain();
    expect(await refund([{ lineItemId: li, quantity: 3, restockType: "CANCEL" }])).toEqual({
      refund: null,
      order: null,
      userErrors: [{ field: ["input", "refundLineItems", "0", "quantity"], message: "Line item quantity cannot refund more items than were purchased." }],
    });
    expect((await refund([{ lineItemId: li, quantity: 1 }, { lineItemId: li, quantity: 2 }])).userErrors[0].field).toEqual(["input", "refundLineItems", "1", "quantity"]);
    expect((await refund([{ lineItemId: li, quantity: 1, restockType: "RETURN" }])).userErrors[0].message).toMatch(/Only fulfilled items/);
    expect((await refund([{ lineItemId: li, quantity: 1, restockType: "LEGACY_RESTOCK" }])).userErrors[0].field).toEqual(["input", "refundLineItems", "0", "restockType"]);
    expect((await refund([{ lineItemId: lineGid(1), quantity: 1 }])).userErrors[0].field).toEqual(["input", "refundLineItems", "0", "lineItemId"]);
    const missing = await adminData(f.emulator, token, REFUND, { input: { orderId: orderGid(1), refundLineItems: [] } });
    expect(missing.refundCreate.userErrors).toEqual([{ field: ["input", "orderId"], message: "Order does not exist." }]);
    expect(topics()).toEqual([]);
    expect(o.refunds).toEqual([]);
    expect(level("DESK-L", f.locations.outlet).committed).toBe(2);
  });

  it("the shop action refunds the same way", () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 2 }] });
    drain();
    f.emulator.refundOrder(SHOP, o.id, { lines: [{ lineItemId: o.lineItems[0].id, quantity: 1, restockType: "CANCEL" }] });
    expect(topics()).toEqual(["refunds/create", "orders/updated", "inventory_levels/update"]);
    expect(level("DESK-L", f.locations.outlet)).toEqual({ onHand: 4, committed: 1, available: 3 });
    expect(() => f.emulator.refundOrder(SHOP, o.id, { lines: [{ lineItemId: o.lineItems[0].id, quantity: 2 }] })).toThrow(/cannot refund more/);
  });
});

describe("order editing", () => {
  const BEGIN = `mutation($id: ID!) { orderEditBegin(id: $id) { calculatedOrder { id lineItems(first: 10) { nodes { id quantity editableQuantity sku } } } orderEditSession { id } userErrors { field message } } }`;
  const SET = `mutation($id: ID!, $line: ID!, $q: Int!, $restock: Boolean) { orderEditSetQuantity(id: $id, lineItemId: $line, quantity: $q, restock: $restock) {
    calculatedLineItem { id quantity editableQuantity restocking } calculatedOrder { subtotalLineItemsQuantity } userErrors { field message } } }`;
  const ADD = `mutation($id: ID!, $v: ID!, $q: Int!, $loc: ID, $dup: Boolean) { orderEditAddVariant(id: $id, variantId: $v, quantity: $q, locationId: $loc, allowDuplicates: $dup) {
    calculatedLineItem { id quantity sku } calculatedOrder { addedLineItems(first: 5) { nodes { sku quantity } } } userErrors { field message } } }`;
  const COMMIT = `mutation($id: ID!) { orderEditCommit(id: $id, notifyCustomer: false, staffNote: "Swapped backordered lamp") { order { id lineItems(first: 10) { nodes { sku quantity currentQuantity } } } userErrors { field message } } }`;

  it("begin, set a quantity, add a variant, commit: committed stock follows, orders/edited then orders/updated", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Main Warehouse", lines: [{ sku: "LAMP-1", quantity: 3 }, { sku: "DESK-S", quantity: 1 }] });
    expect(level("LAMP-1", f.locations.main)).toEqual({ onHand: 2, committed: 3, available: -1 });
    drain();
    const begin = await adminData(f.emulator, token, BEGIN, { id: orderGid(o.id) });
    const calc = begin.orderEditBegin.calculatedOrder;
    expect(begin.orderEditBegin.userErrors).toEqual([]);
    expect(calc.id).toMatch(/^gid:\/\/shopify\/CalculatedOrder\/\d+$/);
    expect(begin.orderEditBegin.orderEditSession.id).toMatch(/^gid:\/\/shopify\/OrderEditSession\/\d+$/);
    expect(calc.lineItems.nodes.map((n: any) => [n.sku, n.quantity, n.editableQuantity])).toEqual([["LAMP-1", 3, 3], ["DESK-S", 1, 1]]);
    const lampLine = calc.lineItems.nodes[0].id;
    expect(lampLine).toBe(`gid://shopify/CalculatedLineItem/${o.lineItems[0].id}`);

    const set = await adminData(f.emulator, token, SET, { id: calc.id, line: lampLine, q: 1, restock: true });
    expect(set.orderEditSetQuantity).toEqual({ calculatedLineItem: { id: lampLine, quantity: 1, editableQuantity: 1, restocking: true }, calculatedOrder: { subtotalLineItemsQuantity: 2 }, userErrors: [] });
    // The session id works as well as the calculated order id.
    const add = await adminData(f.emulator, token, ADD, { id: begin.orderEditBegin.orderEditSession.id, v: variantGid("DESK-L"), q: 2, loc: `gid://shopify/Location/${f.locations.outlet}` });
    expect(add.orderEditAddVariant.userErrors).toEqual([]);
    expect(add.orderEditAddVariant.calculatedOrder.addedLineItems.nodes).toEqual([{ sku: "DESK-L", quantity: 2 }]);
    // Nothing changes before the commit.
    expect(topics()).toEqual([]);
    expect(level("LAMP-1", f.locations.main).committed).toBe(3);

    f.clock.advance(60_000);
    const commit = await adminData(f.emulator, token, COMMIT, { id: calc.id });
    expect(commit.orderEditCommit.userErrors).toEqual([]);
    expect(commit.orderEditCommit.order.lineItems.nodes).toEqual([
      { sku: "LAMP-1", quantity: 3, currentQuantity: 1 },
      { sku: "DESK-S", quantity: 1, currentQuantity: 1 },
      { sku: "DESK-L", quantity: 2, currentQuantity: 2 },
    ]);
    // Two lamps restocked (available back up), two desks committed at Outlet.
    expect(level("LAMP-1", f.locations.main)).toEqual({ onHand: 2, committed: 1, available: 1 });
    expect(level("DESK-L", f.locations.outlet)).toEqual({ onHand: 4, committed: 2, available: 2 });
    expect(o.fulfillmentOrders.map((fo) => [fo.locationId === f.locations.main ? "main" : "outlet", fo.lines.map((l) => l.remainingQuantity)])).toEqual([
      ["main", [1, 1]],
      ["outlet", [2]],
    ]);
    expect(topics()).toEqual(["orders/edited", "orders/updated", "inventory_levels/update", "inventory_levels/update"]);
    const edited = webhooks()[0].body;
    const added = o.lineItems[2];
    expect(edited).toEqual({
      order_edit: {
        id: Number(calc.id.split("/").pop()),
        app_id: f.emulator.appId,
        created_at: "2026-03-02T04:00:00-05:00",
        committed_at: "2026-03-02T04:01:00-05:00",
        notify_customer: false,
        order_id: o.id,
        staff_note: "Swapped backordered lamp",
        user_id: null,
        line_items: { additions: [{ id: added.id, delta: 2 }], removals: [{ id: o.lineItems[0].id, delta: 2 }] },
        discounts: { line_item: { additions: [], removals: [] } },
        shipping_lines: { additions: [], removals: [] },
      },
    });
    expect(webhooks()[1].body.line_items.map((l: any) => [l.sku, l.current_quantity])).toEqual([["LAMP-1", 1], ["DESK-S", 1], ["DESK-L", 2]]);
    // A committed edit cannot be committed or changed again.
    expect((await adminData(f.emulator, token, COMMIT, { id: calc.id })).orderEditCommit.userErrors).toEqual([{ field: ["id"], message: "The order edit has already been committed." }]);
  });

  it("a decrease without restock writes the units off on hand; an increase commits more at the line's location", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 2 }, { sku: "LAMP-1", quantity: 1 }] });
    const begin = await adminData(f.emulator, token, BEGIN, { id: orderGid(o.id) });
    const id = begin.orderEditBegin.calculatedOrder.id;
    const [desk, lamp] = begin.orderEditBegin.calculatedOrder.lineItems.nodes.map((n: any) => n.id);
    await adminData(f.emulator, token, SET, { id, line: desk, q: 1 });
    await adminData(f.emulator, token, SET, { id, line: lamp, q: 2 });
    await adminData(f.emulator, token, COMMIT, { id });
    expect(level("DESK-L", f.locations.outlet)).toEqual({ onHand: 3, committed: 1, available: 2 });
    expect(level("LAMP-1", f.locations.outlet)).toEqual({ onHand: 1, committed: 2, available: -1 });
    expect(o.lineItems.map((l) => [l.quantity, l.currentQuantity])).toEqual([[2, 1], [2, 2]]);
  });

  it("userErrors: unknown order or edit, fulfilled units, duplicate variants, bad quantities", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 1 }] });
    expect((await adminData(f.emulator, token, BEGIN, { id: orderGid(1) })).orderEditBegin.userErrors).toEqual([{ field: ["id"], message: "Order does not exist." }]);
    const begin = await adminData(f.emulator, token, BEGIN, { id: orderGid(o.id) });
    const id = begin.orderEditBegin.calculatedOrder.id;
    const line = begin.orderEditBegin.calculatedOrder.lineItems.nodes[0].id;
    expect((await adminData(f.emulator, token, SET, { id: "gid://shopify/CalculatedOrder/1", line, q: 0 })).orderEditSetQuantity.userErrors).toEqual([{ field: ["id"], message: "The order edit does not exist." }]);
    expect((await adminData(f.emulator, token, SET, { id, line: lineGid(o.lineItems[0].id), q: 0 })).orderEditSetQuantity.userErrors[0].field).toEqual(["lineItemId"]);
    expect((await adminData(f.emulator, token, SET, { id, line, q: -1 })).orderEditSetQuantity.userErrors[0].field).toEqual(["quantity"]);
    const dup = await adminData(f.emulator, token, ADD, { id, v: variantGid("DESK-L"), q: 1 });
    expect(dup.orderEditAddVariant.userErrors).toEqual([{ field: ["variantId"], message: expect.stringMatching(/already on the order/) }]);
    expect((await adminData(f.emulator, token, ADD, { id, v: variantGid("DESK-L"), q: 1, dup: true })).orderEditAddVariant.userErrors).toEqual([]);
    expect((await adminData(f.emulator, token, ADD, { id, v: variantGid("LAMP-1"), q: 0 })).orderEditAddVariant.userErrors[0].field).toEqual(["quantity"]);
    // Units shipped since the edit began cannot be edited away.
    await adminData(f.emulator, token, SET, { id, line, q: 0 });
    f.emulator.fulfillOrder(SHOP, o.id);
    drain();
    expect((await adminData(f.emulator, token, COMMIT, { id })).orderEditCommit.userErrors).toEqual([{ field: ["id"], message: expect.stringMatching(/fulfilled since the edit began/) }]);
    expect(topics()).toEqual([]);
    const shipped = await adminData(f.emulator, token, BEGIN, { id: orderGid(o.id) });
    const again = await adminData(f.emulator, token, SET, { id: shipped.orderEditBegin.calculatedOrder.id, line, q: 0 });
    expect(again.orderEditSetQuantity.userErrors).toEqual([{ field: ["quantity"], message: "Quantity can't be less than the 1 fulfilled." }]);
  });
});

describe("productVariantsBulkUpdate", () => {
  const UPDATE = `mutation($p: ID!, $v: [ProductVariantsBulkInput!]!, $partial: Boolean) { productVariantsBulkUpdate(productId: $p, variants: $v, allowPartialUpdates: $partial) {
    product { id } productVariants { sku inventoryPolicy price } userErrors { field message code } } }`;
  const productGid = (sku: string) => `gid://shopify/Product/${f.emulator.shop(SHOP).variantBySku(sku)!.productId}`;

  it("changes inventoryPolicy and price and sends one products/update", async () => {
    drain();
    const r = await adminData(f.emulator, token, UPDATE, { p: productGid("DESK-S"), v: [{ id: variantGid("DESK-S"), inventoryPolicy: "DENY" }, { id: variantGid("DESK-L"), inventoryPolicy: "DENY", price: "300.00" }] });
    expect(r.productVariantsBulkUpdate).toEqual({
      product: { id: productGid("DESK-S") },
      productVariants: [{ sku: "DESK-S", inventoryPolicy: "DENY", price: "250.00" }, { sku: "DESK-L", inventoryPolicy: "DENY", price: "300.00" }],
      userErrors: [],
    });
    expect(topics()).toEqual(["products/update"]);
    expect(webhooks()[0].body.variants.map((v: any) => [v.sku, v.inventory_policy, v.price])).toEqual([["DESK-S", "deny", "250.00"], ["DESK-L", "deny", "300.00"]]);
  });

  it("refuses variants of another product or unknown ones (all or nothing unless partial updates are allowed)", async () => {
    drain();
    const mixed = [{ id: variantGid("DESK-S"), inventoryPolicy: "DENY" }, { id: variantGid("LAMP-1"), inventoryPolicy: "CONTINUE" }];
    const r = await adminData(f.emulator, token, UPDATE, { p: productGid("DESK-S"), v: mixed });
    expect(r.productVariantsBulkUpdate.userErrors).toEqual([{ field: ["variants", "1", "id"], message: expect.any(String), code: "MUST_BE_FOR_THIS_PRODUCT" }]);
    expect(r.productVariantsBulkUpdate.productVariants).toBeNull();
    expect(f.emulator.shop(SHOP).variantBySku("DESK-S")!.inventoryPolicy).toBe("CONTINUE");
    expect(topics()).toEqual([]);
    const partial = await adminData(f.emulator, token, UPDATE, { p: productGid("DESK-S"), v: mixed, partial: true });
    expect(partial.productVariantsBulkUpdate.productVariants).toEqual([{ sku: "DESK-S", inventoryPolicy: "DENY", price: "250.00" }]);
    expect(topics()).toEqual(["products/update"]);
    const unknown = await adminData(f.emulator, token, UPDATE, { p: "gid://shopify/Product/1", v: [] });
    expect(unknown.productVariantsBulkUpdate.userErrors[0].code).toBe("PRODUCT_DOES_NOT_EXIST");
    const noVariant = await adminData(f.emulator, token, UPDATE, { p: productGid("DESK-S"), v: [{ id: "gid://shopify/ProductVariant/1", price: "1.00" }, { price: "-1.00", id: variantGid("DESK-L") }] });
    expect(noVariant.productVariantsBulkUpdate.userErrors.map((e: any) => e.code)).toEqual(["PRODUCT_VARIANT_DOES_NOT_EXIST", "GREATER_THAN_OR_EQUAL_TO"]);
  });

  it("an input field the emulator does not model fails loudly instead of being ignored", async () => {
    const { body } = await adminCall(f.emulator, token, UPDATE, { p: productGid("DESK-S"), v: [{ id: variantGid("DESK-S"), barcode: "123" }] });
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/variants\.barcode.*not implemented/), extensions: { code: "NOT_IMPLEMENTED_BY_EMULATOR" } });
  });
});
