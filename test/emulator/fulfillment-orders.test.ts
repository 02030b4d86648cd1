// Fulfillment orders as Shopify changes them after routing: routing is reported per fulfillment
// order, holds (10 per app, unique handles, first/last hold webhooks), moves (committed stock moves
// with the units) and splits — through the Admin API and the emulator's shop actions, each with
// Shopify's webhook payloads. Fulfillment orders are readable by id, node(s) and from their order.
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
const foGid = (id: number) => `gid://shopify/FulfillmentOrder/${id}`;
const lineGid = (id: number) => `gid://shopify/FulfillmentOrderLineItem/${id}`;
const locGid = (id: number) => `gid://shopify/Location/${id}`;
const level = (sku: string, location: number) => {
  const shop = f.emulator.shop(SHOP);
  const l = shop.items.get(shop.variantBySku(sku)!.inventoryItemId)!.levels.get(location)!;
  return { onHand: l.onHand, committed: l.committed, available: available(l) };
};
const itemId = (sku: string) => f.emulator.shop(SHOP).variantBySku(sku)!.inventoryItemId;

describe("fulfillment_orders/order_routing_complete", () => {
  it("follows orders/create and its inventory updates, once per fulfillment order, with only id and status", () => {
    // LAMP-1 x2 fits Main, DESK-L x3 only Outlet: two fulfillment orders.
    const o = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 2 }, { sku: "DESK-L", quantity: 3 }] });
    expect(webhooks().map((w) => w.topic)).toEqual([
      "orders/create",
      "inventory_levels/update",
      "inventory_levels/update",
      "fulfillment_orders/order_routing_complete",
      "fulfillment_orders/order_routing_complete",
    ]);
    expect(webhooks().slice(3).map((w) => w.body)).toEqual([
      { fulfillment_order: { id: foGid(o.fulfillmentOrders[0].id), status: "open" } },
      { fulfillment_order: { id: foGid(o.fulfillmentOrders[1].id), status: "open" } },
    ]);
  });

  it("is delivered by default and can be left out of a subscription list", async () => {
    const sent: string[] = [];
    const g = createFixture({ webhookTransport: async (url) => (sent.push(new URL(url).pathname), { status: 200 }), webhooks: { topics: ["orders/create", "inventory_levels/update"] } });
    g.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 1 }] });
    await g.emulator.flushWebhooks();
    expect(sent).toEqual(["/webhooks/orders/create", "/webhooks/inventory_levels/update"]);
  });
});

