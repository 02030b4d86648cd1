// Every captured real payload goes through its route and handler: processed, or skipped with a
// reason — never failed, never a crash. Malformed bodies get a 4xx or a failed delivery with the
// reason, and leave no half-written rows.
import "../setup/database";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { startTestWorker, stopTestWorker, waitForIdle } from "../support/worker";
import { signedWebhook } from "../support/signed-webhook";
import { callAction, type RouteAction } from "../support/call-route";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create";
import { action as ordersUpdated } from "../../app/routes/webhooks.orders.updated";
import { action as ordersCancelled } from "../../app/routes/webhooks.orders.cancelled";
import { action as inventoryUpdate } from "../../app/routes/webhooks.inventory_levels.update";
import { action as productsUpdate } from "../../app/routes/webhooks.products.update";
import { action as appUninstalled } from "../../app/routes/webhooks.app.uninstalled";
import { action as customersRedact } from "../../app/routes/webhooks.customers.redact";
import { action as customersDataRequest } from "../../app/routes/webhooks.customers.data_request";

const SAMPLES = path.resolve(__dirname, "../../../shared/shopify/webhook-samples");

// File prefix -> (topic, route). shop-update stands in for app/uninstalled (same shop serializer).
const ROUTES: [string, string, RouteAction][] = [
  ["orders-create--", "orders/create", ordersCreate],
  ["orders-updated--", "orders/updated", ordersUpdated],
  ["orders-cancelled--", "orders/cancelled", ordersCancelled],
  ["inventory-levels-update--", "inventory_levels/update", inventoryUpdate],
  ["products-update--", "products/update", productsUpdate],
  ["shop-update--", "app/uninstalled", appUninstalled],
  ["customers-redact--", "customers/redact", customersRedact],
  ["customers-data-request--", "customers/data_request", customersDataRequest],
];

const files = fs.readdirSync(SAMPLES).filter((f) => f.endsWith(".json")).sort();

beforeAll(async () => {
  await startTestWorker();
});
afterAll(async () => {
  await stopTestWorker();
});

describe("captured webhook samples", () => {
  it("covers every sample file with a route", () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const f of files) expect(ROUTES.some(([p]) => f.startsWith(p)), f).toBe(true);
  });

  it.each(files)("%s is processed or skipped with a reason", async (file) => {
    const [, topic, action] = ROUTES.find(([p]) => file.startsWith(p))!;
    const shop = `samples-${file.replace(/[^a-z0-9]/gi, "").slice(0, 30).toLowerCase()}.myshopify.com`;
    await prisma.location.create({ data: { shop, id: 36167909473n, name: "Main" } });
    const body = fs.readFileSync(path.join(SAMPLES, file), "utf8");
    const res = await callAction(action, signedWebhook(topic, null, { shop, rawBody: body }));
    expect(res.status).toBe(200);
    await waitForIdle();
    const d = await prisma.webhookDelivery.findFirstOrThrow({ where: { shop } });
    expect(["processed", "skipped"], `${file}: ${d.status} ${d.statusReason}`).toContain(d.status);
    if (d.status === "skipped") expect(d.statusReason).toBeTruthy();

    if (topic.startsWith("orders/")) {
      const payload = JSON.parse(body);
      const tracked = payload.line_items.filter((l: { variant_id: unknown; gift_card: boolean }) => l.variant_id && !l.gift_card);
      expect(await prisma.orderLine.count({ where: { shop } })).toBe(tracked.length);
      if (tracked.length === 0) expect(d.statusReason).toMatch(/custom line item|gift card/);
      if (payload.cancelled_at) expect(await prisma.orderLine.count({ where: { shop, openQuantity: { gt: 0 } } })).toBe(0);
      const order = await prisma.order.findFirstOrThrow({ where: { shop } });
      expect(order.channel).toBe(String(payload.source_name));
    }
    if (topic === "products/update") {
      const payload = JSON.parse(body);
      expect(await prisma.inventoryItem.count({ where: { shop } })).toBe(payload.variants.length);
    }
    if (topic === "inventory_levels/update") {
      const lvl = await prisma.inventoryLevel.findFirstOrThrow({ where: { shop } });
      expect(lvl.available).toBe(0);
    }
  });
});

describe("malformed bodies", () => {
  const shop = "malformed.myshopify.com";
  const send = (action: RouteAction, topic: string, rawBody: string) =>
    callAction(action, signedWebhook(topic, null, { shop, rawBody }));

  it("answers 400 to a correctly signed body that is not a JSON object, storing nothing", async () => {
    for (const body of ["not json", "[1, 2]", "", "   "]) {
      const res = await send(ordersCreate, "orders/create", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await prisma.webhookDelivery.count({ where: { shop } })).toBe(0);
  });

  it("stores a truncated JSON body (nothing is parsed on the acknowledgement path) and fails it with the reason", async () => {
    const res = await send(ordersCreate, "orders/create", '{"id": 1, "line_items": [');
    expect(res.status).toBe(200);
    await waitForIdle();
    const [d] = await prisma.webhookDelivery.findMany({ where: { shop } });
    expect(d).toMatchObject({ status: "failed", attempts: 1 });
    expect(d.statusReason).toMatch(/^body is not valid JSON \(/);
    expect(await prisma.order.count({ where: { shop } })).toBe(0);
  });

  it.each([
    ["missing line_items", { id: 9001, created_at: "2026-01-01T00:00:00Z", source_name: "web" }, /line_items/],
    ["quantity not a number", { id: 9002, created_at: "2026-01-01T00:00:00Z", line_items: [{ id: 1, variant_id: 2, quantity: "lots" }] }, /quantity/],
    ["id of the wrong type", { id: { nested: true }, created_at: "2026-01-01T00:00:00Z", line_items: [] }, /id/],
    ["bad timestamp", { id: 9003, created_at: "yesterday", line_items: [] }, /created_at/],
  ])("parks an order with %s as failed with the reason", async (_name, body, reason) => {
    const res = await send(ordersCreate, "orders/create", JSON.stringify(body));
    expect(res.status).toBe(200);
    await waitForIdle();
    const d = await prisma.webhookDelivery.findFirstOrThrow({ where: { shop }, orderBy: { id: "desc" } });
    expect(d.status).toBe("failed");
    expect(d.statusReason).toMatch(reason);
    expect(await prisma.order.count({ where: { shop } })).toBe(0);
    expect(await prisma.backorderLine.count({ where: { shop } })).toBe(0);
  });

  it("accepts numbers sent as strings", async () => {
    const res = await send(
      inventoryUpdate,
      "inventory_levels/update",
      JSON.stringify({ inventory_item_id: "123", location_id: "456", available: "-2", updated_at: "2026-01-01T00:00:00Z" }),
    );
    expect(res.status).toBe(200);
    await waitForIdle();
    expect(await prisma.inventoryLevel.findFirstOrThrow({ where: { shop } })).toMatchObject({ available: -2 });
  });

  it("answers 400 when Shopify's headers are missing", async () => {
    const req = signedWebhook("orders/create", { id: 1 }, { shop });
    req.headers.delete("x-shopify-topic");
    const res = await callAction(ordersCreate, req);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
