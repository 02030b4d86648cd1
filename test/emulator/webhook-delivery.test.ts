// Webhooks as Shopify sends them: REST payloads shaped like the captured samples, signed with the
// app secret, X-Shopify-* headers, at-least-once with duplicates (same webhook id), shuffling,
// delays, and retries on Shopify's schedule — all on the emulator's virtual clock.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RETRY_SCHEDULE_MS, type WebhookTransport } from "../../app/emulator";
import { shopTime } from "../../app/emulator/rest-payloads";
import { TEST_API_SECRET, TEST_APP_URL } from "../support/test-env";
import { createFixture, SHOP, START } from "./emulator-fixture";

type Sent = { url: string; headers: Record<string, string>; body: string; at: number };

function recorder(status: (n: number) => number | "throw" = () => 200) {
  const sent: Sent[] = [];
  let clockNow = () => 0;
  const transport: WebhookTransport = async (url, init) => {
    sent.push({ url, headers: init.headers, body: init.body, at: clockNow() });
    const s = status(sent.length);
    if (s === "throw") throw new TypeError("fetch failed");
    return { status: s };
  };
  return { sent, transport, setClock: (c: () => number) => (clockNow = c) };
}

const SAMPLES = path.resolve(__dirname, "../../../shared/shopify/webhook-samples");
const haveSamples = fs.existsSync(SAMPLES);
const sample = (name: string) => JSON.parse(fs.readFileSync(path.join(SAMPLES, name), "utf8")) as Record<string, any>;

/** Keys the emulator sends that no captured sample has, and keys whose JSON type differs. */
function shapeDiff(actual: Record<string, unknown>, samples: Record<string, unknown>[]): string[] {
  const problems: string[] = [];
  for (const [k, v] of Object.entries(actual)) {
    const seen = samples.filter((s) => k in s).map((s) => s[k]);
    if (seen.length === 0) problems.push(`unknown key ${k}`);
    const kinds = new Set(seen.filter((x) => x !== null).map((x) => (Array.isArray(x) ? "array" : typeof x)));
    if (v !== null && kinds.size > 0 && !kinds.has(Array.isArray(v) ? "array" : typeof v)) problems.push(`${k}: ${typeof v} where samples have ${[...kinds].join("/")}`);
  }
  return problems;
}

describe("webhook requests", () => {
  it("are signed with the app secret over the raw body and carry Shopify's headers", async () => {
    const rec = recorder();
    const f = createFixture({ webhookTransport: rec.transport });
    const order = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 1 }] });
    await f.emulator.flushWebhooks();
    expect(rec.sent.map((s) => s.url)).toEqual([
      `${TEST_APP_URL}/webhooks/orders/create`,
      `${TEST_APP_URL}/webhooks/inventory_levels/update`,
      `${TEST_APP_URL}/webhooks/fulfillment_orders/order_routing_complete`,
    ]);
    for (const s of rec.sent) {
      const expected = crypto.createHmac("sha256", TEST_API_SECRET).update(s.body, "utf8").digest("base64");
      expect(s.headers["x-shopify-hmac-sha256"]).toBe(expected);
      const tampered = crypto.createHmac("sha256", TEST_API_SECRET).update(s.body.replace("1", "2"), "utf8").digest("base64");
      expect(s.headers["x-shopify-hmac-sha256"]).not.toBe(tampered);
      expect(s.headers).toMatchObject({
        "content-type": "application/json",
        "x-shopify-shop-domain": SHOP,
        "x-shopify-api-version": "2026-01",
        "x-shopify-triggered-at": new Date(START).toISOString(),
        "x-shopify-webhook-id": expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        "x-shopify-event-id": expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    }
    expect(rec.sent[0].headers["x-shopify-topic"]).toBe("orders/create");
    expect(JSON.parse(rec.sent[0].body).id).toBe(order.id);
  });

  it("are reproducible: the same seed gives the same webhook ids", () => {
    const ids = (seed: number) => {
      const f = createFixture({ seed });
      f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 1 }] });
      return f.emulator.webhooks.queue.map((w) => w.webhookId);
    };
    expect(ids(5)).toEqual(ids(5));
    expect(ids(5)).not.toEqual(ids(6));
  });

  it("are only sent for subscribed topics when subscriptions are given", async () => {
    const rec = recorder();
    const f = createFixture({ webhookTransport: rec.transport, webhooks: { topics: ["orders/create"] } });
    f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 1 }] });
    await f.emulator.flushWebhooks();
    expect(rec.sent.map((s) => s.headers["x-shopify-topic"])).toEqual(["orders/create"]);
  });
});

