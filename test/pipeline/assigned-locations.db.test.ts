// Where an online order's lines ship from, on a two-location shop, through the emulator over HTTP
// (real 2026-01 schema, cost limits, outages) and the app's real routes, worker and lookup job:
// learned from fulfillment_orders/* webhooks and batched minimal lookups — never guessed, and no
// per-order query. While Shopify cannot say, the line is visibly pending and no shortage is pinned
// on the wrong order; when it answers, the state is exactly the clean one.
import "../setup/database";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createShopifyEmulator } from "../../app/emulator";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../support/test-env";
import { DEFAULT_SCOPES } from "../../app/config.server";
import { SUBSCRIBED_TOPICS } from "../../app/webhooks/topics";

const emulator = createShopifyEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: TEST_APP_URL, scopes: DEFAULT_SCOPES, webhooks: { topics: SUBSCRIBED_TOPICS } });
const server = http.createServer(emulator.nodeHandler());
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
process.env.SHOPIFY_EMULATOR_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
process.env.ORDER_LOOKUP_GRACE_MS = "60000";

const { default: prisma } = await import("../../app/db.server");
const { createRouteTransport } = await import("../../app/scenario/route-transport.server");
const { drainDeliveries } = await import("../../app/jobs/delivery-worker.server");
const { runLocationLookups } = await import("../../app/services/location-lookup.server");
const { syncShopInventory } = await import("../../app/services/inventory-sync.server");
const { closeWebhookIntake } = await import("../../app/services/webhook-intake.server");
const { setAdminTransport, libraryAdminTransport } = await import("../../app/shopify/admin-client.server");
const { startQueue, stopQueue } = await import("../../app/jobs/queue.server");
const { createJobHandlers } = await import("../../app/jobs/job-handlers.server");
const { JOBS } = await import("../../app/jobs/job-names");

emulator.setWebhookTransport(await createRouteTransport(TEST_APP_URL));
const operations: string[] = [];
setAdminTransport(async (shop, query, variables) => {
  operations.push(/(?:query|mutation) (\w+)/.exec(query)![1]);
  return libraryAdminTransport(shop, query, variables);
});

let shopN = 0;
async function newShop(o: { main: number; outlet: number }) {
  const shop = `locations-${++shopN}.myshopify.com`;
  const { locations } = emulator.seed(shop, {
    locations: ["Main", "Outlet"],
    products: [{ title: "Lamp", variants: [{ sku: "LAMP-1", inventory: { Main: o.main, Outlet: o.outlet } }] }],
  });
  await prisma.session.create({ data: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: DEFAULT_SCOPES.join(","), accessToken: emulator.issueAccessToken(shop) } });
  await prisma.shop.create({ data: { domain: shop } });
  await syncShopInventory(shop);
  return { shop, locations };
}

/** Delivers every queued webhook and processes it; lookups only when asked. */
async function deliver(): Promise<void> {
  await emulator.flushWebhooks({ sequential: true });
  await drainDeliveries();
}

const lineState = (shop: string) =>
  prisma.orderLine.findMany({ where: { shop }, orderBy: { id: "asc" }, select: { locationId: true, locationSource: true } });
const backorders = (shop: string) =>
  prisma.backorderLine.findMany({ where: { shop }, orderBy: { id: "asc" } }).then((ls) => ls.map((l) => [l.orderName, l.locationId, l.status, l.quantityBackordered]));

afterEach(() => {
  operations.length = 0;
});
afterAll(async () => {
  setAdminTransport(null);
  await closeWebhookIntake();
  await stopQueue();
  await new Promise<void>((r) => server.close(() => r()));
});

/**
 * A POS sale at Main, then a web order Shopify routes to Main too (1 on hand): Main at -1. Same
 * value, so the later order — the web one — carries the shortage.
 */
function placeOrders(shop: string, locations: Record<string, number>) {
  const pos = emulator.placeOrder(shop, { name: "#POS-1", channel: "pos", location: locations.Main, lines: [{ sku: "LAMP-1", quantity: 1 }] });
  const web = emulator.placeOrder(shop, { name: "#WEB-2", channel: "web", location: locations.Main, lines: [{ sku: "LAMP-1", quantity: 1 }] });
  return { pos, web };
}

