// Shop actions behave like Shopify: orders commit stock (below zero when oversold), are routed to a
// location (split when no single location can ship them), cancellations release or write off
// committed stock, fulfillment ships it; each action queues the webhooks Shopify sends, in order.
import { describe, expect, it } from "vitest";
import { available } from "../../app/emulator/emulated-shop";
import { holdFulfillmentOrder } from "../../app/emulator/shop-activity";
import { createFixture, SHOP, type Fixture } from "./emulator-fixture";

const level = (f: Fixture, sku: string, location: number) => {
  const shop = f.emulator.shop(SHOP);
  const l = shop.items.get(shop.variantBySku(sku)!.inventoryItemId)!.levels.get(location)!;
  return { onHand: l.onHand, committed: l.committed, available: available(l) };
};
const topics = (f: Fixture) => f.emulator.webhooks.queue.map((w) => w.topic);
const bodies = (f: Fixture, topic: string) => f.emulator.webhooks.queue.filter((w) => w.topic === topic).map((w) => JSON.parse(w.body) as Record<string, any>);

describe("placeOrder", () => {
  it("commits stock at once and lets available go below zero, whatever the variant's policy", () => {
    const f = createFixture();
    f.emulator.placeOrder(SHOP, { channel: "web", location: "Main Warehouse", lines: [{ sku: "LAMP-1", quantity: 5 }] });
    expect(level(f, "LAMP-1", f.locations.main)).toEqual({ onHand: 2, committed: 5, available: -3 });
    expect(topics(f)).toEqual(["orders/create", "inventory_levels/update", "fulfillment_orders/order_routing_complete"]);
    expect(bodies(f, "inventory_levels/update")[0]).toMatchObject({ location_id: f.locations.main, available: -3 });
  });

  it("routes to the first location that can ship every line", () => {
    const f = createFixture();
    const o = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "DESK-L", quantity: 2 }] });
    expect(o.fulfillmentOrders.map((fo) => fo.locationId)).toEqual([f.locations.outlet]);
  });

  it("splits into one fulfillment order per location when no single location can ship everything", () => {
    const f = createFixture();
    // LAMP-1 x2 fits Main (2), DESK-L x3 only fits Outlet (4).
    const o = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 2 }, { sku: "DESK-L", quantity: 3 }] });
    expect(o.fulfillmentOrders.map((fo) => [fo.locationId, fo.lines.map((l) => l.totalQuantity)])).toEqual([
      [f.locations.main, [2]],
      [f.locations.outlet, [3]],
    ]);
    // One inventory update per level touched, after orders/create; then routing is reported per fulfillment order.
    expect(topics(f)).toEqual(["orders/create", "inventory_levels/update", "inventory_levels/update", "fulfillment_orders/order_routing_complete", "fulfillment_orders/order_routing_complete"]);
    expect(bodies(f, "fulfillment_orders/order_routing_complete")).toEqual(o.fulfillmentOrders.map((fo) => ({ fulfillment_order: { id: `gid://shopify/FulfillmentOrder/${fo.id}`, status: "open" } })));
  });

  it("falls back to the first location when none has stock", () => {
    const f = createFixture();
    const o = f.emulator.placeOrder(SHOP, { channel: "marketplace", lines: [{ sku: "LAMP-1", quantity: 9 }] });
    expect(o.fulfillmentOrders.map((fo) => fo.locationId)).toEqual([f.locations.main]);
  });

  it("accepts locationId, variantId, createdAt; reuses customers by email; numbers orders", () => {
    const f = createFixture();
    const shop = f.emulator.shop(SHOP);
    const at = new Date("2026-03-01T12:00:00Z");
    const a = f.emulator.placeOrder(SHOP, { channel: "web", locationId: f.locations.outlet, createdAt: at, customer: { email: "Ana@Example.com" }, lines: [{ variantId: shop.variantBySku("LAMP-1")!.id, quantity: 1 }] });
    const b = f.emulator.placeOrder(SHOP, { channel: "web", customer: { email: "ana@example.com" }, lines: [{ sku: "LAMP-1", quantity: 1 }] });
    expect(a.fulfillmentOrders[0].locationId).toBe(f.locations.outlet);
    expect(a.createdAt).toEqual(at);
    expect(a.customerId).toBe(b.customerId);
    expect([a.name, b.name]).toEqual(["#1001", "#1002"]);
  });

  it("does not commit untracked items and rejects unknown SKUs and bad quantities", () => {
    const f = createFixture();
    f.emulator.seedProducts(SHOP, [{ title: "Gift wrap", variants: [{ sku: "WRAP", tracked: false, inventory: {} }] }]);
    f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "WRAP", quantity: 1 }] });
    expect(topics(f)).toEqual(["orders/create", "fulfillment_orders/order_routing_complete"]);
    expect(() => f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "NOPE", quantity: 1 }] })).toThrow(/unknown variant NOPE/);
    expect(() => f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 0 }] })).toThrow(/positive integer/);
  });
});

