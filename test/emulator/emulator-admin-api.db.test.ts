// Every Admin operation the app sends goes through the emulator, over HTTP, via the app's own
// Admin client and the Shopify library's fetch — exactly the path production takes to Shopify.
import "../setup/database";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyEmulator } from "../../app/emulator";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../support/test-env";
import { DEFAULT_SCOPES } from "../../app/config.server";

const SHOP = "emulated.myshopify.com";
// Emulator time follows real time from a fixed start, plus whatever the throttle test skips ahead.
let clockMs = Date.parse("2026-05-01T08:00:00Z");
const realStart = Date.now();
const emulator = createShopifyEmulator({
  apiKey: TEST_API_KEY,
  apiSecret: TEST_API_SECRET,
  appUrl: TEST_APP_URL,
  clock: () => new Date(clockMs + (Date.now() - realStart)),
  scopes: DEFAULT_SCOPES,
  bucket: { maximum: 2000, restoreRate: 100 },
});
emulator.addShop(SHOP, { ianaTimezone: "Europe/Berlin", currencyCode: "EUR" });
const main = emulator.addLocation(SHOP, "Main");
emulator.addLocation(SHOP, "Outlet");
emulator.seedProducts(SHOP, [
  { title: "Lamp", variants: [{ sku: "LAMP-1", inventory: { Main: 2, Outlet: 1 } }] },
  { title: "Desk", variants: [{ sku: "DESK-1", inventory: { Main: 0 }, inventoryPolicy: "CONTINUE" }] },
]);
const server = http.createServer(emulator.nodeHandler());
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
process.env.SHOPIFY_EMULATOR_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const { default: prisma } = await import("../../app/db.server");
const { adminGraphql, AdminApiError } = await import("../../app/shopify/admin-client.server");
const ops = await import("../../app/shopify/operations");

beforeAll(async () => {
  await prisma.session.create({
    data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: DEFAULT_SCOPES.join(","), accessToken: emulator.issueAccessToken(SHOP) },
  });
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("Admin API through the emulator", () => {
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

  it("answers ORDER_ASSIGNMENTS_QUERY and OPEN_ORDERS_QUERY for a placed order", async () => {
    const order = emulator.placeOrder(SHOP, { channel: "web", location: main, customer: { email: "a@example.com" }, lines: [{ sku: "LAMP-1", quantity: 3 }] });
    type Assign = { order: { fulfillmentOrders: { nodes: { assignedLocation: { location: { id: string } }; lineItems: { nodes: { remainingQuantity: number; inventoryItemId: string }[] } }[] } } };
    const a = await adminGraphql<Assign>(SHOP, ops.ORDER_ASSIGNMENTS_QUERY, { id: `gid://shopify/Order/${order.id}` });
    expect(a.order.fulfillmentOrders.nodes[0].assignedLocation.location.id).toBe(`gid://shopify/Location/${main}`);
    expect(a.order.fulfillmentOrders.nodes[0].lineItems.nodes[0].remainingQuantity).toBe(3);
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

  it("throttles when the bucket cannot cover the requested cost, and the client waits and retries", async () => {
    // A shop on a small bucket (905 points, 1/s): a snapshot page requests ~900 points up front
    // and is refunded to its actual cost, so the second call in a row finds too little left.
    let t = Date.parse("2026-05-01T08:00:00Z");
    const small = createShopifyEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: TEST_APP_URL, clock: () => new Date(t), bucket: { maximum: 905, restoreRate: 1 } });
    small.addShop(SHOP);
    small.addLocation(SHOP, "Main");
    small.seedProducts(SHOP, [{ title: "Lamp", variants: [{ sku: "LAMP-1", inventory: { Main: 1 } }] }]);
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
      t += ms; // the emulator's bucket refills on its own clock
    };
    for (let i = 0; i < 2; i++) await adminGraphql(SHOP, ops.INVENTORY_SNAPSHOT_QUERY, { first: ops.INVENTORY_PAGE_SIZE }, { transport, sleep });
    const codes = bodies.map((b) => b.errors?.[0]?.extensions?.code ?? "ok");
    expect(codes).toEqual(["ok", "THROTTLED", "ok"]);
    expect(bodies[0].extensions?.cost?.actualQueryCost).toBeLessThan(50);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(500);
  });

  it("rejects requests without a valid access token", async () => {
    const res = await emulator.handle(
      new Request(`http://emulator/shops/${SHOP}/admin/api/2026-01/graphql.json`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": "shpat_forged" },
        body: JSON.stringify({ query: "{ shop { id } }" }),
      }),
    );
    expect(res.status).toBe(401);
  });
});
