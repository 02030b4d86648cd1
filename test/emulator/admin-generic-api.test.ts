// The generic Admin API later features will call: lookups by id, lists with Shopify's search
// syntax, metafields with `$app` namespaces, tags, holds (with splits), inventory mutations and
// cancellation — each mutation emitting the webhooks Shopify would. Unimplemented fields fail loudly.
import { beforeEach, describe, expect, it } from "vitest";
import { adminSchema } from "../../app/emulator";
import { adminCall, adminData, createFixture, offlineToken, SHOP, type Fixture } from "./emulator-fixture";
import { shapeProblems } from "./response-shape";

let f: Fixture;
let token: string;
const webhooks = () => f.emulator.webhooks.queue.map((w) => ({ topic: w.topic, body: JSON.parse(w.body) as Record<string, any> }));
const drain = () => (f.emulator.webhooks.queue = []);

beforeEach(async () => {
  f = createFixture();
  token = await offlineToken(f);
});

const variantGid = (sku: string) => `gid://shopify/ProductVariant/${f.emulator.shop(SHOP).variantBySku(sku)!.id}`;
const itemGid = (sku: string) => `gid://shopify/InventoryItem/${f.emulator.shop(SHOP).variantBySku(sku)!.inventoryItemId}`;

describe("lookups and lists", () => {
  it("product(s), productVariant, inventoryItem(s), location, node(s) resolve the seeded shop", async () => {
    const q = `query($v: ID!, $i: ID!, $l: ID!) {
      products(first: 10, query: "sku:DESK-L") { edges { cursor node { title handle status variants(first: 5) { nodes { sku title inventoryPolicy } } } } }
      productVariant(id: $v) { sku price displayName inventoryQuantity product { title } inventoryItem { id tracked } }
      inventoryItem(id: $i) { sku inventoryLevel(locationId: $l) { quantities(names: ["available", "on_hand", "committed", "reserved", "incoming"]) { name quantity } } }
      inventoryItems(first: 5, query: "sku:LAMP-1") { nodes { id sku } }
      location(id: $l) { name isActive }
      primary: location { name }
      node(id: $v) { __typename ... on ProductVariant { sku } }
      nodes(ids: [$v, $l, "gid://shopify/Order/1"]) { id }
    }`;
    const variables = { v: variantGid("DESK-L"), i: itemGid("LAMP-1"), l: `gid://shopify/Location/${f.locations.main}` };
    const { body } = await adminCall(f.emulator, token, q, variables);
    expect(body.errors).toBeUndefined();
    expect(shapeProblems(adminSchema(), q, body.data)).toEqual([]);
    const d = body.data as Record<string, any>;
    expect(d.products.edges.map((e: any) => e.node.title)).toEqual(["Oak Desk"]);
    expect(d.products.edges[0].node.variants.nodes).toEqual([
      { sku: "DESK-S", title: "Small", inventoryPolicy: "CONTINUE" },
      { sku: "DESK-L", title: "Large", inventoryPolicy: "CONTINUE" },
    ]);
    expect(d.productVariant).toMatchObject({ sku: "DESK-L", price: "320.00", displayName: "Oak Desk - Large", inventoryQuantity: 5, product: { title: "Oak Desk" }, inventoryItem: { tracked: true } });
    expect(d.inventoryItem.inventoryLevel.quantities).toEqual([
      { name: "available", quantity: 2 },
      { name: "on_hand", quantity: 2 },
      { name: "committed", quantity: 0 },
      { name: "reserved", quantity: 0 },
      { name: "incoming", quantity: 0 },
    ]);
    expect(d.inventoryItems.nodes).toEqual([{ id: itemGid("LAMP-1"), sku: "LAMP-1" }]);
    expect(d.location).toEqual({ name: "Main Warehouse", isActive: true });
    expect(d.primary).toEqual({ name: "Main Warehouse" });
    expect(d.node).toEqual({ __typename: "ProductVariant", sku: "DESK-L" });
    expect(d.nodes).toEqual([{ id: variables.v }, { id: variables.l }, null]);
  });

  it("cursors are keyset: a page boundary survives records added in between", async () => {
    const q = `query($after: String) { orders(first: 2, after: $after) { nodes { name } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
    for (let i = 0; i < 3; i++) f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "DESK-L", quantity: 1 }] });
    const p1 = await adminData(f.emulator, token, q);
    expect(p1.orders.nodes.map((o: any) => o.name)).toEqual(["#1001", "#1002"]);
    expect(p1.orders.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "DESK-L", quantity: 1 }] });
    const p2 = await adminData(f.emulator, token, q, { after: p1.orders.pageInfo.endCursor });
    expect(p2.orders.nodes.map((o: any) => o.name)).toEqual(["#1003", "#1004"]);
    expect(p2.orders.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const reversed = await adminData(f.emulator, token, `{ orders(first: 1, reverse: true) { nodes { name } } }`);
    expect(reversed.orders.nodes).toEqual([{ name: "#1004" }]);
  });

  it("search syntax: comparisons, OR, negation; unknown fields are ignored with Shopify's warning", async () => {
    f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "DESK-L", quantity: 1 }] });
    f.clock.advance(3_600_000);
    f.emulator.placeOrder(SHOP, { channel: "pos", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 1 }] });
    const names = async (query: string) => {
      const { body } = await adminCall<{ orders: { nodes: { name: string }[] } }>(f.emulator, token, `query($q: String) { orders(first: 10, query: $q) { nodes { name } } }`, { q: query });
      return { names: body.data!.orders.nodes.map((o) => o.name), search: body.extensions?.search };
    };
    expect((await names(`created_at:>'2026-03-02T09:30:00Z'`)).names).toEqual(["#1002"]);
    expect((await names("source_name:web OR source_name:pos")).names).toEqual(["#1001", "#1002"]);
    expect((await names("-source_name:pos")).names).toEqual(["#1001"]);
    const unknown = await names("colour:blue source_name:pos");
    expect(unknown.names).toEqual(["#1002"]);
    expect(unknown.search).toEqual([expect.objectContaining({ path: ["orders"], query: "colour:blue source_name:pos", warnings: [{ field: "colour", message: "Invalid search field for this query." }] })]);
  });

  it("without read_all_orders, orders lists only the last 60 days (order(id) still answers)", async () => {
    const old = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "DESK-L", quantity: 1 }] });
    f.clock.advance(61 * 24 * 3600 * 1000);
    const recent = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "DESK-L", quantity: 1 }] });
    const q = `{ orders(first: 10) { nodes { name } } }`;
    expect((await adminData(f.emulator, token, q)).orders.nodes).toEqual([{ name: recent.name }]);
    const all = createFixture({ scopes: ["read_orders", "read_all_orders"] });
    all.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "DESK-L", quantity: 1 }] });
    all.clock.advance(61 * 24 * 3600 * 1000);
    expect((await adminData(all.emulator, await offlineToken(all), q)).orders.nodes).toHaveLength(1);
    const byId = await adminData(f.emulator, token, `query($id: ID!) { order(id: $id) { name } }`, { id: `gid://shopify/Order/${old.id}` });
    expect(byId.order).toEqual({ name: old.name });
  });

  it("connection arguments are enforced as Shopify does", async () => {
    const noFirst = await adminCall(f.emulator, token, `{ products { nodes { id } } }`);
    expect(noFirst.body.errors?.[0]).toMatchObject({ message: "you must provide one of first or last", path: ["products"] });
    const tooMany = await adminCall(f.emulator, token, `{ locations(first: 251) { nodes { id } } }`);
    expect(tooMany.body.errors?.[0].message).toMatch(/between 0 and 250/);
    const badCursor = await adminCall(f.emulator, token, `{ orders(first: 1, after: "bm9wZQ==") { nodes { id } } }`);
    expect(badCursor.body.errors?.[0].message).toMatch(/Invalid cursor/);
  });
});