describe("cancelOrder", () => {
  it("with restock: committed units return to available", () => {
    const f = createFixture();
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Main Warehouse", lines: [{ sku: "LAMP-1", quantity: 3 }] });
    f.emulator.webhooks.queue = [];
    f.emulator.cancelOrder(SHOP, o.id, { restock: true });
    expect(level(f, "LAMP-1", f.locations.main)).toEqual({ onHand: 2, committed: 0, available: 2 });
    expect(topics(f)).toEqual(["orders/cancelled", "orders/updated", "inventory_levels/update"]);
    expect(() => f.emulator.cancelOrder(SHOP, o.id)).toThrow(/already cancelled/);
  });

  it("without restock: the units are written off on hand, available does not rise", () => {
    const f = createFixture();
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Main Warehouse", lines: [{ sku: "LAMP-1", quantity: 1 }] });
    f.emulator.cancelOrder(SHOP, o.id, { restock: false });
    expect(level(f, "LAMP-1", f.locations.main)).toEqual({ onHand: 1, committed: 0, available: 1 });
  });

  it("of a shipped order, restock puts the shipped units back on hand", () => {
    const f = createFixture();
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 2 }] });
    f.emulator.fulfillOrder(SHOP, o.id);
    expect(level(f, "DESK-L", f.locations.outlet)).toEqual({ onHand: 2, committed: 0, available: 2 });
    f.emulator.cancelOrder(SHOP, o.id, { restock: true });
    expect(level(f, "DESK-L", f.locations.outlet)).toEqual({ onHand: 4, committed: 0, available: 4 });
  });
});

describe("fulfillOrder", () => {
  it("ships committed units (available unchanged), closes the order and sends orders/updated", () => {
    const f = createFixture();
    const o = f.emulator.placeOrder(SHOP, { channel: "web", location: "Outlet", lines: [{ sku: "DESK-L", quantity: 1 }] });
    f.emulator.webhooks.queue = [];
    f.emulator.fulfillOrder(SHOP, o.id);
    expect(level(f, "DESK-L", f.locations.outlet)).toEqual({ onHand: 3, committed: 0, available: 3 });
    expect(o.closedAt).not.toBeNull();
    expect(topics(f)).toEqual(["orders/updated", "inventory_levels/update"]);
    expect(bodies(f, "orders/updated")[0]).toMatchObject({ fulfillment_status: "fulfilled", line_items: [{ fulfillable_quantity: 0, fulfillment_status: "fulfilled" }] });
  });

  it("leaves held fulfillment orders unshipped; asking for a held one fails", () => {
    const f = createFixture();
    const o = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 2 }, { sku: "DESK-L", quantity: 3 }] });
    const [main, outlet] = o.fulfillmentOrders;
    holdFulfillmentOrder(f.emulator.shop(SHOP), outlet, o, { reason: "INVENTORY_OUT_OF_STOCK" }, f.clock.now());
    f.emulator.fulfillOrder(SHOP, o.id);
    expect([main.status, outlet.status]).toEqual(["CLOSED", "ON_HOLD"]);
    expect(o.closedAt).toBeNull();
    expect(() => f.emulator.fulfillOrder(SHOP, o.id, { fulfillmentOrderId: outlet.id })).toThrow(/on hold/);
  });
});

describe("inventory changes", () => {
  it("adjustInventory by delta or to an available count; restock adds units", () => {
    const f = createFixture();
    f.emulator.placeOrder(SHOP, { channel: "web", location: "Main Warehouse", lines: [{ sku: "LAMP-1", quantity: 3 }] });
    f.emulator.webhooks.queue = [];
    f.emulator.adjustInventory(SHOP, { sku: "LAMP-1", location: "Main Warehouse", delta: 2 });
    expect(level(f, "LAMP-1", f.locations.main).available).toBe(1);
    f.emulator.adjustInventory(SHOP, { sku: "LAMP-1", locationId: f.locations.main, available: 10 });
    expect(level(f, "LAMP-1", f.locations.main)).toEqual({ onHand: 13, committed: 3, available: 10 });
    f.emulator.restock(SHOP, { sku: "LAMP-1", location: "Main Warehouse", quantity: 5 });
    expect(bodies(f, "inventory_levels/update").map((b) => b.available)).toEqual([1, 10, 15]);
    expect(() => f.emulator.adjustInventory(SHOP, { sku: "LAMP-1", location: "Nowhere", delta: 1 })).toThrow(/unknown location/);
  });

  it("updateProduct changes policy, price or SKU and sends products/update", () => {
    const f = createFixture();
    f.emulator.updateProduct(SHOP, "LAMP-1", { variants: { "LAMP-1": { sku: "LAMP-2", inventoryPolicy: "CONTINUE" } } });
    const shop = f.emulator.shop(SHOP);
    expect(shop.variantBySku("LAMP-1")).toBeUndefined();
    expect(shop.variantBySku("LAMP-2")?.inventoryPolicy).toBe("CONTINUE");
    expect(bodies(f, "products/update")[0].variants[0]).toMatchObject({ sku: "LAMP-2", inventory_policy: "continue" });
  });
});

describe("seed", () => {
  it("creates the shop, locations and products and returns their ids", () => {
    const f = createFixture();
    const r = f.emulator.seed("seeded.myshopify.com", { ianaTimezone: "Europe/Paris", locations: ["Paris", "Lyon"], products: [{ title: "Vase", variants: [{ sku: "VASE", inventory: { Lyon: 3 } }] }] });
    expect(Object.keys(r.locations)).toEqual(["Paris", "Lyon"]);
    const v = r.shop.variants.get(r.variants.VASE.variantId)!;
    expect(r.shop.items.get(v.inventoryItemId)!.levels.get(r.locations.Lyon)!.onHand).toBe(3);
    expect(r.variants.VASE.inventoryItemId).toBeGreaterThan(2 ** 32); // Shopify-sized ids
    expect(f.emulator.webhooks.queue).toEqual([]); // pre-install state: no webhooks
  });
});
