// Every Admin operation the app sends goes through the emulator, over HTTP, via the app's own
// Admin client and the Shopify library's fetch — exactly the path production takes to Shopify:
// token exchange by authenticate.admin, THROTTLED answers retried by adminGraphql.
import "../setup/database";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyEmulator } from "../../app/emulator";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../support/test-env";
import { DEFAULT_SCOPES } from "../../app/config.server";
import { adminRequest } from "../support/admin-request";

const SHOP = "emulated.myshopify.com";
const EXCHANGE_SHOP = "exchange.myshopify.com";
const SMALL_BUCKET_SHOP = "small-bucket.myshopify.com";
// Emulator time follows real time from a fixed start, plus whatever the tests skip ahead (the
// session tokens the tests sign use real time, so the emulator must not drift far from it).
let skippedMs = 0;
const clock = () => new Date(Date.now() + skippedMs);
const emulator = createShopifyEmulator({
  apiKey: TEST_API_KEY,
  apiSecret: TEST_API_SECRET,
  appUrl: TEST_APP_URL,
  clock,
  scopes: DEFAULT_SCOPES,
  webhookTransport: async () => ({ status: 200 }),
});
const { locations } = emulator.seed(SHOP, {
  ianaTimezone: "Europe/Berlin",
  currencyCode: "EUR",
  locations: ["Main", "Outlet"],
  products: [
    { title: "Lamp", variants: [{ sku: "LAMP-1", inventory: { Main: 2, Outlet: 1 } }] },
    { title: "Desk", variants: [{ sku: "DESK-1", inventory: { Main: 0 }, inventoryPolicy: "CONTINUE" }] },
  ],
});
emulator.seed(EXCHANGE_SHOP, { locations: ["Store"], products: [{ title: "Mug", variants: [{ sku: "MUG-1", inventory: { Store: 5 } }] }] });
// Two points per second, four at most: the third SHOP_INFO_QUERY (2 points: shop, shopAddress) in a row is throttled.
emulator.seed(SMALL_BUCKET_SHOP, { locations: ["Main"], bucket: { maximum: 4, restoreRate: 2 } });

const server = http.createServer(emulator.nodeHandler());
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
process.env.SHOPIFY_EMULATOR_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const { default: prisma } = await import("../../app/db.server");
const { adminGraphql, AdminApiError } = await import("../../app/shopify/admin-client.server");
const { authenticate } = await import("../../app/shopify.server");
const { stopQueue } = await import("../../app/jobs/queue.server");
const ops = await import("../../app/shopify/operations");

const storeSession = (shop: string) =>
  prisma.session.create({
    data: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: DEFAULT_SCOPES.join(","), accessToken: emulator.issueAccessToken(shop) },
  });

beforeAll(async () => {
  await storeSession(SHOP);
  await storeSession(SMALL_BUCKET_SHOP);
});
afterAll(async () => {
  await stopQueue(); // afterAuth (token exchange) enqueued the initial sync
  await new Promise<void>((r) => server.close(() => r()));
});