describe("fulfillment orders readable by id", () => {
  const FO = `fragment FO on FulfillmentOrder {
    id orderId status
    assignedLocation { location { id } }
    lineItems(first: 10) { nodes { id remainingQuantity totalQuantity lineItem { id } inventoryItemId } }
  }`;

  it("fulfillmentOrder(id:), node(id:), nodes(ids:) and Order.fulfillmentOrders(first:) resolve the same fulfillment order", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 2 }, { sku: "DESK-L", quantity: 3 }] });
    const [main, outlet] = o.fulfillmentOrders;
    const q = `query($id: ID!, $ids: [ID!]!, $order: ID!) {
      fulfillmentOrder(id: $id) { ...FO }
      node(id: $id) { __typename ...FO }
      nodes(ids: $ids) { ...FO }
      order(id: $order) { fulfillmentOrders(first: 5) { nodes { ...FO } } }
    } ${FO}`;
    const variables = { id: foGid(outlet.id), ids: [foGid(main.id), "gid://shopify/FulfillmentOrder/1", foGid(outlet.id)], order: `gid://shopify/Order/${o.id}` };
    const { body } = await adminCall(f.emulator, token, q, variables);
    expect(body.errors).toBeUndefined();
    expect(shapeProblems(adminSchema(), q, body.data)).toEqual([]);
    const expected = (fo: typeof main, sku: string, quantity: number) => ({
      id: foGid(fo.id),
      orderId: `gid://shopify/Order/${o.id}`,
      status: "OPEN",
      assignedLocation: { location: { id: locGid(fo.locationId) } },
      lineItems: {
        nodes: [
          {
            id: lineGid(fo.lines[0].id),
            remainingQuantity: quantity,
            totalQuantity: quantity,
            lineItem: { id: `gid://shopify/LineItem/${fo.lines[0].lineItemId}` },
            inventoryItemId: `gid://shopify/InventoryItem/${itemId(sku)}`,
          },
        ],
      },
    });
    const d = body.data as Record<string, any>;
    expect(d.fulfillmentOrder).toEqual(expected(outlet, "DESK-L", 3));
    expect(d.node).toEqual({ __typename: "FulfillmentOrder", ...expected(outlet, "DESK-L", 3) });
    expect(d.nodes).toEqual([expected(main, "LAMP-1", 2), null, expected(outlet, "DESK-L", 3)]);
    expect(d.order.fulfillmentOrders.nodes).toEqual([expected(main, "LAMP-1", 2), expected(outlet, "DESK-L", 3)]);
    // Another type's id is not a fulfillment order.
    const wrong = await adminData(f.emulator, token, `query($id: ID!) { fulfillmentOrder(id: $id) { id } }`, { id: `gid://shopify/Order/${o.id}` });
    expect(wrong.fulfillmentOrder).toBeNull();
  });

  it("orders(query: \"updated_at:>'…'\", sortKey: UPDATED_AT) lists orders changed after a time, oldest change first", async () => {
    const a = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "DESK-L", quantity: 1 }] });
    f.clock.advance(60_000);
    const b = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "DESK-L", quantity: 1 }] });
    f.clock.advance(60_000);
    const c = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "DESK-L", quantity: 1 }] });
    const since = new Date(f.clock.now().getTime() - 30_000).toISOString(); // after b, before c
    f.clock.advance(60_000);
    f.emulator.cancelOrder(SHOP, a.id); // a changes last
    const q = `query($q: String) { orders(first: 10, query: $q, sortKey: UPDATED_AT) { nodes { name updatedAt } } }`;
    const r = await adminData(f.emulator, token, q, { q: `updated_at:>'${since}'` });
    expect(r.orders.nodes.map((o: { name: string }) => o.name)).toEqual([c.name, a.name]);
    expect(r.orders.nodes.every((o: { updatedAt: string }) => o.updatedAt > since)).toBe(true);
    const all = await adminData(f.emulator, token, q, { q: null });
    expect(all.orders.nodes.map((o: { name: string }) => o.name)).toEqual([b.name, c.name, a.name]);
    const none = await adminData(f.emulator, token, q, { q: `updated_at:>'${f.clock.now().toISOString()}'` });
    expect(none.orders.nodes).toEqual([]);
  });
});