describe("assigned locations", () => {
  it("learns an online order's location from the routing webhook and one batched lookup", async () => {
    const { shop, locations } = await newShop({ main: 1, outlet: 5 });
    operations.length = 0;
    placeOrders(shop, locations);
    await deliver();
    // POS: the payload names the till's location. Web: waiting for Shopify — and no shortage is
    // pinned on the POS order meanwhile, though it is the only order known at Main.
    expect(await lineState(shop)).toEqual([
      { locationId: BigInt(locations.Main), locationSource: "payload" },
      { locationId: null, locationSource: "pending" },
    ]);
    expect(await backorders(shop)).toEqual([]);
    expect(operations).toEqual([]);

    const run = await runLocationLookups(shop);
    // One call for both fulfillment orders; the POS line's location is confirmed by it too.
    expect(run).toMatchObject({ calls: 1, fulfillmentOrders: 2, linesLocated: 2, remaining: 0, nextAt: null });
    expect(operations).toEqual(["BackorderPilotFulfillmentOrderLocations"]);
    expect(await lineState(shop)).toEqual([
      { locationId: BigInt(locations.Main), locationSource: "fulfillment_order" },
      { locationId: BigInt(locations.Main), locationSource: "fulfillment_order" },
    ]);
    expect(await backorders(shop)).toEqual([["#WEB-2", BigInt(locations.Main), "backordered", 1]]);
    // The order lookup that waited out its grace period is no longer needed.
    expect(await prisma.locationLookup.count({ where: { shop } })).toBe(0);
  });

  it("the lookup job queues the shop's promise refresh and recovery run when it moved backorders — the hold it planned is performed now, not at the next sweep", async () => {
    const { shop, locations } = await newShop({ main: 1, outlet: 5 });
    placeOrders(shop, locations);
    await deliver();
    await startQueue();
    const queued = async () =>
      (await prisma.$queryRaw<{ name: string }[]>`SELECT name FROM pgboss.job WHERE data->>'shop' = ${shop} AND state = 'created' ORDER BY name`).map((j) => j.name);
    expect(await queued()).toEqual([]);
    const lookups = createJobHandlers()[JOBS.lookupLocations];
    const run = await lookups({ shop }, { attempt: 1, retryLimit: 5 });
    expect(run).toMatchObject({ linesLocated: 2, positionsChanged: 1 });
    expect(await backorders(shop)).toEqual([["#WEB-2", BigInt(locations.Main), "backordered", 1]]);
    // The hold planned in the lookup's transaction, and the runs that carry it and the promise out.
    const web = await prisma.backorderLine.findFirstOrThrow({ where: { shop } });
    expect((await prisma.recoveryAction.findMany({ where: { shop } })).map((a) => [a.kind, a.key, a.status])).toEqual([["sync_holds", `holds:${web.orderId}`, "pending"]]);
    expect(await queued()).toEqual([JOBS.refreshPromises, JOBS.runRecovery]);
    // Nothing left to look up: a second run moves nothing and queues nothing more.
    await prisma.$executeRaw`DELETE FROM pgboss.job WHERE data->>'shop' = ${shop}`;
    expect(await lookups({ shop }, { attempt: 1, retryLimit: 5 })).toMatchObject({ calls: 0, positionsChanged: 0 });
    expect(await queued()).toEqual([]);
  });

  it("keeps lines pending while the Admin API is down and ends in the clean state when it is back", async () => {
    const { shop, locations } = await newShop({ main: 1, outlet: 5 });
    emulator.setAdminOutage(shop, "unavailable");
    placeOrders(shop, locations);
    await deliver();
    const down = await runLocationLookups(shop);
    expect(down.calls).toBe(0);
    expect(down.error).toMatch(/503|Service Unavailable|HttpRetriableError/i);
    // Deliveries are done (nothing waits on the Admin API); the line is visibly pending; no guess.
    expect(await prisma.webhookDelivery.count({ where: { shop, status: "received" } })).toBe(0);
    expect((await lineState(shop))[1]).toEqual({ locationId: null, locationSource: "pending" });
    expect(await backorders(shop)).toEqual([]);
    // Both routing lookups failed once and wait with backoff; the web order's own lookup still
    // waits out its grace period.
    const waiting = await prisma.locationLookup.findMany({ where: { shop }, orderBy: [{ kind: "asc" }, { targetId: "asc" }] });
    expect(waiting.map((l) => [l.kind, l.attempts])).toEqual([["fulfillment_order", 1], ["fulfillment_order", 1], ["order", 0]]);
    expect(waiting.filter((l) => l.kind === "fulfillment_order").every((l) => l.lastError !== null && l.notBefore > new Date())).toBe(true);

    emulator.setAdminOutage(shop, null);
    await prisma.locationLookup.updateMany({ where: { shop }, data: { notBefore: new Date(0) } });
    await runLocationLookups(shop);
    expect(await backorders(shop)).toEqual([["#WEB-2", BigInt(locations.Main), "backordered", 1]]);
    expect(await prisma.locationLookup.count({ where: { shop } })).toBe(0);
  });

  it("looks an order up by itself when no routing webhook comes within the grace period", async () => {
    const { shop, locations } = await newShop({ main: 1, outlet: 5 });
    placeOrders(shop, locations);
    // Lose every routing webhook.
    await emulator.flushWebhooks({ sequential: true });
    await prisma.webhookDelivery.deleteMany({ where: { shop, topic: "fulfillment_orders/order_routing_complete" } });
    await drainDeliveries();
    expect(await runLocationLookups(shop)).toMatchObject({ calls: 0 });
    await prisma.locationLookup.updateMany({ where: { shop, kind: "order" }, data: { notBefore: new Date(0) } });
    operations.length = 0;
    expect(await runLocationLookups(shop)).toMatchObject({ calls: 1, orders: 1 });
    expect(operations).toEqual(["BackorderPilotOrderFulfillmentLocations"]);
    expect(await backorders(shop)).toEqual([["#WEB-2", BigInt(locations.Main), "backordered", 1]]);
  });

  it("follows a fulfillment order moved to another location", async () => {
    const { shop, locations } = await newShop({ main: 1, outlet: 5 });
    const { web } = placeOrders(shop, locations);
    await deliver();
    await runLocationLookups(shop);
    expect(await backorders(shop)).toEqual([["#WEB-2", BigInt(locations.Main), "backordered", 1]]);
    // The merchant moves the web order to the Outlet: its 2 units now come from there.
    emulator.moveFulfillmentOrder(shop, emulator.order(shop, web.id).fulfillmentOrders[0].id, locations.Outlet);
    await deliver();
    await runLocationLookups(shop);
    expect((await lineState(shop))[1]).toEqual({ locationId: BigInt(locations.Outlet), locationSource: "fulfillment_order" });
    expect(await backorders(shop)).toEqual([["#WEB-2", BigInt(locations.Main), "resolved", 1]]);
    const events = await prisma.backorderEvent.findMany({ where: { shop }, orderBy: { id: "asc" } });
    // Resolved by the stock the move released at Main (its committed units left with it).
    expect(events.map((e) => [e.kind, e.reasonCode])).toEqual([["detected", "multi_channel_oversell"], ["resolved", "stock_available"]]);
  });
});