describe.skipIf(!haveSamples)("payloads match the captured samples", () => {
  const orderSamples = () =>
    ["orders-create--web-multi-line-multi-qty.json", "orders-create--pos.json", "orders-cancelled--customer-refunded.json", "orders-create--custom-line-item-app-source.json", "orders-updated--web-test-order.json"].map(sample);

  it("orders/create: keys and JSON types as Shopify's, times in the shop's offset, customer or null, POS location", () => {
    const f = createFixture();
    f.emulator.placeOrder(SHOP, { channel: "web", customer: { email: "ana@example.com", firstName: "Ana" }, lines: [{ sku: "DESK-L", quantity: 2 }] });
    f.emulator.placeOrder(SHOP, { channel: "pos", location: "Outlet", lines: [{ sku: "LAMP-1", quantity: 1 }] });
    const [web, pos] = f.emulator.webhooks.queue.filter((w) => w.topic === "orders/create").map((w) => JSON.parse(w.body));
    const samples = orderSamples();
    expect(shapeDiff(web, samples)).toEqual([]);
    expect(shapeDiff(web.line_items[0], samples.flatMap((s) => s.line_items))).toEqual([]);
    expect(shapeDiff(web.customer, samples.filter((s) => s.customer).map((s) => s.customer))).toEqual([]);
    expect(web).toMatchObject({
      source_name: "web",
      created_at: "2026-03-02T04:00:00-05:00", // 09:00Z in New York (EST)
      location_id: null,
      name: "#1001",
      order_number: 1001,
      customer: { email: "ana@example.com", first_name: "Ana" },
    });
    expect(web.line_items[0]).toMatchObject({ sku: "DESK-L", quantity: 2, current_quantity: 2, fulfillable_quantity: 2, variant_title: "Large", name: "Oak Desk - Large", price: "320.00" });
    expect(pos).toMatchObject({ source_name: "pos", location_id: f.locations.outlet, customer: null, app_id: 129785 });
  });

  it("orders/cancelled: current quantities 0, cancel reason, original quantities kept", () => {
    const f = createFixture();
    const order = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "DESK-L", quantity: 2 }] });
    f.clock.advance(60_000);
    f.emulator.cancelOrder(SHOP, order.id, { restock: true });
    const cancelled = JSON.parse(f.emulator.webhooks.queue.find((w) => w.topic === "orders/cancelled")!.body);
    expect(shapeDiff(cancelled, orderSamples())).toEqual([]);
    expect(cancelled).toMatchObject({ cancel_reason: "customer", cancelled_at: "2026-03-02T04:01:00-05:00", updated_at: "2026-03-02T04:01:00-05:00", current_total_price: "0.00", total_price: "640.00" });
    expect(cancelled.line_items[0]).toMatchObject({ quantity: 2, current_quantity: 0, fulfillable_quantity: 0 });
  });

  it("inventory_levels/update: exactly the sample's keys", () => {
    const f = createFixture();
    f.emulator.adjustInventory(SHOP, { sku: "LAMP-1", location: "Outlet", delta: 4 });
    const body = JSON.parse(f.emulator.webhooks.queue[0].body);
    expect(Object.keys(body).sort()).toEqual(Object.keys(sample("inventory-levels-update--basic.json")).sort());
    const item = f.emulator.shop(SHOP).variantBySku("LAMP-1")!.inventoryItemId;
    expect(body).toMatchObject({ inventory_item_id: item, location_id: f.locations.outlet, available: 5, updated_at: "2026-03-02T04:00:00-05:00" });
    expect(body.admin_graphql_api_id).toMatch(new RegExp(`^gid://shopify/InventoryLevel/\\d+\\?inventory_item_id=${item}$`));
  });

  it("products/update: keys and types as the samples", () => {
    const f = createFixture();
    f.emulator.updateProduct(SHOP, "DESK-L", { variants: { "DESK-L": { inventoryPolicy: "DENY" } } });
    const body = JSON.parse(f.emulator.webhooks.queue[0].body);
    const samples = [sample("products-update--multi-variant.json"), sample("products-update--draft-with-category.json")];
    expect(shapeDiff(body, samples)).toEqual([]);
    expect(shapeDiff(body.variants[0], samples.flatMap((s) => s.variants))).toEqual([]);
    expect(body.variants.map((v: any) => [v.sku, v.inventory_policy])).toEqual([["DESK-S", "continue"], ["DESK-L", "deny"]]);
  });

  it("the comparison itself catches an invented key and a wrong JSON type", () => {
    expect(shapeDiff({ id: "1", invented: 1 }, [{ id: 1 }])).toEqual(["id: string where samples have number", "unknown key invented"]);
  });
});