describe("holds", () => {
  const HOLD = `mutation($id: ID!, $h: FulfillmentOrderHoldInput!) { fulfillmentOrderHold(id: $id, fulfillmentHold: $h) {
    fulfillmentHold { id handle heldByRequestingApp } fulfillmentOrder { status fulfillmentHolds { id handle } } userErrors { field message code } } }`;
  const RELEASE = `mutation($id: ID!, $holdIds: [ID!]) { fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) { fulfillmentOrder { status fulfillmentHolds { id } } userErrors { field message code } } }`;
  const hold = (foId: number, h: Record<string, unknown>) => adminData(f.emulator, token, HOLD, { id: foGid(foId), h: { reason: "INVENTORY_OUT_OF_STOCK", ...h } }).then((d) => d.fulfillmentOrderHold);

  it("every hold sends fulfillment_holds/added; only the first sends fulfillment_orders/placed_on_hold, in Shopify's shape", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 3 }] });
    const [fo] = o.fulfillmentOrders;
    drain();
    const first = await hold(fo.id, { reasonNotes: "Back in April", handle: "backorder" });
    expect(first.userErrors).toEqual([]);
    expect(first.fulfillmentHold).toMatchObject({ handle: "backorder", heldByRequestingApp: true });
    const appGid = `gid://shopify/App/${f.emulator.appId}`;
    const holdJson = { id: first.fulfillmentHold.id, reason: "inventory_out_of_stock", reason_notes: "Back in April", held_by_requesting_app: true, handle: "backorder", held_by_app: { id: appGid } };
    expect(webhooks()).toEqual([
      { topic: "fulfillment_holds/added", body: { fulfillment_order: { id: foGid(fo.id) }, fulfillment_hold: holdJson } },
      {
        topic: "fulfillment_orders/placed_on_hold",
        body: {
          fulfillment_order: { id: foGid(fo.id), status: "on_hold", fulfillment_holds: [holdJson] },
          remaining_fulfillment_order: null,
          held_fulfillment_order_line_items: [{ id: lineGid(fo.lines[0].id), quantity: 3 }],
          created_fulfillment_hold: holdJson,
        },
      },
    ]);
    drain();
    const second = await hold(fo.id, { handle: "address-check", reason: "INCORRECT_ADDRESS" });
    expect(second.userErrors).toEqual([]);
    expect(second.fulfillmentOrder.fulfillmentHolds.map((h: { handle: string }) => h.handle)).toEqual(["backorder", "address-check"]);
    expect(topics()).toEqual(["fulfillment_holds/added"]);
    expect(webhooks()[0].body.fulfillment_hold).toMatchObject({ reason: "incorrect_address", handle: "address-check", reason_notes: null });
  });

  it("handles are unique per app and default to \"\": a second unnamed hold by the app is refused, a merchant's is not", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 1 }] });
    const [fo] = o.fulfillmentOrders;
    expect((await hold(fo.id, {})).userErrors).toEqual([]);
    const dup = await hold(fo.id, {});
    expect(dup).toMatchObject({ fulfillmentHold: null, fulfillmentOrder: null, userErrors: [{ field: ["fulfillmentHold", "handle"], code: "DUPLICATE_FULFILLMENT_HOLD_HANDLE" }] });
    const merchant = f.emulator.holdFulfillmentOrder(SHOP, fo.id, { reason: "OTHER" });
    expect(merchant.hold).toMatchObject({ handle: "", appId: null });
    const read = await adminData(f.emulator, token, `query($id: ID!) { fulfillmentOrder(id: $id) { fulfillmentHolds { handle heldByRequestingApp } } }`, { id: foGid(fo.id) });
    expect(read.fulfillmentOrder.fulfillmentHolds).toEqual([{ handle: "", heldByRequestingApp: true }, { handle: "", heldByRequestingApp: false }]);
    // The merchant's own duplicate is refused the same way (shop actions throw).
    expect(() => f.emulator.holdFulfillmentOrder(SHOP, fo.id, { reason: "OTHER", handle: "" })).toThrow(/already in use/);
  });

  it("an app may hold a fulfillment order at most 10 times; other holds do not count", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 1 }] });
    const [fo] = o.fulfillmentOrders;
    f.emulator.holdFulfillmentOrder(SHOP, fo.id, { reason: "OTHER", handle: "merchant" });
    for (let i = 0; i < 10; i++) expect((await hold(fo.id, { handle: `h${i}` })).userErrors).toEqual([]);
    const eleventh = await hold(fo.id, { handle: "h10" });
    expect(eleventh.userErrors).toEqual([{ field: ["id"], message: expect.stringMatching(/maximum number of fulfillment holds/), code: "FULFILLMENT_ORDER_HOLD_LIMIT_REACHED" }]);
    expect(fo.holds).toHaveLength(11);
    // Releasing one of its holds makes room again.
    const released = await adminData(f.emulator, token, RELEASE, { id: foGid(fo.id), holdIds: [`gid://shopify/FulfillmentHold/${fo.holds[1].id}`] });
    expect(released.fulfillmentOrderReleaseHold.userErrors).toEqual([]);
    expect((await hold(fo.id, { handle: "h10" })).userErrors).toEqual([]);
  });

  it("each release sends fulfillment_holds/released; only the last sends fulfillment_orders/hold_released", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 1 }] });
    const [fo] = o.fulfillmentOrders;
    const a = await hold(fo.id, { handle: "a" });
    const b = await hold(fo.id, { handle: "b" });
    const c = await hold(fo.id, { handle: "c" });
    drain();
    const one = await adminData(f.emulator, token, RELEASE, { id: foGid(fo.id), holdIds: [a.fulfillmentHold.id] });
    expect(one.fulfillmentOrderReleaseHold).toEqual({ fulfillmentOrder: { status: "ON_HOLD", fulfillmentHolds: [{ id: b.fulfillmentHold.id }, { id: c.fulfillmentHold.id }] }, userErrors: [] });
    expect(webhooks()).toEqual([{ topic: "fulfillment_holds/released", body: { fulfillment_order: { id: foGid(fo.id) }, fulfillment_hold: expect.objectContaining({ id: a.fulfillmentHold.id, handle: "a" }) } }]);
    drain();
    const rest = await adminData(f.emulator, token, RELEASE, { id: foGid(fo.id) });
    expect(rest.fulfillmentOrderReleaseHold).toEqual({ fulfillmentOrder: { status: "OPEN", fulfillmentHolds: [] }, userErrors: [] });
    expect(webhooks().map((w) => [w.topic, w.body.fulfillment_hold?.handle ?? w.body.fulfillment_order.status])).toEqual([
      ["fulfillment_holds/released", "b"],
      ["fulfillment_holds/released", "c"],
      ["fulfillment_orders/hold_released", "open"],
    ]);
    const notHeld = await adminData(f.emulator, token, RELEASE, { id: foGid(fo.id) });
    expect(notHeld.fulfillmentOrderReleaseHold.userErrors).toEqual([{ field: ["id"], message: "The fulfillment order is not on hold.", code: null }]);
    const unknown = await adminData(f.emulator, token, RELEASE, { id: foGid(1) });
    expect(unknown.fulfillmentOrderReleaseHold.userErrors[0].code).toBe("FULFILLMENT_ORDER_NOT_FOUND");
  });

  it("a hold on some line items splits the rest off; the split fulfillment order is reported as remaining", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 3 }] });
    const [fo] = o.fulfillmentOrders;
    drain();
    const r = await hold(fo.id, { handle: "x", fulfillmentOrderLineItems: [{ id: lineGid(fo.lines[0].id), quantity: 1 }] });
    expect(r.userErrors).toEqual([]);
    const remaining = o.fulfillmentOrders[1];
    expect(webhooks()[1].body).toMatchObject({
      remaining_fulfillment_order: { id: foGid(remaining.id), status: "open" },
      held_fulfillment_order_line_items: [{ id: lineGid(fo.lines[0].id), quantity: 1 }],
    });
    const dupLines = await hold(remaining.id, { handle: "y", fulfillmentOrderLineItems: [{ id: lineGid(remaining.lines[0].id), quantity: 1 }, { id: lineGid(remaining.lines[0].id), quantity: 1 }] });
    expect(dupLines.userErrors[0].code).toBe("DUPLICATED_FULFILLMENT_ORDER_LINE_ITEMS");
  });
});

