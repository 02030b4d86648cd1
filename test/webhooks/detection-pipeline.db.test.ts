import "../setup/database";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { startTestWorker, stopTestWorker, waitForIdle } from "../support/worker";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create";
import { action as ordersCancelled } from "../../app/routes/webhooks.orders.cancelled";
import { action as inventoryUpdate } from "../../app/routes/webhooks.inventory_levels.update";
import { action as productsUpdate } from "../../app/routes/webhooks.products.update";
import { signedWebhook } from "../support/signed-webhook";
import { inventoryLevelPayload, orderPayload } from "../support/rest-payloads";
import { callAction, type RouteAction } from "../support/call-route";

const LOCATION = 7001;
const ITEM = 880001;
const VARIANT = 990001;
const T0 = new Date("2026-05-01T08:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);

type Action = RouteAction;
const call = callAction;

let shopN = 0;
let shop = "";

beforeAll(async () => {
  await startTestWorker();
});
afterAll(async () => {
  await stopTestWorker();
});
beforeEach(async () => {
  shop = `pipeline-${++shopN}.myshopify.com`;
  await prisma.shop.create({ data: { domain: shop } });
  await prisma.location.create({ data: { shop, id: BigInt(LOCATION), name: "Main" } });
  await prisma.inventoryItem.create({ data: { shop, id: BigInt(ITEM), variantId: BigInt(VARIANT), sku: "LAMP-1", title: "Lamp" } });
});

function order(n: number, channel: string, createdSec: number, extra: Partial<Parameters<typeof orderPayload>[0]> = {}) {
  return orderPayload({
    id: 5000 + n,
    name: `#${1000 + n}`,
    sourceName: channel,
    createdAt: at(createdSec),
    customer: { id: 300 + n, email: `c${n}@example.com`, first_name: "Test", last_name: "Customer" },
    lines: [{ id: 70000 + n, variantId: VARIANT, sku: "LAMP-1", quantity: 1 }],
    ...extra,
  });
}
const send = (action: Action, topic: string, payload: unknown, o: Parameters<typeof signedWebhook>[2] = {}) =>
  call(action, signedWebhook(topic, payload, { shop, ...o }));
const level = (available: number, sec: number) => inventoryLevelPayload(ITEM, LOCATION, available, at(sec));
const openLines = () =>
  prisma.backorderLine.findMany({ where: { shop, status: "backordered" }, orderBy: { orderCreatedAt: "asc" } });

describe("webhooks -> backorder lines", () => {
  it("turns orders/create + inventory_levels/update into backorder lines", async () => {
    expect((await send(inventoryUpdate, "inventory_levels/update", level(1, 0))).status).toBe(200);
    await send(ordersCreate, "orders/create", order(1, "web", 10));
    await send(ordersCreate, "orders/create", order(2, "pos", 20));
    // Both orders are known when the shortage lands, so the reason can name both channels.
    await waitForIdle();
    await send(inventoryUpdate, "inventory_levels/update", level(-1, 20));
    await waitForIdle();
    const lines = await openLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      orderName: "#1002",
      channel: "pos",
      sku: "LAMP-1",
      quantityBackordered: 1,
      quantityOrdered: 1,
      status: "backordered",
      reasonCode: "multi_channel_oversell",
      locationId: BigInt(LOCATION),
      customerEmail: "c2@example.com",
    });
    const events = await prisma.backorderEvent.findMany({ where: { shop, backorderLineId: lines[0].id } });
    expect(events.map((e) => e.kind)).toEqual(["detected"]);
  });

  it("processes the same delivery three times once", async () => {
    await send(inventoryUpdate, "inventory_levels/update", level(-1, 5));
    const body = order(1, "web", 1);
    for (let i = 0; i < 3; i++) {
      const res = await send(ordersCreate, "orders/create", body, { webhookId: "same-webhook-id" });
      expect(res.status).toBe(200);
    }
    await waitForIdle();
    expect(await prisma.webhookDelivery.count({ where: { shop, webhookId: "same-webhook-id" } })).toBe(1);
    expect(await prisma.backorderLine.count({ where: { shop } })).toBe(1);
    expect(await prisma.backorderEvent.count({ where: { shop } })).toBe(1);
  });

  it("answers 401 to a bad signature and stores nothing", async () => {
    const res = await send(ordersCreate, "orders/create", order(1, "web", 1), { secret: "not-the-app-secret" });
    expect(res.status).toBe(401);
    await waitForIdle();
    expect(await prisma.webhookDelivery.count({ where: { shop } })).toBe(0);
    expect(await prisma.order.count({ where: { shop } })).toBe(0);
  });

  it("orders inventory updates by updated_at, not arrival", async () => {
    await send(ordersCreate, "orders/create", order(1, "web", 1));
    await send(ordersCreate, "orders/create", order(2, "web", 2));
    // Newest first: -2 (t=30) arrives before 0 (t=20) and 3 (t=10).
    await send(inventoryUpdate, "inventory_levels/update", level(-2, 30));
    await waitForIdle();
    await send(inventoryUpdate, "inventory_levels/update", level(0, 20));
    await send(inventoryUpdate, "inventory_levels/update", level(3, 10));
    await waitForIdle();
    const stored = await prisma.inventoryLevel.findFirstOrThrow({ where: { shop } });
    expect(stored.available).toBe(-2);
    expect((await openLines()).map((l) => l.orderName)).toEqual(["#1001", "#1002"]);
    const skipped = await prisma.webhookDelivery.count({ where: { shop, status: "skipped" } });
    expect(skipped).toBe(2);
  });

  it("backorders exactly the 20 latest of 60 orders across 3 channels against 40 units", async () => {
    const channels = ["web", "pos", "amazon"];
    const deliveries: [Action, string, unknown, Date][] = [];
    for (let n = 1; n <= 60; n++) {
      deliveries.push([ordersCreate, "orders/create", order(n, channels[n % 3], n), at(n)]);
      deliveries.push([inventoryUpdate, "inventory_levels/update", level(40 - n, n), at(n)]);
    }
    // Deterministic shuffle: arrival order says nothing.
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    deliveries.sort(() => rand() - 0.5);
    const responses = await Promise.all(
      deliveries.map(([a, topic, body, t]) => send(a, topic, body, { triggeredAt: t })),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    await waitForIdle(120_000);
    const lines = await openLines();
    expect(lines.map((l) => l.orderName)).toEqual(Array.from({ length: 20 }, (_, i) => `#${1041 + i}`));
    expect(lines.reduce((n, l) => n + l.quantityBackordered, 0)).toBe(20);
    expect(new Set(lines.map((l) => l.channel))).toEqual(new Set(channels));
  });

  it("resolves and cancels lines when orders are cancelled or stock arrives", async () => {
    for (let n = 1; n <= 4; n++) await send(ordersCreate, "orders/create", order(n, "web", n));
    await send(inventoryUpdate, "inventory_levels/update", level(-2, 10));
    await waitForIdle();
    expect((await openLines()).map((l) => l.orderName)).toEqual(["#1003", "#1004"]);

    // The latest, backordered order is cancelled. Until Shopify's inventory update for the
    // cancellation lands, the unit short falls on the next latest order...
    await send(ordersCancelled, "orders/cancelled", order(4, "web", 4, { cancelledAt: at(20), updatedAt: at(20) }));
    await waitForIdle();
    const cancelled = await prisma.backorderLine.findFirstOrThrow({ where: { shop, orderName: "#1004" } });
    expect(cancelled.status).toBe("cancelled");
    expect((await openLines()).map((l) => l.orderName)).toEqual(["#1002", "#1003"]);
    // ...and when it does, the earlier order is served first again.
    await send(inventoryUpdate, "inventory_levels/update", level(-1, 21));
    await waitForIdle();
    expect((await openLines()).map((l) => l.orderName)).toEqual(["#1003"]);
    const served = await prisma.backorderLine.findFirstOrThrow({ where: { shop, orderName: "#1002" } });
    expect(served).toMatchObject({ status: "resolved", reasonCode: "single_channel_oversell" });

    // A restock covers the rest.
    await send(inventoryUpdate, "inventory_levels/update", level(5, 30));
    await waitForIdle();
    expect(await openLines()).toHaveLength(0);
    const resolved = await prisma.backorderLine.findFirstOrThrow({ where: { shop, orderName: "#1003" } });
    expect(resolved.status).toBe("resolved");
    const trail = await prisma.backorderEvent.findMany({ where: { backorderLineId: resolved.id }, orderBy: { id: "asc" } });
    expect(trail.map((e) => [e.kind, e.reasonCode])).toEqual([
      ["detected", "single_channel_oversell"],
      ["resolved", "stock_available"],
    ]);
  });

  it("resolves the latest backorder when an earlier order that consumed stock is cancelled", async () => {
    for (let n = 1; n <= 3; n++) await send(ordersCreate, "orders/create", order(n, "web", n));
    await send(inventoryUpdate, "inventory_levels/update", level(-1, 10));
    await waitForIdle();
    expect((await openLines()).map((l) => l.orderName)).toEqual(["#1003"]);

    // #1001 is served from stock, not backordered. Its cancellation alone changes nothing: the
    // unit it held comes back only with Shopify's inventory update...
    await send(ordersCancelled, "orders/cancelled", order(1, "web", 1, { cancelledAt: at(20), updatedAt: at(20) }));
    await waitForIdle();
    expect((await openLines()).map((l) => l.orderName)).toEqual(["#1003"]);
    // ...which releases it to the latest backordered order.
    await send(inventoryUpdate, "inventory_levels/update", level(0, 21));
    await waitForIdle();
    expect(await openLines()).toHaveLength(0);
    const released = await prisma.backorderLine.findFirstOrThrow({ where: { shop, orderName: "#1003" } });
    expect(released.status).toBe("resolved");
    const trail = await prisma.backorderEvent.findMany({ where: { backorderLineId: released.id }, orderBy: { id: "asc" } });
    expect(trail.map((e) => [e.kind, e.fromStatus, e.toStatus, e.fromQuantity, e.toQuantity, e.reasonCode])).toEqual([
      ["detected", null, "backordered", null, 1, "single_channel_oversell"],
      ["resolved", "backordered", "resolved", 1, 0, "stock_available"],
    ]);
    expect(trail[1].source).toMatch(/^webhook:/);
  });

  it("maps variants to inventory items from products/update", async () => {
    const VARIANT_2 = 990002;
    const ITEM_2 = 880002;
    const product = {
      id: 1234,
      title: "Desk lamp",
      updated_at: at(0).toISOString(),
      variants: [
        { id: VARIANT_2, sku: "LAMP-2", title: "Brass", inventory_item_id: ITEM_2, inventory_policy: "deny", inventory_quantity: 0 },
        { id: "990003", sku: "", title: "Steel", inventory_item_id: "880003", inventory_policy: "continue" },
      ],
    };
    expect((await send(productsUpdate, "products/update", product)).status).toBe(200);
    await waitForIdle();
    expect(await prisma.inventoryItem.findUniqueOrThrow({ where: { shop_id: { shop, id: 880003n } } })).toMatchObject({
      variantId: 990003n, sku: null, title: "Desk lamp — Steel", inventoryPolicy: "CONTINUE",
    });

    await send(inventoryUpdate, "inventory_levels/update", inventoryLevelPayload(ITEM_2, LOCATION, -1, at(5)));
    await send(ordersCreate, "orders/create", orderPayload({
      id: 6001, name: "#2001", sourceName: "amazon", createdAt: at(4),
      lines: [{ id: 71001, variantId: VARIANT_2, sku: "LAMP-2", quantity: 1 }],
    }));
    await waitForIdle();
    expect(await openLines()).toEqual([
      expect.objectContaining({ orderName: "#2001", sku: "LAMP-2", inventoryItemId: BigInt(ITEM_2), variantId: BigInt(VARIANT_2), channel: "amazon" }),
    ]);
  });

  it("orders deliveries without X-Shopify-Triggered-At by the payload's updated_at", async () => {
    // Newer first, both without the header (older API versions): the payload's updated_at decides.
    for (const [available, sec, webhookId] of [[4, 30, "newer"], [9, 20, "older"]] as const) {
      const req = signedWebhook("inventory_levels/update", level(available, sec), { shop, webhookId });
      req.headers.delete("x-shopify-triggered-at");
      expect((await call(inventoryUpdate, req)).status).toBe(200);
      await waitForIdle();
    }
    const older = await prisma.webhookDelivery.findFirstOrThrow({ where: { shop, webhookId: "older" } });
    // Nothing is parsed on the acknowledgement path: the header's absence is stored as such.
    expect(older).toMatchObject({ triggeredAt: null, status: "skipped", statusReason: "a newer inventory level is already stored" });
    const stored = await prisma.inventoryLevel.findUniqueOrThrow({ where: { shop_inventoryItemId_locationId: { shop, inventoryItemId: BigInt(ITEM), locationId: BigInt(LOCATION) } } });
    expect(stored).toMatchObject({ available: 4, sourceUpdatedAt: at(30), sourceTriggeredAt: null });
  });
});