describe("unimplemented parts fail loudly", () => {
  it("a schema-valid field the emulator does not serve is an error in the errors array, never fake data", async () => {
    const { status, body } = await adminCall(f.emulator, token, `{ shop { name shipsToCountries } }`);
    expect(status).toBe(200);
    expect(body.errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/'shipsToCountries' on type 'Shop' is not implemented/), path: ["shop", "shipsToCountries"], extensions: { code: "NOT_IMPLEMENTED_BY_EMULATOR" } }),
    ]);
    // Shop.shipsToCountries and QueryRoot.shop are non-null: the error nulls data, as GraphQL requires.
    expect(body.data).toBeNull();
  });

  it("a root field the emulator does not serve fails too", async () => {
    const { body } = await adminCall(f.emulator, token, `{ collections(first: 1) { nodes { id } } }`);
    expect(body.errors?.[0].extensions?.code).toBe("NOT_IMPLEMENTED_BY_EMULATOR");
  });

  it("an unimplemented sort key fails rather than silently sorting another way", async () => {
    const { body } = await adminCall(f.emulator, token, `{ orders(first: 1, sortKey: TOTAL_PRICE) { nodes { id } } }`);
    expect(body.errors?.[0].message).toMatch(/sortKey TOTAL_PRICE/);
  });
});