describe("REST timestamps", () => {
  it("carry the shop's UTC offset through daylight saving time and in half-hour zones", () => {
    expect(shopTime(new Date("2026-01-15T12:00:00.789Z"), "America/New_York")).toBe("2026-01-15T07:00:00-05:00");
    expect(shopTime(new Date("2026-07-15T12:00:00Z"), "America/New_York")).toBe("2026-07-15T08:00:00-04:00");
    // The spring-forward instant and the second before it.
    expect(shopTime(new Date("2026-03-08T06:59:59Z"), "America/New_York")).toBe("2026-03-08T01:59:59-05:00");
    expect(shopTime(new Date("2026-03-08T07:00:00Z"), "America/New_York")).toBe("2026-03-08T03:00:00-04:00");
    expect(shopTime(new Date("2026-07-15T12:00:00Z"), "Asia/Kolkata")).toBe("2026-07-15T17:30:00+05:30");
    expect(shopTime(new Date("2026-07-15T23:30:00Z"), "Pacific/Auckland")).toBe("2026-07-16T11:30:00+12:00");
    expect(shopTime(new Date("2026-07-15T12:00:00Z"), "UTC")).toBe("2026-07-15T12:00:00+00:00");
  });
});

describe("at-least-once delivery", () => {
  it("duplicates keep the same webhook id, body and signature", async () => {
    const rec = recorder();
    const f = createFixture({ webhookTransport: rec.transport, webhooks: { duplicateRate: 1 } });
    f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 1 }] });
    await f.emulator.flushWebhooks();
    expect(rec.sent).toHaveLength(6); // orders/create, inventory_levels/update, order_routing_complete: twice each
    const byId = new Map<string, Sent[]>();
    for (const s of rec.sent) byId.set(s.headers["x-shopify-webhook-id"], [...(byId.get(s.headers["x-shopify-webhook-id"]) ?? []), s]);
    expect([...byId.values()].map((g) => g.length)).toEqual([2, 2, 2]);
    for (const [a, b] of byId.values()) {
      expect(a.body).toBe(b.body);
      expect(a.headers["x-shopify-hmac-sha256"]).toBe(b.headers["x-shopify-hmac-sha256"]);
    }
  });

  it("shuffles due deliveries (reproducibly for a seed)", async () => {
    const order = async (seed: number, shuffle: boolean) => {
      const rec = recorder();
      const f = createFixture({ webhookTransport: rec.transport, webhooks: { shuffle }, seed });
      for (let i = 0; i < 6; i++) f.emulator.adjustInventory(SHOP, { sku: "LAMP-1", location: "Main Warehouse", delta: 1 });
      await f.emulator.flushWebhooks({ sequential: true });
      return rec.sent.map((s) => JSON.parse(s.body).available as number);
    };
    expect(await order(3, false)).toEqual([3, 4, 5, 6, 7, 8]);
    const shuffled = await order(3, true);
    expect(shuffled).not.toEqual([3, 4, 5, 6, 7, 8]);
    expect([...shuffled].sort()).toEqual([3, 4, 5, 6, 7, 8]);
    expect(await order(3, true)).toEqual(shuffled);
  });

  it("delays deliveries up to maxDelayMs on the emulator clock", async () => {
    const rec = recorder();
    const f = createFixture({ webhookTransport: rec.transport, webhooks: { maxDelayMs: 30_000 } });
    f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 1 }] });
    const due = f.emulator.webhooks.queue.map((w) => w.dueAt - START);
    expect(due.every((d) => d >= 0 && d < 30_000)).toBe(true);
    expect(await f.emulator.deliverDue(new Date(START + Math.min(...due) - 1))).toBe(0);
    f.clock.advance(30_000);
    expect(await f.emulator.flushWebhooks()).toBe(3);
  });

  it("retries failures on Shopify's schedule, on the virtual clock, until a 2xx", async () => {
    const f = createFixture();
    const rec = recorder((n) => (n <= 3 ? 500 : n === 4 ? "throw" : 200));
    rec.setClock(() => f.clock.now().getTime() - START);
    f.emulator.setWebhookTransport(rec.transport);
    f.emulator.adjustInventory(SHOP, { sku: "LAMP-1", location: "Outlet", delta: 1 });
    // Drive the clock from due time to due time, as a replay does.
    for (let guard = 0; guard < 20; guard++) {
      await f.emulator.flushWebhooks();
      const next = f.emulator.webhooks.nextDueAt();
      if (next === null) break;
      f.clock.set(next);
    }
    const schedule = RETRY_SCHEDULE_MS.slice(0, 4).reduce<number[]>((acc, d) => [...acc, acc[acc.length - 1] + d], [0]);
    expect(rec.sent.map((s) => s.at)).toEqual(schedule);
    expect(new Set(rec.sent.map((s) => s.headers["x-shopify-webhook-id"])).size).toBe(1);
    expect(f.emulator.webhooks.log.map((l) => [l.attempt, l.status])).toEqual([[0, 500], [1, 500], [2, 500], [3, "error"], [4, 200]]);
    expect(f.emulator.webhooks.queue).toEqual([]);
  });

  it("gives up after 8 retries over about 4 hours", async () => {
    const f = createFixture();
    const rec = recorder(() => 503);
    rec.setClock(() => f.clock.now().getTime() - START);
    f.emulator.setWebhookTransport(rec.transport);
    f.emulator.adjustInventory(SHOP, { sku: "LAMP-1", location: "Outlet", delta: 1 });
    for (let next = f.emulator.webhooks.nextDueAt(); next !== null; next = f.emulator.webhooks.nextDueAt()) {
      f.clock.set(next);
      await f.emulator.flushWebhooks();
    }
    expect(rec.sent).toHaveLength(9);
    const span = rec.sent[8].at / 3_600_000;
    expect(span).toBeGreaterThan(3.5);
    expect(span).toBeLessThan(4.5);
    expect(f.emulator.webhooks.abandoned).toHaveLength(1);
  });

  it("nothing is sent before it is due: virtual-time callers control delivery", async () => {
    const rec = recorder(() => 500);
    const f = createFixture({ webhookTransport: rec.transport });
    f.emulator.adjustInventory(SHOP, { sku: "LAMP-1", location: "Outlet", delta: 1 });
    await f.emulator.flushWebhooks();
    f.clock.advance(RETRY_SCHEDULE_MS[0] - 1);
    await f.emulator.flushWebhooks();
    expect(rec.sent).toHaveLength(1);
    f.clock.advance(1);
    await f.emulator.flushWebhooks();
    expect(rec.sent).toHaveLength(2);
  });

  it("live mode delivers on a real timer", async () => {
    const rec = recorder();
    const f = createFixture({ webhookTransport: rec.transport, clock: () => new Date() });
    f.emulator.startLiveDelivery(10);
    try {
      f.emulator.adjustInventory(SHOP, { sku: "LAMP-1", location: "Outlet", delta: 1 });
      for (let i = 0; i < 100 && rec.sent.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(rec.sent).toHaveLength(1);
    } finally {
      f.emulator.stopLiveDelivery();
    }
  });
});