describe("Admin API through the emulator, via the app's client", () => {
  it("authenticate.admin exchanges the session token with the emulator and stores the offline token", async () => {
    expect(await prisma.session.findUnique({ where: { id: `offline_${EXCHANGE_SHOP}` } })).toBeNull();
    const { session } = await authenticate.admin(adminRequest(EXCHANGE_SHOP, "/app"));
    expect(session).toMatchObject({ shop: EXCHANGE_SHOP, isOnline: false, accessToken: expect.stringMatching(/^shpat_/) });
    const stored = await prisma.session.findUnique({ where: { id: `offline_${EXCHANGE_SHOP}` } });
    expect(stored?.accessToken).toBe(session.accessToken);
    const info = await adminGraphql<{ shop: { myshopifyDomain: string } }>(EXCHANGE_SHOP, ops.SHOP_INFO_QUERY);
    expect(info.shop.myshopifyDomain).toBe(EXCHANGE_SHOP);
  });

  it("answers SHOP_INFO_QUERY and LOCATIONS_QUERY", async () => {
    const info = await adminGraphql<{ shop: { myshopifyDomain: string; ianaTimezone: string; currencyCode: string } }>(SHOP, ops.SHOP_INFO_QUERY);
    expect(info.shop).toMatchObject({ myshopifyDomain: SHOP, ianaTimezone: "Europe/Berlin", currencyCode: "EUR" });
    const locs = await adminGraphql<{ locations: { nodes: { name: string }[]; pageInfo: { hasNextPage: boolean } } }>(SHOP, ops.LOCATIONS_QUERY, { first: 1 });
    expect(locs.locations.nodes.map((l) => l.name)).toEqual(["Main"]);
    expect(locs.locations.pageInfo.hasNextPage).toBe(true);
  });

  it("answers INVENTORY_SNAPSHOT_QUERY with Shopify's quantity names", async () => {
    type Snap = { productVariants: { nodes: { sku: string; inventoryPolicy: string; inventoryItem: { inventoryLevels: { nodes: { quantities: { name: string; quantity: number }[] }[] } } }[] } };
    const snap = await adminGraphql<Snap>(SHOP, ops.INVENTORY_SNAPSHOT_QUERY, { first: ops.INVENTORY_PAGE_SIZE });
    expect(snap.productVariants.nodes.map((v) => [v.sku, v.inventoryPolicy])).toEqual([["LAMP-1", "DENY"], ["DESK-1", "CONTINUE"]]);
    expect(snap.productVariants.nodes[0].inventoryItem.inventoryLevels.nodes.map((l) => l.quantities[0])).toEqual([
      { name: "available", quantity: 2 },
      { name: "available", quantity: 1 },
    ]);
  });

  it("answers the assigned-location lookups and OPEN_ORDERS_QUERY for a placed order", async () => {
    const order = emulator.placeOrder(SHOP, { channel: "web", location: locations.Main, customer: { email: "a@example.com" }, lines: [{ sku: "LAMP-1", quantity: 3 }] });
    type Fo = { id: string; orderId: string; assignedLocation: { location: { id: string } }; lineItems: { nodes: { remainingQuantity: number; lineItem: { id: string } }[] } };
    const byOrder = await adminGraphql<{ nodes: { fulfillmentOrders: { nodes: Fo[] } }[] }>(SHOP, ops.ORDER_FULFILLMENT_LOCATIONS_QUERY, {
      ids: [`gid://shopify/Order/${order.id}`], lines: ops.FO_LINE_ITEMS_PAGE,
    });
    const fo = byOrder.nodes[0].fulfillmentOrders.nodes[0];
    expect(fo.assignedLocation.location.id).toBe(`gid://shopify/Location/${locations.Main}`);
    expect(fo.lineItems.nodes[0]).toEqual({ id: expect.stringMatching(/^gid:\/\/shopify\/FulfillmentOrderLineItem\//), totalQuantity: 3, remainingQuantity: 3, lineItem: { id: `gid://shopify/LineItem/${order.lineItems[0].id}` } });
    const byFo = await adminGraphql<{ nodes: Fo[] }>(SHOP, ops.FULFILLMENT_ORDER_LOCATIONS_QUERY, { ids: [fo.id], lines: ops.FO_LINE_ITEMS_PAGE });
    expect(byFo.nodes).toEqual([expect.objectContaining({ id: fo.id, orderId: `gid://shopify/Order/${order.id}`, status: "OPEN" })]);
    type Open = { orders: { nodes: { name: string; sourceName: string; lineItems: { nodes: { unfulfilledQuantity: number }[] } }[] } };
    const open = await adminGraphql<Open>(SHOP, ops.OPEN_ORDERS_QUERY, { first: ops.OPEN_ORDERS_PAGE_SIZE, query: "status:open fulfillment_status:unfulfilled" });
    expect(open.orders.nodes).toEqual([expect.objectContaining({ name: order.name, sourceName: "web" })]);
    // The oversell shows in the level: 2 on hand, 3 committed.
    type Lvl = { productVariants: { nodes: { inventoryItem: { inventoryLevels: { nodes: { quantities: { quantity: number }[] }[] } } }[] } };
    const lvl = await adminGraphql<Lvl>(SHOP, ops.INVENTORY_SNAPSHOT_QUERY, { first: 1 });
    expect(lvl.productVariants.nodes[0].inventoryItem.inventoryLevels.nodes[0].quantities[0].quantity).toBe(-1);
  });

  it("fails an invalid query the way Shopify does", async () => {
    const err = await adminGraphql(SHOP, `query { shop { id notAField } }`).catch((e) => e);
    expect(err).toBeInstanceOf(AdminApiError);
    expect((err as { code: string }).code).toBe("undefinedField");
    expect((err as { errors: { message: string }[] }).errors[0].message).toBe("Field 'notAField' doesn't exist on type 'Shop'");
  });

  it("THROTTLED through the Shopify library: the client waits for the bucket to refill and retries", async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      skippedMs += ms; // the bucket refills on the emulator's clock
    };
    for (let i = 0; i < 3; i++) {
      const r = await adminGraphql<{ shop: { myshopifyDomain: string } }>(SMALL_BUCKET_SHOP, ops.SHOP_INFO_QUERY, undefined, { sleep });
      expect(r.shop.myshopifyDomain).toBe(SMALL_BUCKET_SHOP);
    }
    // Calls 1 and 2 drain the bucket; call 3 is throttled once, waits ~1 s (2 points at 2/s), succeeds.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(waits[0]).toBeLessThan(2000);
  });

  it("a page of INVENTORY_SNAPSHOT_QUERY fits the bucket; back-to-back pages are throttled and retried", async () => {
    // A shop on a 905-point bucket (1/s): a snapshot page requests ~900 points up front and is
    // refunded to its actual cost, so the second call in a row finds too little left.
    let t = Date.parse("2026-05-01T08:00:00Z");
    const small = createShopifyEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: TEST_APP_URL, clock: () => new Date(t), bucket: { maximum: 905, restoreRate: 1 } });
    small.seed(SHOP, { locations: ["Main"], products: [{ title: "Lamp", variants: [{ sku: "LAMP-1", inventory: { Main: 1 } }] }] });
    const token = small.issueAccessToken(SHOP);
    const bodies: { errors?: { extensions?: { code?: string } }[]; extensions?: { cost?: { actualQueryCost: number } } }[] = [];
    const transport = async (_shop: string, query: string, variables?: Record<string, unknown>) => {
      const res = await small.handle(
        new Request(`http://emulator/shops/${SHOP}/admin/api/2026-01/graphql.json`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-shopify-access-token": token },
          body: JSON.stringify({ query, variables }),
        }),
      );
      const body = await res.json();
      bodies.push(body);
      return body;
    };
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      t += ms;
    };
    for (let i = 0; i < 2; i++) await adminGraphql(SHOP, ops.INVENTORY_SNAPSHOT_QUERY, { first: ops.INVENTORY_PAGE_SIZE }, { transport, sleep });
    const codes = bodies.map((b) => b.errors?.[0]?.extensions?.code ?? "ok");
    expect(codes).toEqual(["ok", "THROTTLED", "ok"]);
    expect(bodies[0].extensions?.cost?.actualQueryCost).toBeLessThan(50);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(500);
  });

  it("rejects requests without a valid access token", async () => {
    const res = await fetch(`${process.env.SHOPIFY_EMULATOR_URL}/shops/${SHOP}/admin/api/2026-01/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": "shpat_forged" },
      body: JSON.stringify({ query: "{ shop { id } }" }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  });
});
