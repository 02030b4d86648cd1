// Recovery test support: the built-in Shopify emulator over HTTP (real 2026-01 schema, cost limits,
// holds with Shopify's 10-per-app limit and handle rules, splits, edits, refunds, cancellations,
// idempotency keys), its signed webhooks handed to the app's real routes, processed by the real
// delivery worker code, and recovery runs as the job performs them — all on a virtual clock.
// Import AFTER test/setup/database (first import of the test file).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createShopifyEmulator, type SeedProduct } from "../../app/emulator";
import { DEFAULT_SCOPES } from "../../app/config.server";
import { createVirtualClock, setClock } from "../../app/clock.server";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../support/test-env";
import { SUBSCRIBED_TOPICS } from "../../app/webhooks/topics";

export async function startRecoveryHarness(start: Date) {
  // A virtual clock a test may also rewind (each test a fresh shop starting on the same day).
  const base = createVirtualClock(start);
  let offset = 0;
  const clock = {
    now: () => new Date(base.now().getTime() + offset),
    set: (to: Date) => {
      if (to.getTime() > clock.now().getTime()) offset = to.getTime() - base.now().getTime();
    },
    advance: (ms: number) => void (offset += ms),
    rewind: (to: Date) => void (offset = to.getTime() - base.now().getTime()),
  };
  setClock(clock.now);
  const emulator = createShopifyEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: TEST_APP_URL, scopes: DEFAULT_SCOPES, clock: clock.now, bucket: { maximum: 100_000, restoreRate: 10_000 }, webhooks: { topics: SUBSCRIBED_TOPICS } });
  const server = http.createServer(emulator.nodeHandler());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.env.SHOPIFY_EMULATOR_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Whatever the test imported before: the Shopify library's calls reach this emulator.
  await import("../../app/shopify.server");
  (await import("../../app/shopify/emulator-fetch.server")).installEmulatorFetch(process.env.SHOPIFY_EMULATOR_URL);
  const { default: prisma } = await import("../../app/db.server");
  const { createRouteTransport } = await import("../../app/scenario/route-transport.server");
  const { drainDeliveries } = await import("../../app/jobs/delivery-worker.server");
  const { syncShopInventory } = await import("../../app/services/inventory-sync.server");
  const { closeWebhookIntake } = await import("../../app/services/webhook-intake.server");
  const { setAdminTransport, libraryAdminTransport } = await import("../../app/shopify/admin-client.server");
  const { stopQueue } = await import("../../app/jobs/queue.server");
  const { runRecovery } = await import("../../app/services/recovery/run.server");
  const { resetClock } = await import("../../app/clock.server");

  emulator.setWebhookTransport(await createRouteTransport(TEST_APP_URL));
  /** Every Admin operation the app sent, by name (with its variables). */
  const operations: { name: string; variables: Record<string, unknown> | undefined }[] = [];
  setAdminTransport(async (shop, query, variables) => {
    operations.push({ name: /(?:query|mutation) (\w+)/.exec(query)![1], variables });
    return libraryAdminTransport(shop, query, variables);
  });

  let n = 0;
  return {
    emulator,
    clock,
    prisma,
    operations,
    mutations: () => operations.filter((o) => !o.name.startsWith("BackorderPilotOrderRecovery") && !/Query|Snapshot|Locations|Orders|ShopInfo/.test(o.name)).map((o) => o.name),
    /** A fresh shop: seeded in the emulator, installed (offline session) and synced through the Admin API. */
    async shop(products: SeedProduct[], o: { prefix?: string; locations?: string[]; timezone?: string; country?: string; tax?: { rate: number; title?: string } } = {}) {
      const shop = `${o.prefix ?? "recovery"}-${++n}.myshopify.com`;
      const seeded = emulator.seed(shop, { locations: o.locations ?? ["Main"], products, ianaTimezone: o.timezone ?? "America/New_York", countryCode: o.country ?? "US", name: "Lamp Shop", ...(o.tax ? { tax: o.tax } : {}) });
      await prisma.session.create({ data: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: DEFAULT_SCOPES.join(","), accessToken: emulator.issueAccessToken(shop) } });
      await prisma.shop.create({ data: { domain: shop, installedAt: clock.now() } });
      await syncShopInventory(shop);
      return { ...seeded, emulated: seeded.shop, shop };
    },
    /** Delivers every queued webhook, each processed before the next (the pipeline, deterministically). */
    async deliver() {
      await emulator.flushWebhooks({ sequential: true, afterEach: async () => void (await drainDeliveries({ batchSize: 500 })) });
      await drainDeliveries({ batchSize: 500 });
    },
    /** A recovery run as the job performs it, at the clock's time; then the webhooks it caused. */
    async recover(shop: string) {
      const r = await runRecovery(shop, clock.now(), { admin: { maxAttempts: 1 } });
      await this.deliver();
      return r;
    },
    async stop() {
      setAdminTransport(null);
      await closeWebhookIntake();
      await stopQueue();
      resetClock();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export type RecoveryHarness = Awaited<ReturnType<typeof startRecoveryHarness>>;

/** A fulfillment order as the emulator holds it: "<status>:<lineItem>x<remaining>,...:<handles>". */
export function foState(h: RecoveryHarness, shop: string, orderId: number): string[] {
  const order = h.emulator.order(shop, orderId);
  const sku = (lineItemId: number) => order.lineItems.find((l) => l.id === lineItemId)?.sku ?? String(lineItemId);
  return order.fulfillmentOrders
    .filter((fo) => fo.status !== "CLOSED" && fo.status !== "CANCELLED")
    .map((fo) => `${fo.status}:${fo.lines.filter((l) => l.remainingQuantity > 0).map((l) => `${sku(l.lineItemId)}x${l.remainingQuantity}`).join(",")}:${fo.holds.map((hd) => hd.handle).join(",")}`);
}
