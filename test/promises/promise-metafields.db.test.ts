// The shopper-facing metafields, end to end through the emulator over HTTP (the app's Admin client
// and the Shopify library, as in production): the install sync reads the shop's country, orders
// arrive as Shopify's signed webhooks, the refresh records what each owner's metafield should
// hold, the sender writes it — only what changed, each version once, batched, retried after an
// Admin outage with backoff, deleted when the variant is no longer backordered; a value Shopify
// refuses does not hold back the others.
import "../setup/database";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createShopifyEmulator } from "../../app/emulator";
import { createVirtualClock } from "../../app/clock.server";
import { DEFAULT_SCOPES } from "../../app/config.server";
import { SUBSCRIBED_TOPICS } from "../../app/webhooks/topics";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../support/test-env";

const SHOP = "metafields.myshopify.com";
const clock = createVirtualClock(new Date("2026-06-01T08:00:00Z")); // Monday 10:00 in Berlin
const emulator = createShopifyEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: TEST_APP_URL, clock: clock.now, scopes: DEFAULT_SCOPES, webhooks: { topics: SUBSCRIBED_TOPICS } });
emulator.seed(SHOP, {
  ianaTimezone: "Europe/Berlin",
  currencyCode: "EUR",
  countryCode: "DE",
  name: "Lampen & Co",
  locations: ["Main"],
  products: [
    { title: "Lamp", variants: [{ sku: "LAMP", price: 40, inventoryPolicy: "CONTINUE", inventory: { Main: 0 } }] },
    { title: "Shade", variants: [{ sku: "SHADE", price: 20, inventoryPolicy: "CONTINUE", inventory: { Main: 0 } }] },
  ],
});
const server = http.createServer(emulator.nodeHandler());
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
process.env.SHOPIFY_EMULATOR_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const { default: prisma } = await import("../../app/db.server");
const { setClock, resetClock } = await import("../../app/clock.server");
const { setAdminTransport, libraryAdminTransport } = await import("../../app/shopify/admin-client.server");
const { syncShopInventory } = await import("../../app/services/inventory-sync.server");
const { drainDeliveries } = await import("../../app/jobs/delivery-worker.server");
const { createRouteTransport } = await import("../../app/scenario/route-transport.server");
const { closeWebhookIntake } = await import("../../app/services/webhook-intake.server");
const { stopQueue } = await import("../../app/jobs/queue.server");
const { refreshPromises } = await import("../../app/services/promises/refresh.server");
const { sendPromiseMetafields, metafieldRetryDelayMs } = await import("../../app/services/promises/metafields.server");
const { saveOffer, saveSupplier } = await import("../../app/services/replenishment/suppliers.server");
const { runReplenishment } = await import("../../app/services/replenishment/run-replenishment.server");
const { confirmPurchaseOrder } = await import("../../app/services/replenishment/purchase-orders.server");
const { startSupplierApiStandIn } = await import("../../app/stand-ins");

setClock(clock.now);
const api = await startSupplierApiStandIn({ suppliers: { acme: { mode: "up" } }, clock: clock.now });
// Every Admin call the app makes, by operation.
const calls: { op: string; variables: Record<string, unknown> | undefined }[] = [];
setAdminTransport(async (shop, query, variables) => {
  calls.push({ op: /(?:query|mutation) (\w+)/.exec(query)![1], variables });
  return libraryAdminTransport(shop, query, variables);
});
const writes = () => calls.filter((c) => c.op === "BackorderPilotSetMetafields" || c.op === "BackorderPilotDeleteMetafields");

afterAll(async () => {
  setAdminTransport(null);
  resetClock();
  await api.stop();
  await closeWebhookIntake();
  await stopQueue();
  await new Promise<void>((r) => server.close(() => r()));
});

const shop = emulator.shop(SHOP);
const ns = emulator.appNamespace;
const lamp = shop.variantBySku("LAMP")!;
const shade = shop.variantBySku("SHADE")!;
const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;
const metafield = (ownerId: string, key: string) => {
  const m = shop.metafields.find((x) => x.ownerId === ownerId && x.namespace === ns && x.key === key);
  return m ? JSON.parse(m.value) : null;
};
const settle = async () => {
  for (;;) if ((await drainDeliveries({ batchSize: 500 })) === 0) return;
};
const rows = () => prisma.promiseMetafield.findMany({ where: { shop: SHOP }, orderBy: [{ ownerType: "asc" }, { ownerId: "asc" }], select: { ownerType: true, ownerId: true, version: true, sentVersion: true, failedVersion: true, attempts: true, lastError: true } });