describe("fulfillmentOrderMove", () => {
  const MOVE = `mutation($id: ID!, $to: ID!, $lines: [FulfillmentOrderLineItemInput!]) { fulfillmentOrderMove(id: $id, newLocationId: $to, fulfillmentOrderLineItems: $lines) {
    originalFulfillmentOrder { id status assignedLocation { location { id } } lineItems(first: 5) { nodes { remainingQuantity totalQuantity } } }
    movedFulfillmentOrder { id status assignedLocation { location { id } } lineItems(first: 5) { nodes { remainingQuantity totalQuantity lineItem { sku } } } }
    remainingFulfillmentOrder { id }
    userErrors { field message } } }`;

  it("moving a whole fulfillment order reassigns it in place; committed stock moves from the source to the destination", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 2 }] });
    const [fo] = o.fulfillmentOrders;
    expect(fo.locationId).toBe(f.locations.main);
    drain();
    const r = await adminData(f.emulator, token, MOVE, { id: foGid(fo.id), to: locGid(f.locations.outlet) });
    expect(r.fulfillmentOrderMove).toEqual({
      originalFulfillmentOrder: { id: foGid(fo.id), status: "OPEN", assignedLocation: { location: { id: locGid(f.locations.outlet) } }, lineItems: { nodes: [{ remainingQuantity: 2, totalQuantity: 2 }] } },
      movedFulfillmentOrder: { id: foGid(fo.id), status: "OPEN", assignedLocation: { location: { id: locGid(f.locations.outlet) } }, lineItems: { nodes: [{ remainingQuantity: 2, totalQuantity: 2, lineItem: { sku: "LAMP-1" } }] } },
      remainingFulfillmentOrder: null,
      userErrors: [],
    });
    expect(level("LAMP-1", f.locations.main)).toEqual({ onHand: 2, committed: 0, available: 2 });
    expect(level("LAMP-1", f.locations.outlet)).toEqual({ onHand: 1, committed: 2, available: -1 });
    expect(webhooks()).toEqual([
      {
        topic: "fulfillment_orders/moved",
        body: {
          original_fulfillment_order: { id: foGid(fo.id), status: "open", assigned_location_id: locGid(f.locations.outlet) },
          moved_fulfillment_order: { id: foGid(fo.id), status: "open", assigned_location_id: locGid(f.locations.outlet) },
          destination_location_id: locGid(f.locations.outlet),
          fulfillment_order_line_items_requested: [],
          source_location: { id: locGid(f.locations.main) },
        },
      },
      { topic: "inventory_levels/update", body: expect.objectContaining({ inventory_item_id: itemId("LAMP-1"), location_id: f.locations.main, available: 2 }) },
      { topic: "inventory_levels/update", body: expect.objectContaining({ inventory_item_id: itemId("LAMP-1"), location_id: f.locations.outlet, available: -1 }) },
    ]);
  });

  it("moving some line items creates a fulfillment order at the destination; the original keeps the rest", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Main Warehouse", lines: [{ sku: "DESK-L", quantity: 3 }, { sku: "LAMP-1", quantity: 1 }] });
    const [fo] = o.fulfillmentOrders;
    const [desk, lamp] = fo.lines;
    drain();
    const r = await adminData(f.emulator, token, MOVE, { id: foGid(fo.id), to: locGid(f.locations.outlet), lines: [{ id: lineGid(desk.id), quantity: 2 }] });
    expect(r.fulfillmentOrderMove.userErrors).toEqual([]);
    const moved = o.fulfillmentOrders[1];
    expect(r.fulfillmentOrderMove.originalFulfillmentOrder).toEqual({
      id: foGid(fo.id),
      status: "OPEN",
      assignedLocation: { location: { id: locGid(f.locations.main) } },
      lineItems: { nodes: [{ remainingQuantity: 1, totalQuantity: 1 }, { remainingQuantity: 1, totalQuantity: 1 }] },
    });
    expect(r.fulfillmentOrderMove.movedFulfillmentOrder).toEqual({
      id: foGid(moved.id),
      status: "OPEN",
      assignedLocation: { location: { id: locGid(f.locations.outlet) } },
      lineItems: { nodes: [{ remainingQuantity: 2, totalQuantity: 2, lineItem: { sku: "DESK-L" } }] },
    });
    expect(lamp.remainingQuantity).toBe(1);
    expect(level("DESK-L", f.locations.main)).toEqual({ onHand: 1, committed: 1, available: 0 });
    expect(level("DESK-L", f.locations.outlet)).toEqual({ onHand: 4, committed: 2, available: 2 });
    expect(webhooks()[0]).toEqual({
      topic: "fulfillment_orders/moved",
      body: {
        original_fulfillment_order: { id: foGid(fo.id), status: "open", assigned_location_id: locGid(f.locations.main) },
        moved_fulfillment_order: { id: foGid(moved.id), status: "open", assigned_location_id: locGid(f.locations.outlet) },
        destination_location_id: locGid(f.locations.outlet),
        fulfillment_order_line_items_requested: [{ id: lineGid(desk.id), quantity: 2 }],
        source_location: { id: locGid(f.locations.main) },
      },
    });
    expect(topics()).toEqual(["fulfillment_orders/moved", "inventory_levels/update", "inventory_levels/update"]);
    // Moving what is left of DESK-L joins nothing: the order already has an open fulfillment order at
    // Outlet, so Shopify makes a new one; the original keeps LAMP-1.
    f.emulator.moveFulfillmentOrder(SHOP, fo.id, "Outlet", [{ id: desk.id, quantity: 1 }]);
    expect(o.fulfillmentOrders.map((x) => [x.locationId === f.locations.main ? "main" : "outlet", x.status, x.lines.map((l) => l.remainingQuantity)])).toEqual([
      ["main", "OPEN", [1]],
      ["outlet", "OPEN", [1]],
      ["outlet", "OPEN", [2]],
    ]);
  });

  it("a fulfillment order emptied by a move is closed, and hidden from displayable lists", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 2 }, { sku: "DESK-L", quantity: 3 }] });
    const [main, outlet] = o.fulfillmentOrders;
    // Main's LAMP-1 goes to Outlet, where the order already has an open fulfillment order.
    const { original, moved } = f.emulator.moveFulfillmentOrder(SHOP, main.id, f.locations.outlet);
    expect(original).toBe(main);
    expect(moved).not.toBe(outlet);
    expect([main.status, main.lines]).toEqual(["CLOSED", []]);
    expect(JSON.parse(f.emulator.webhooks.queue.find((w) => w.topic === "fulfillment_orders/moved")!.body).original_fulfillment_order).toEqual({
      id: foGid(main.id),
      status: "closed",
      assigned_location_id: locGid(f.locations.main),
    });
    const q = `query($id: ID!) { order(id: $id) { all: fulfillmentOrders(first: 10) { nodes { status } } shown: fulfillmentOrders(first: 10, displayable: true) { nodes { status } } } }`;
    const r = await adminData(f.emulator, token, q, { id: `gid://shopify/Order/${o.id}` });
    expect(r.order.all.nodes.map((n: { status: string }) => n.status)).toEqual(["CLOSED", "OPEN", "OPEN"]);
    expect(r.order.shown.nodes).toHaveLength(2);
    // Shipping the order ships both remaining fulfillment orders from Outlet.
    f.emulator.fulfillOrder(SHOP, o.id);
    expect(level("LAMP-1", f.locations.outlet)).toEqual({ onHand: -1, committed: 0, available: -1 });
    expect(level("LAMP-1", f.locations.main)).toEqual({ onHand: 2, committed: 0, available: 2 });
  });

  it("refuses what Shopify refuses, with userErrors, changing nothing", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Main Warehouse", lines: [{ sku: "DESK-S", quantity: 1 }, { sku: "LAMP-1", quantity: 1 }] });
    const [fo] = o.fulfillmentOrders;
    const move = async (v: Record<string, unknown>) => (await adminData(f.emulator, token, MOVE, { id: foGid(fo.id), to: locGid(f.locations.outlet), ...v })).fulfillmentOrderMove;
    drain();
    // DESK-S was never stocked at Outlet.
    expect(await move({})).toEqual({ originalFulfillmentOrder: null, movedFulfillmentOrder: null, remainingFulfillmentOrder: null, userErrors: [{ field: ["newLocationId"], message: expect.stringMatching(/doesn't stock/) }] });
    expect((await move({ to: locGid(f.locations.main) })).userErrors).toEqual([{ field: ["newLocationId"], message: expect.stringMatching(/already assigned/) }]);
    expect((await move({ to: locGid(1) })).userErrors).toEqual([{ field: ["newLocationId"], message: "Location could not be found." }]);
    expect((await move({ id: foGid(1) })).userErrors).toEqual([{ field: ["id"], message: "Fulfillment order does not exist." }]);
    expect((await move({ lines: [{ id: lineGid(fo.lines[1].id), quantity: 2 }] })).userErrors).toEqual([{ field: ["fulfillmentOrderLineItems", "0", "quantity"], message: "Quantity must be between 1 and 1." }]);
    f.emulator.holdFulfillmentOrder(SHOP, fo.id, { reason: "OTHER" });
    expect((await move({ lines: [{ id: lineGid(fo.lines[1].id), quantity: 1 }] })).userErrors).toEqual([{ field: ["id"], message: expect.stringMatching(/on hold/) }]);
    expect(topics()).toEqual(["fulfillment_holds/added", "fulfillment_orders/placed_on_hold"]);
    expect(level("LAMP-1", f.locations.main).committed).toBe(1);
    expect(() => f.emulator.moveFulfillmentOrder(SHOP, fo.id, "Outlet")).toThrow(/on hold/);
  });
});

describe("fulfillmentOrderSplit", () => {
  const SPLIT = `mutation($s: [FulfillmentOrderSplitInput!]!) { fulfillmentOrderSplit(fulfillmentOrderSplits: $s) {
    fulfillmentOrderSplits { fulfillmentOrder { id lineItems(first: 5) { nodes { remainingQuantity lineItem { sku } } } } remainingFulfillmentOrder { id status assignedLocation { location { id } } lineItems(first: 5) { nodes { remainingQuantity lineItem { sku } } } } replacementFulfillmentOrder { id } }
    userErrors { field message code } } }`;

  it("moves the given quantities into a new fulfillment order at the same location and sends fulfillment_orders/split", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Main Warehouse", lines: [{ sku: "LAMP-1", quantity: 2 }, { sku: "DESK-L", quantity: 1 }] });
    const [fo] = o.fulfillmentOrders;
    drain();
    const r = await adminData(f.emulator, token, SPLIT, { s: [{ fulfillmentOrderId: foGid(fo.id), fulfillmentOrderLineItems: [{ id: lineGid(fo.lines[0].id), quantity: 1 }] }] });
    const split = o.fulfillmentOrders[1];
    expect(r.fulfillmentOrderSplit).toEqual({
      fulfillmentOrderSplits: [
        {
          fulfillmentOrder: { id: foGid(fo.id), lineItems: { nodes: [{ remainingQuantity: 1, lineItem: { sku: "LAMP-1" } }, { remainingQuantity: 1, lineItem: { sku: "DESK-L" } }] } },
          remainingFulfillmentOrder: { id: foGid(split.id), status: "OPEN", assignedLocation: { location: { id: locGid(f.locations.main) } }, lineItems: { nodes: [{ remainingQuantity: 1, lineItem: { sku: "LAMP-1" } }] } },
          replacementFulfillmentOrder: null,
        },
      ],
      userErrors: [],
    });
    expect(webhooks()).toEqual([
      {
        topic: "fulfillment_orders/split",
        body: {
          split_line_items: [{ id: lineGid(fo.lines[0].id), quantity: 1 }],
          fulfillment_order: { id: foGid(fo.id), status: "open" },
          remaining_fulfillment_order: { id: foGid(split.id), status: "open" },
          replacement_fulfillment_order: null,
        },
      },
    ]);
    // No stock moves in a split.
    expect(level("LAMP-1", f.locations.main)).toEqual({ onHand: 2, committed: 2, available: 0 });
    // The shop action splits the same way.
    const s2 = f.emulator.splitFulfillmentOrder(SHOP, fo.id, [{ id: fo.lines[1].id, quantity: 1 }]);
    expect(s2.remaining.lines.map((l) => l.totalQuantity)).toEqual([1]);
    expect(o.fulfillmentOrders).toHaveLength(3);
  });

  it("validates every split first (Shopify's codes) and changes nothing when one is invalid", async () => {
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Main Warehouse", lines: [{ sku: "LAMP-1", quantity: 2 }] });
    const [fo] = o.fulfillmentOrders;
    const line = lineGid(fo.lines[0].id);
    const split = async (s: unknown[]) => (await adminData(f.emulator, token, SPLIT, { s })).fulfillmentOrderSplit;
    drain();
    expect(await split([{ fulfillmentOrderId: foGid(1), fulfillmentOrderLineItems: [{ id: line, quantity: 1 }] }])).toEqual({
      fulfillmentOrderSplits: null,
      userErrors: [{ field: ["fulfillmentOrderSplits", "0", "fulfillmentOrderId"], message: "Fulfillment order does not exist.", code: "FULFILLMENT_ORDER_NOT_FOUND" }],
    });
    expect((await split([{ fulfillmentOrderId: foGid(fo.id), fulfillmentOrderLineItems: [] }])).userErrors[0].code).toBe("NO_LINE_ITEMS_PROVIDED_TO_SPLIT");
    expect((await split([{ fulfillmentOrderId: foGid(fo.id), fulfillmentOrderLineItems: [{ id: line, quantity: 0 }] }])).userErrors[0].code).toBe("GREATER_THAN");
    expect((await split([{ fulfillmentOrderId: foGid(fo.id), fulfillmentOrderLineItems: [{ id: line, quantity: 3 }] }])).userErrors[0].code).toBe("INVALID_LINE_ITEM_QUANTITY");
    expect((await split([{ fulfillmentOrderId: foGid(fo.id), fulfillmentOrderLineItems: [{ id: lineGid(1), quantity: 1 }] }])).userErrors[0].code).toBe("INVALID_LINE_ITEM_QUANTITY");
    // Splitting everything out would leave the original empty.
    expect((await split([{ fulfillmentOrderId: foGid(fo.id), fulfillmentOrderLineItems: [{ id: line, quantity: 2 }] }])).userErrors[0].code).toBe("INVALID_LINE_ITEM_QUANTITY");
    expect(o.fulfillmentOrders).toHaveLength(1);
    expect(fo.lines[0].remainingQuantity).toBe(2);
    expect(topics()).toEqual([]);
  });
});
