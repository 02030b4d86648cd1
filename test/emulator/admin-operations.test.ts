// Every operation the app sends (app/shopify/operations) executes through the emulator over the
// HTTP-shaped handler, with a token from token exchange, and returns data of exactly the shape the
// operation selects, with the values the emulated shop holds.
import { describe, expect, it } from "vitest";
import * as operations from "../../app/shopify/operations";
import { adminSchema } from "../../app/emulator";
import { adminCall, createFixture, offlineToken, SHOP } from "./emulator-fixture";
import { shapeProblems } from "./response-shape";

const f = createFixture();
const token = await offlineToken(f);
const lampOrder = f.emulator.placeOrder(SHOP, {
  channel: "web",
  customer: { email: "ana@example.com", firstName: "Ana", lastName: "Lopez" },
  lines: [
    { sku: "LAMP-1", quantity: 3 },
    { sku: "DESK-S", quantity: 1 },
  ],
});
const posOrder = f.emulator.placeOrder(SHOP, { channel: "pos", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 1 }] });
const deskS = `gid://shopify/ProductVariant/${f.emulator.shop(SHOP).variantBySku("DESK-S")!.id}`;

// Variables each operation is sent with by the app.
const variablesFor: Record<string, Record<string, unknown>> = {
  SHOP_INFO_QUERY: {},
  LOCATIONS_QUERY: { first: 50 },
  INVENTORY_SNAPSHOT_QUERY: { first: operations.INVENTORY_PAGE_SIZE },
  OPEN_ORDERS_QUERY: { first: operations.OPEN_ORDERS_PAGE_SIZE, query: "status:open fulfillment_status:unfulfilled" },
  ORDERS_UPDATED_SINCE_QUERY: { first: operations.RECONCILE_ORDERS_PAGE_SIZE, query: "updated_at:>'2026-03-01T00:00:00Z'" },
  FULFILLMENT_ORDER_LOCATIONS_QUERY: { ids: [...lampOrder.fulfillmentOrders, ...posOrder.fulfillmentOrders].map((fo) => `gid://shopify/FulfillmentOrder/${fo.id}`), lines: operations.FO_LINE_ITEMS_PAGE },
  ORDER_FULFILLMENT_LOCATIONS_QUERY: { ids: [lampOrder, posOrder].map((o) => `gid://shopify/Order/${o.id}`), lines: operations.FO_LINE_ITEMS_PAGE },
  METAFIELDS_SET_MUTATION: {
    metafields: [
      { ownerId: deskS, namespace: "$app", key: "backorder_window", type: "json", value: '{"v":1,"earliest":"2026-03-10","latest":"2026-03-12"}' },
      {
        ownerId: `gid://shopify/Order/${lampOrder.id}`,
        namespace: "$app",
        key: "line_promises",
        type: "json",
        value: JSON.stringify({ v: 1, lines: { [deskS]: { earliest: "2026-03-10", latest: "2026-03-12", status: "backordered" } } }),
      },
    ],
  },
  METAFIELDS_DELETE_MUTATION: { metafields: [{ ownerId: deskS, namespace: "$app", key: "backorder_window" }] },
  METAFIELD_DEFINITION_CREATE_MUTATION: {
    definition: { namespace: "$app", key: "backorder_window", name: "Backorder window", ownerType: "PRODUCTVARIANT", type: "json", access: { admin: "MERCHANT_READ", storefront: "PUBLIC_READ" } },
  },
  // Recovery (issue 9). The mutations' success paths run in test/recovery/*.db.test.ts; here each
  // answers with data of its selected shape (Shopify's userErrors where the fixture's orders must
  // stay as the tests below expect them).
  ORDER_RECOVERY_QUERY: { id: `gid://shopify/Order/${lampOrder.id}`, lines: operations.RECOVERY_LINES_PAGE, fulfillmentOrders: operations.RECOVERY_FULFILLMENT_ORDERS_PAGE },
  FULFILLMENT_ORDER_HOLD_MUTATION: { id: "gid://shopify/FulfillmentOrder/1", fulfillmentHold: { reason: "INVENTORY_OUT_OF_STOCK", reasonNotes: "Backorder Pilot", handle: "bp-1" } },
  FULFILLMENT_ORDER_RELEASE_HOLD_MUTATION: { id: "gid://shopify/FulfillmentOrder/1", holdIds: ["gid://shopify/FulfillmentHold/1"] },
  ORDER_EDIT_BEGIN_MUTATION: { id: `gid://shopify/Order/${lampOrder.id}` },
  ORDER_EDIT_SET_QUANTITY_MUTATION: { id: "gid://shopify/CalculatedOrder/1", lineItemId: `gid://shopify/CalculatedLineItem/${lampOrder.lineItems[0].id}`, quantity: 2, restock: true },
  ORDER_EDIT_ADD_VARIANT_MUTATION: { id: "gid://shopify/CalculatedOrder/1", variantId: deskS, quantity: 1 },
  ORDER_EDIT_COMMIT_MUTATION: { id: "gid://shopify/CalculatedOrder/1", notifyCustomer: true, staffNote: "Backorder Pilot" },
  ORDER_SUGGESTED_REFUND_QUERY: { id: `gid://shopify/Order/${lampOrder.id}`, refundLineItems: [{ lineItemId: `gid://shopify/LineItem/${lampOrder.lineItems[0].id}`, quantity: 1, restockType: "CANCEL" }] },
  REFUND_CREATE_MUTATION: { input: { orderId: `gid://shopify/Order/${lampOrder.id}`, refundLineItems: [{ lineItemId: "gid://shopify/LineItem/1", quantity: 1, restockType: "CANCEL" }] }, idempotencyKey: "fixture:refund:1" },
  ORDER_CANCEL_MUTATION: { orderId: "gid://shopify/Order/1", reason: "CUSTOMER", restock: true, refundMethod: { originalPaymentMethodsRefund: true }, notifyCustomer: true, staffNote: "Backorder Pilot" },
  VARIANT_POLICY_UPDATE_MUTATION: {
    productId: `gid://shopify/Product/${f.emulator.shop(SHOP).variantBySku("LAMP-1")!.productId}`,
    variants: [{ id: `gid://shopify/ProductVariant/${f.emulator.shop(SHOP).variantBySku("LAMP-1")!.id}`, inventoryPolicy: "DENY" }],
  },
  INVENTORY_RECEIVE_MUTATION: {
    input: { name: "available", reason: "received", referenceDocumentUri: "gid://backorder-pilot/Restock/fixture", changes: [{ inventoryItemId: "gid://shopify/InventoryItem/1", locationId: `gid://shopify/Location/${f.locations.main}`, delta: 1, changeFromQuantity: null }] },
    idempotencyKey: "fixture:restock:1",
  },
};
const documents = Object.entries(operations).filter(([, v]) => typeof v === "string") as [string, string][];