describe("promise metafields through the Admin API", () => {
  it("writes each owner's value once, retries after an outage, refuses nothing it should not, deletes when no longer backordered", async () => {
    // Install: offline session, the sync through the Admin API (the shop's country: German holidays).
    await prisma.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: DEFAULT_SCOPES.join(","), accessToken: emulator.issueAccessToken(SHOP) } });
    await prisma.shop.create({ data: { domain: SHOP, installedAt: clock.now() } });
    await syncShopInventory(SHOP);
    expect(await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP }, select: { country: true, timezone: true, name: true } })).toEqual({ country: "DE", timezone: "Europe/Berlin", name: "Lampen & Co" });
    expect((await saveSupplier(SHOP, { id: "acme", name: "Acme", channel: "api", apiUrl: api.jsonUrl("acme") })).ok).toBe(true);
    for (const sku of ["LAMP", "SHADE"]) expect((await saveOffer(SHOP, { supplierId: "acme", sku, leadTimeDays: 5, unitCost: 10, lastUnitCostSeed: 10 })).ok).toBe(true);
    emulator.setWebhookTransport(await createRouteTransport(TEST_APP_URL));

    // Two orders: one lamp; one lamp and one shade. All three units backordered.
    const a = emulator.placeOrder(SHOP, { channel: "web", customer: { email: "a@example.com" }, lines: [{ sku: "LAMP", quantity: 1 }] });
    clock.advance(5_000);
    const b = emulator.placeOrder(SHOP, { channel: "web", customer: { email: "b@example.com" }, lines: [{ sku: "LAMP", quantity: 1 }, { sku: "SHADE", quantity: 1 }] });
    await emulator.flushWebhooks({ sequential: true, afterEach: settle });
    clock.advance(30_000);
    await runReplenishment(SHOP, clock.now());
    await refreshPromises(SHOP, clock.now());

    // First run: the definitions, then 4 values in one call (2 variants, 2 orders).
    let run = await sendPromiseMetafields(SHOP, clock.now());
    expect(run).toMatchObject({ written: 4, deleted: 0, refused: 0, retried: 0, nextAt: null });
    expect(calls.map((c) => c.op).filter((op) => op !== "BackorderPilotShopInfo" && !op.includes("Locations") && !op.includes("Inventory") && !op.includes("Orders"))).toEqual([
      "BackorderPilotCreateMetafieldDefinition",
      "BackorderPilotCreateMetafieldDefinition",
      "BackorderPilotSetMetafields",
    ]);
    expect((writes()[0].variables!.metafields as unknown[]).length).toBe(4);
    const window = { earliest: "2026-06-10", latest: "2026-06-12" };
    expect(metafield(gid("ProductVariant", lamp.id), "backorder_window")).toEqual({ v: 1, ...window });
    expect(metafield(gid("ProductVariant", shade.id), "backorder_window")).toEqual({ v: 1, ...window });
    expect(metafield(gid("Order", a.id), "line_promises")).toEqual({ v: 1, lines: { [gid("ProductVariant", lamp.id)]: { ...window, status: "backordered" } } });
    expect(metafield(gid("Order", b.id), "line_promises")).toEqual({
      v: 1,
      lines: { [gid("ProductVariant", lamp.id)]: { ...window, status: "backordered" }, [gid("ProductVariant", shade.id)]: { ...window, status: "backordered" } },
    });
    expect((await rows()).every((r) => r.version === 1 && r.sentVersion === 1)).toBe(true);

    // Nothing changed: no call at all, neither from the refresh nor from two senders at once.
    calls.length = 0;
    await refreshPromises(SHOP, clock.now());
    const [r1, r2] = await Promise.all([sendPromiseMetafields(SHOP, clock.now()), sendPromiseMetafields(SHOP, clock.now())]);
    expect([r1.written + r2.written, calls.length]).toEqual([0, 0]);

    // Tuesday: acme confirms Friday 5 June: the lamp's and shade's windows move (and both orders').
    clock.set(new Date("2026-06-02T08:00:00Z"));
    const po = await prisma.purchaseOrder.findFirstOrThrow({ where: { shop: SHOP } });
    expect((await confirmPurchaseOrder(SHOP, po.id, { eta: "2026-06-05", via: "test" })).ok).toBe(true);
    await refreshPromises(SHOP, clock.now());
    expect((await rows()).map((r) => [r.ownerType, r.version, r.sentVersion])).toEqual([
      ["order", 2, 1],
      ["order", 2, 1],
      ["variant", 2, 1],
      ["variant", 2, 1],
    ]);

    // The Admin API is down: nothing written, every row released for a retry with backoff.
    calls.length = 0;
    emulator.setAdminOutage(SHOP, "unavailable");
    run = await sendPromiseMetafields(SHOP, clock.now(), { admin: { maxAttempts: 1 } });
    expect(run).toMatchObject({ written: 0, retried: 4, nextAt: new Date(clock.now().getTime() + metafieldRetryDelayMs(1)) });
    expect(metafield(gid("ProductVariant", lamp.id), "backorder_window")).toEqual({ v: 1, ...window });
    expect((await rows()).map((r) => [r.sentVersion, r.attempts, r.lastError?.slice(0, 20)])).toEqual(Array(4).fill([1, 1, expect.any(String)]));
    // Back up; before the backoff has passed nothing is due.
    emulator.setAdminOutage(SHOP, null);
    expect(await sendPromiseMetafields(SHOP, clock.now())).toMatchObject({ written: 0, retried: 0 });
    clock.advance(metafieldRetryDelayMs(1));
    expect(await sendPromiseMetafields(SHOP, clock.now())).toMatchObject({ written: 4, retried: 0, nextAt: null });
    // The orders' lines ride on the confirmed PO: ships 8-11 June (a day early to two days late). A NEW lamp would not (the PO
    // carries no spare units): it waits for the next PO, 5-7 days from today: ships 11-15 June.
    const confirmed = { earliest: "2026-06-08", latest: "2026-06-11" };
    expect(metafield(gid("ProductVariant", lamp.id), "backorder_window")).toEqual({ v: 1, earliest: "2026-06-11", latest: "2026-06-15" });
    expect(metafield(gid("Order", b.id), "line_promises").lines[gid("ProductVariant", shade.id)]).toEqual({ ...confirmed, status: "backordered" });
    expect((await rows()).map((r) => [r.version, r.sentVersion, r.attempts, r.lastError])).toEqual(Array(4).fill([2, 2, 0, null]));
    // Each version was written once: the outage call failed, the retry carried version 2.
    expect(writes().map((c) => (c.variables!.metafields as unknown[]).length)).toEqual([4, 4]);

    // Order A disappears from Shopify (deleted): its value is refused, the others still go out.
    shop.orders.delete(a.id);
    clock.set(new Date("2026-06-03T08:00:00Z"));
    expect((await confirmPurchaseOrder(SHOP, po.id, { eta: "2026-06-08", via: "test" })).ok).toBe(true);
    await refreshPromises(SHOP, clock.now());
    run = await sendPromiseMetafields(SHOP, clock.now());
    expect(run).toMatchObject({ written: 3, refused: 1, nextAt: null });
    const refused = (await rows()).find((r) => r.ownerType === "order" && r.ownerId === BigInt(a.id))!;
    expect(refused).toMatchObject({ version: 3, sentVersion: 2, failedVersion: 3, lastError: "INVALID: Owner does not exist." });

    // The stock arrives: nothing is backordered any more. The variants' windows are deleted, and
    // both orders' promises (no line waits) — A's too: the newer version (none) supersedes the one
    // Shopify refused, and the value it holds from version 2 must go.
    clock.advance(60_000);
    emulator.adjustInventory(SHOP, { sku: "LAMP", location: "Main", delta: 2 });
    emulator.adjustInventory(SHOP, { sku: "SHADE", location: "Main", delta: 1 });
    await emulator.flushWebhooks({ sequential: true, afterEach: settle });
    await refreshPromises(SHOP, clock.now());
    calls.length = 0;
    run = await sendPromiseMetafields(SHOP, clock.now());
    expect(run).toMatchObject({ written: 0, deleted: 4, nextAt: null });
    expect(shop.metafields.filter((m) => m.namespace === ns)).toEqual([]);
    expect(writes().map((c) => c.op)).toEqual(["BackorderPilotDeleteMetafields"]);
  });
});