describe("metafields", () => {
  const set = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { id namespace key type value jsonValue compareDigest owner { ... on ProductVariant { sku } } } userErrors { field message code elementIndex } } }`;

  it("$app resolves to the app's reserved namespace on write and read", async () => {
    const ownerId = variantGid("LAMP-1");
    const r = await adminData(f.emulator, token, set, { m: [{ ownerId, namespace: "$app", key: "backorder", type: "json", value: '{"eta":"2026-04-01"}' }] });
    expect(r.metafieldsSet.userErrors).toEqual([]);
    expect(r.metafieldsSet.metafields[0]).toMatchObject({ namespace: f.emulator.appNamespace, key: "backorder", jsonValue: { eta: "2026-04-01" }, owner: { sku: "LAMP-1" } });
    expect(f.emulator.appNamespace).toMatch(/^app--\d{7}$/);
    const read = await adminData(f.emulator, token, `query($id: ID!) { productVariant(id: $id) { a: metafield(namespace: "$app", key: "backorder") { value } b: metafield(key: "backorder") { value } c: metafield(namespace: "other", key: "backorder") { value } metafields(first: 5) { nodes { key } } } }`, { id: ownerId });
    expect(read.productVariant).toEqual({ a: { value: '{"eta":"2026-04-01"}' }, b: { value: '{"eta":"2026-04-01"}' }, c: null, metafields: { nodes: [{ key: "backorder" }] } });
  });

  it("validates values by type and writes nothing from an invalid batch", async () => {
    const ownerId = variantGid("LAMP-1");
    const r = await adminData(f.emulator, token, set, {
      m: [
        { ownerId, namespace: "$app", key: "eta", type: "date", value: "2026-04-01" },
        { ownerId, namespace: "$app", key: "count", type: "number_integer", value: "many" },
        { ownerId: "gid://shopify/ProductVariant/1", namespace: "$app", key: "eta", type: "date", value: "2026-04-01" },
      ],
    });
    expect(r.metafieldsSet.userErrors).toEqual([
      { field: ["metafields", "1", "value"], message: expect.any(String), code: "INVALID_VALUE", elementIndex: 1 },
      { field: ["metafields", "2", "ownerId"], message: "Owner does not exist.", code: "INVALID", elementIndex: 2 },
    ]);
    expect(f.emulator.shop(SHOP).metafields).toEqual([]);
  });

  it("compareDigest guards against lost updates", async () => {
    const ownerId = variantGid("LAMP-1");
    const first = await adminData(f.emulator, token, set, { m: [{ ownerId, key: "eta", type: "date", value: "2026-04-01" }] });
    const digest = first.metafieldsSet.metafields[0].compareDigest;
    f.clock.advance(1000);
    await adminData(f.emulator, token, set, { m: [{ ownerId, key: "eta", value: "2026-04-02", compareDigest: digest }] });
    const stale = await adminData(f.emulator, token, set, { m: [{ ownerId, key: "eta", value: "2026-04-03", compareDigest: digest }] });
    expect(stale.metafieldsSet.userErrors[0].code).toBe("STALE_OBJECT");
  });
});

describe("mutations emit the webhooks Shopify sends", () => {
  it("tagsAdd/tagsRemove on an order change its tags and send orders/updated", async () => {
    const order = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 1 }] });
    drain();
    const id = `gid://shopify/Order/${order.id}`;
    const add = await adminData(f.emulator, token, `mutation($id: ID!) { tagsAdd(id: $id, tags: ["backorder", "vip"]) { node { ... on Order { tags } } userErrors { message } } }`, { id });
    expect(add.tagsAdd).toEqual({ node: { tags: ["backorder", "vip"] }, userErrors: [] });
    await adminData(f.emulator, token, `mutation($id: ID!) { tagsRemove(id: $id, tags: ["vip"]) { userErrors { message } } }`, { id });
    expect(webhooks().map((w) => [w.topic, w.body.tags])).toEqual([["orders/updated", "backorder, vip"], ["orders/updated", "backorder"]]);
    const missing = await adminData(f.emulator, token, `mutation { tagsAdd(id: "gid://shopify/Order/1", tags: ["x"]) { node { id } userErrors { field message } } }`);
    expect(missing.tagsAdd).toEqual({ node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] });
  });

  it("inventoryAdjustQuantities moves available and sends inventory_levels/update", async () => {
    drain();
    const q = `mutation($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) { inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange item { sku } location { name } } } userErrors { field message code } } }`;
    const input = { name: "available", reason: "received", changes: [{ inventoryItemId: itemGid("LAMP-1"), locationId: `gid://shopify/Location/${f.locations.main}`, delta: 5 }] };
    const r = await adminData(f.emulator, token, q, { input });
    expect(r.inventoryAdjustQuantities).toEqual({
      inventoryAdjustmentGroup: { reason: "received", changes: [{ name: "available", delta: 5, quantityAfterChange: 7, item: { sku: "LAMP-1" }, location: { name: "Main Warehouse" } }] },
      userErrors: [],
    });
    expect(webhooks()).toEqual([{ topic: "inventory_levels/update", body: expect.objectContaining({ available: 7, location_id: f.locations.main }) }]);
    const bad = await adminData(f.emulator, token, q, { input: { ...input, reason: "because" } });
    expect(bad.inventoryAdjustQuantities.userErrors).toEqual([{ field: ["input", "reason"], message: expect.any(String), code: "INVALID_REASON" }]);
    const damaged = await adminData(f.emulator, token, q, { input: { ...input, name: "damaged", reason: "damaged", changes: [{ ...input.changes[0], delta: 2 }] } });
    expect(damaged.inventoryAdjustQuantities.userErrors).toEqual([]);
    // Damaged units stay on hand but are not available.
    const level = f.emulator.shop(SHOP).items.get(f.emulator.shop(SHOP).variantBySku("LAMP-1")!.inventoryItemId)!.levels.get(f.locations.main)!;
    expect([level.onHand, level.damaged]).toEqual([9, 2]);
  });

  it("inventorySetQuantities checks compareQuantity", async () => {
    const q = `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { changes { delta quantityAfterChange } } userErrors { code } } }`;
    const base = { name: "available", reason: "correction", quantities: [{ inventoryItemId: itemGid("LAMP-1"), locationId: `gid://shopify/Location/${f.locations.main}`, quantity: 10, compareQuantity: 3 }] };
    expect((await adminData(f.emulator, token, q, { input: base })).inventorySetQuantities.userErrors).toEqual([{ code: "COMPARE_QUANTITY_STALE" }]);
    const ok = await adminData(f.emulator, token, q, { input: { ...base, quantities: [{ ...base.quantities[0], compareQuantity: 2 }] } });
    expect(ok.inventorySetQuantities).toEqual({ inventoryAdjustmentGroup: { changes: [{ delta: 8, quantityAfterChange: 10 }] }, userErrors: [] });
  });

  it("orderCancel cancels with restock and sends orders/cancelled, orders/updated, inventory_levels/update", async () => {
    const order = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 3 }] });
    drain();
    const q = `mutation($id: ID!) { orderCancel(orderId: $id, restock: true, reason: CUSTOMER, refund: false) { job { id done } orderCancelUserErrors { code message } userErrors { message } } }`;
    const r = await adminData(f.emulator, token, q, { id: `gid://shopify/Order/${order.id}` });
    expect(r.orderCancel).toMatchObject({ job: { done: true }, orderCancelUserErrors: [], userErrors: [] });
    expect(webhooks().map((w) => w.topic)).toEqual(["orders/cancelled", "orders/updated", "inventory_levels/update"]);
    expect(webhooks()[2].body.available).toBe(2);
    const again = await adminData(f.emulator, token, q, { id: `gid://shopify/Order/${order.id}` });
    expect(again.orderCancel.orderCancelUserErrors[0].code).toBe("INVALID");
  });

  it("fulfillmentOrderHold holds part of a fulfillment order, splitting off the rest; release reopens it", async () => {
    const order = f.emulator.placeOrder(SHOP, { channel: "web", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 3 }, { sku: "LAMP-1", quantity: 1 }] });
    const [fo] = order.fulfillmentOrders;
    const hold = `mutation($id: ID!, $h: FulfillmentOrderHoldInput!) { fulfillmentOrderHold(id: $id, fulfillmentHold: $h) {
      fulfillmentHold { id reason reasonNotes handle }
      fulfillmentOrder { id status lineItems(first: 5) { nodes { sku remainingQuantity } } }
      remainingFulfillmentOrder { status lineItems(first: 5) { nodes { sku remainingQuantity } } }
      userErrors { field message code } } }`;
    const r = await adminData(f.emulator, token, hold, {
      id: `gid://shopify/FulfillmentOrder/${fo.id}`,
      h: { reason: "INVENTORY_OUT_OF_STOCK", reasonNotes: "Backordered until 2026-04-01", handle: "backorder", fulfillmentOrderLineItems: [{ id: `gid://shopify/FulfillmentOrderLineItem/${fo.lines[0].id}`, quantity: 2 }] },
    });
    expect(r.fulfillmentOrderHold.userErrors).toEqual([]);
    expect(r.fulfillmentOrderHold.fulfillmentHold).toMatchObject({ reason: "INVENTORY_OUT_OF_STOCK", reasonNotes: "Backordered until 2026-04-01", handle: "backorder" });
    expect(r.fulfillmentOrderHold.fulfillmentOrder).toMatchObject({ status: "ON_HOLD", lineItems: { nodes: [{ sku: "DESK-L", remainingQuantity: 2 }] } });
    expect(r.fulfillmentOrderHold.remainingFulfillmentOrder).toEqual({ status: "OPEN", lineItems: { nodes: [{ sku: "DESK-L", remainingQuantity: 1 }, { sku: "LAMP-1", remainingQuantity: 1 }] } });
    const dup = await adminData(f.emulator, token, hold, { id: `gid://shopify/FulfillmentOrder/${fo.id}`, h: { reason: "OTHER", handle: "backorder" } });
    expect(dup.fulfillmentOrderHold.userErrors[0].code).toBe("DUPLICATE_FULFILLMENT_HOLD_HANDLE");

    const release = await adminData(f.emulator, token, `mutation($id: ID!) { fulfillmentOrderReleaseHold(id: $id) { fulfillmentOrder { status fulfillmentHolds { id } } userErrors { message } } }`, { id: `gid://shopify/FulfillmentOrder/${fo.id}` });
    expect(release.fulfillmentOrderReleaseHold).toEqual({ fulfillmentOrder: { status: "OPEN", fulfillmentHolds: [] }, userErrors: [] });
    expect(webhooks().filter((w) => w.topic.startsWith("fulfillment_orders/")).map((w) => w.topic)).toEqual([
      "fulfillment_orders/order_routing_complete",
      "fulfillment_orders/placed_on_hold",
      "fulfillment_orders/hold_released",
    ]);
    // The app's own assignment query sees both fulfillment orders.
    const a = await adminData(f.emulator, token, `query($id: ID!) { order(id: $id) { fulfillmentOrders(first: 5) { nodes { status lineItems(first: 5) { nodes { remainingQuantity } } } } } }`, { id: `gid://shopify/Order/${order.id}` });
    expect(a.order.fulfillmentOrders.nodes).toHaveLength(2);
  });
});

describe("the shape checker used above", () => {
  it("reports missing fields, wrong scalar types, bad enum values and nulls in non-null fields", () => {
    const q = `{ shop { id name currencyCode ianaTimezone } }`;
    expect(shapeProblems(adminSchema(), q, { shop: { id: "gid://shopify/Shop/1", name: "x", currencyCode: "USD", ianaTimezone: "UTC" } })).toEqual([]);
    expect(shapeProblems(adminSchema(), q, { shop: { id: "gid://shopify/Shop/1", name: 3, currencyCode: "DOLLARS", ianaTimezone: null } })).toEqual([
      "data.shop.name: 3 is not a String",
      "data.shop.currencyCode: \"DOLLARS\" is not a CurrencyCode",
      "data.shop.ianaTimezone: null for non-null String!",
    ]);
    expect(shapeProblems(adminSchema(), q, { shop: { id: "gid://shopify/Shop/1" } })).toHaveLength(3);
  });
});