describe("the app's Admin operations through the emulator", () => {
  it("has variables for every exported operation (a new operation must be added here)", () => {
    expect(documents.map(([name]) => name).sort()).toEqual(Object.keys(variablesFor).sort());
  });

  it.each(documents)("%s returns data of the selected shape, with cost", async (name, query) => {
    const { status, body } = await adminCall(f.emulator, token, query, variablesFor[name]);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(shapeProblems(adminSchema(), query, body.data)).toEqual([]);
    expect(body.extensions?.cost?.requestedQueryCost).toBeGreaterThan(0);
    expect(body.extensions?.cost?.actualQueryCost).toBeLessThanOrEqual(body.extensions!.cost!.requestedQueryCost);
  });

  it("SHOP_INFO_QUERY: the shop's domain, currency and time zone", async () => {
    const { body } = await adminCall(f.emulator, token, operations.SHOP_INFO_QUERY);
    expect(body.data).toEqual({
      shop: {
        id: expect.stringMatching(/^gid:\/\/shopify\/Shop\/\d+$/),
        myshopifyDomain: SHOP,
        name: "Fixture Shop",
        currencyCode: "USD",
        ianaTimezone: "America/New_York",
        shopAddress: { countryCodeV2: "US" },
      },
    });
  });

  it("LOCATIONS_QUERY: pages with first/after cursors", async () => {
    type Page = { locations: { nodes: { id: string; name: string; isActive: boolean }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const p1 = await adminCall<Page>(f.emulator, token, operations.LOCATIONS_QUERY, { first: 1 });
    expect(p1.body.data!.locations.nodes).toEqual([{ id: `gid://shopify/Location/${f.locations.main}`, name: "Main Warehouse", isActive: true }]);
    expect(p1.body.data!.locations.pageInfo.hasNextPage).toBe(true);
    const p2 = await adminCall<Page>(f.emulator, token, operations.LOCATIONS_QUERY, { first: 1, after: p1.body.data!.locations.pageInfo.endCursor });
    expect(p2.body.data!.locations.nodes.map((l) => l.name)).toEqual(["Outlet"]);
    expect(p2.body.data!.locations.pageInfo.hasNextPage).toBe(false);
  });

  it("INVENTORY_SNAPSHOT_QUERY: available per location in Shopify's quantity names, negative when oversold", async () => {
    type Snap = {
      productVariants: {
        nodes: { sku: string; inventoryPolicy: string; inventoryItem: { tracked: boolean; inventoryLevels: { nodes: { location: { id: string }; quantities: { name: string; quantity: number }[] }[] } } }[];
        pageInfo: { hasNextPage: boolean };
      };
    };
    const { body } = await adminCall<Snap>(f.emulator, token, operations.INVENTORY_SNAPSHOT_QUERY, { first: 25 });
    const bySku = Object.fromEntries(
      body.data!.productVariants.nodes.map((v) => [v.sku, { policy: v.inventoryPolicy, levels: v.inventoryItem.inventoryLevels.nodes.map((l) => [l.location.id, l.quantities[0]]) }]),
    );
    const main = `gid://shopify/Location/${f.locations.main}`;
    const outlet = `gid://shopify/Location/${f.locations.outlet}`;
    // LAMP-1: 2 on hand at Main, 3 committed by the web order (routing found no location with 3).
    expect(bySku["LAMP-1"]).toEqual({ policy: "DENY", levels: [[main, { name: "available", quantity: -1 }], [outlet, { name: "available", quantity: 1 }]] });
    expect(bySku["DESK-S"]).toEqual({ policy: "CONTINUE", levels: [[main, { name: "available", quantity: -1 }]] });
    expect(bySku["DESK-L"].levels).toEqual([[main, { name: "available", quantity: 1 }], [outlet, { name: "available", quantity: 3 }]]);
    expect(body.data!.productVariants.pageInfo.hasNextPage).toBe(false);
  });

  it("ORDER_FULFILLMENT_LOCATIONS_QUERY: an order's fulfillment orders with assigned location and line items", async () => {
    type A = { nodes: { id: string; fulfillmentOrders: { nodes: { status: string; assignedLocation: { location: { id: string } }; lineItems: { nodes: { remainingQuantity: number; totalQuantity: number; lineItem: { id: string } }[] } }[] } }[] };
    const { body } = await adminCall<A>(f.emulator, token, operations.ORDER_FULFILLMENT_LOCATIONS_QUERY, { ids: [`gid://shopify/Order/${lampOrder.id}`], lines: operations.FO_LINE_ITEMS_PAGE });
    const [fo] = body.data!.nodes[0].fulfillmentOrders.nodes;
    expect(body.data!.nodes[0].fulfillmentOrders.nodes).toHaveLength(1);
    expect(fo.status).toBe("OPEN");
    expect(fo.assignedLocation.location.id).toBe(`gid://shopify/Location/${f.locations.main}`);
    expect(fo.lineItems.nodes[0]).toEqual({
      id: expect.stringMatching(/^gid:\/\/shopify\/FulfillmentOrderLineItem\//),
      remainingQuantity: 3,
      totalQuantity: 3,
      lineItem: { id: `gid://shopify/LineItem/${lampOrder.lineItems[0].id}` },
    });
  });

  it("ORDER_FULFILLMENT_LOCATIONS_QUERY: an unknown order is a null node, not an error", async () => {
    const { body } = await adminCall(f.emulator, token, operations.ORDER_FULFILLMENT_LOCATIONS_QUERY, { ids: ["gid://shopify/Order/1"], lines: operations.FO_LINE_ITEMS_PAGE });
    expect(body).toMatchObject({ data: { nodes: [null] } });
    expect(body.errors).toBeUndefined();
  });

  it("OPEN_ORDERS_QUERY: open unfulfilled orders sorted by creation, with lines and assignments", async () => {
    type O = { orders: { nodes: { id: string; name: string; sourceName: string; customer: { displayName: string } | null; lineItems: { nodes: { sku: string; unfulfilledQuantity: number; variant: { inventoryItem: { id: string } } }[] } }[] } };
    const { body } = await adminCall<O>(f.emulator, token, operations.OPEN_ORDERS_QUERY, variablesFor.OPEN_ORDERS_QUERY);
    expect(body.data!.orders.nodes.map((o) => [o.name, o.sourceName, o.customer?.displayName ?? null])).toEqual([
      [lampOrder.name, "web", "Ana Lopez"],
      [posOrder.name, "pos", null],
    ]);
    expect(body.data!.orders.nodes[0].lineItems.nodes.map((l) => [l.sku, l.unfulfilledQuantity])).toEqual([["LAMP-1", 3], ["DESK-S", 1]]);
  });

  it("FULFILLMENT_ORDER_LOCATIONS_QUERY: fulfillment orders by id with their locations, charged per requested id", async () => {
    type R = { nodes: ({ id: string; orderId: string; status: string; assignedLocation: { location: { id: string } }; lineItems: { nodes: { remainingQuantity: number }[] } } | null)[] };
    const fos = [...lampOrder.fulfillmentOrders, ...posOrder.fulfillmentOrders];
    const ids = [...fos.map((fo) => `gid://shopify/FulfillmentOrder/${fo.id}`), "gid://shopify/FulfillmentOrder/1"];
    const { body } = await adminCall<R>(f.emulator, token, operations.FULFILLMENT_ORDER_LOCATIONS_QUERY, { ids, lines: operations.FO_LINE_ITEMS_PAGE });
    expect(body.data!.nodes.map((n) => n && [n.orderId, n.assignedLocation.location.id, n.lineItems.nodes.map((l) => l.remainingQuantity)])).toEqual([
      [`gid://shopify/Order/${lampOrder.id}`, `gid://shopify/Location/${f.locations.main}`, [3, 1]],
      [`gid://shopify/Order/${posOrder.id}`, `gid://shopify/Location/${f.locations.outlet}`, [1]],
      null,
    ]);
    // Per id: the node, assignedLocation, location, and a 10-line connection (2 + 10 x (line + lineItem)).
    const perId = 1 + 1 + 1 + 2 + operations.FO_LINE_ITEMS_PAGE * 2;
    expect(body.extensions?.cost).toMatchObject({ requestedQueryCost: 3 * perId, actualQueryCost: 1 + 1 + 1 + 2 + 2 * 2 + (1 + 1 + 1 + 2 + 1 * 2) });
  });

  it("ORDERS_UPDATED_SINCE_QUERY: orders changed after the watermark, by update time", async () => {
    const g = createFixture();
    const t = await offlineToken(g);
    const a = g.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 1 }] });
    g.clock.advance(60_000);
    const watermark = g.clock.now().toISOString();
    g.clock.advance(60_000);
    const b = g.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "DESK-L", quantity: 1 }] });
    g.clock.advance(60_000);
    g.emulator.cancelOrder(SHOP, a.id);
    type R = { orders: { nodes: { name: string; cancelledAt: string | null }[]; pageInfo: { hasNextPage: boolean } } };
    const { body } = await adminCall<R>(g.emulator, t, operations.ORDERS_UPDATED_SINCE_QUERY, { first: operations.RECONCILE_ORDERS_PAGE_SIZE, query: `updated_at:>'${watermark}'` });
    expect(body.data!.orders.nodes.map((o) => [o.name, o.cancelledAt !== null])).toEqual([[b.name, false], [a.name, true]]);
  });

  it("OPEN_ORDERS_QUERY: cancelled and fulfilled orders drop out of status:open", async () => {
    const g = createFixture();
    const t = await offlineToken(g);
    const a = g.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 1 }] });
    const b = g.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 1 }] });
    const c = g.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "DESK-L", quantity: 1 }] });
    g.emulator.cancelOrder(SHOP, a.id);
    g.emulator.fulfillOrder(SHOP, b.id);
    const { body } = await adminCall<{ orders: { nodes: { name: string }[] } }>(g.emulator, t, operations.OPEN_ORDERS_QUERY, variablesFor.OPEN_ORDERS_QUERY);
    expect(body.data!.orders.nodes.map((o) => o.name)).toEqual([c.name]);
  });
});
