// Replays a scenario through the real pipeline on a virtual clock: emulator shop seeded from the
// file, install sync through the Admin API, then every event as Shopify would deliver it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { resolveTime, type Scenario } from "./scenario-schema";
import { createShopifyEmulator, type ShopifyEmulator } from "../emulator";
import { SUBSCRIBED_TOPICS } from "../webhooks/topics";
import { createVirtualClock, resetClock, setClock } from "../clock.server";
import { STATUS_LABELS, type BackorderStatus } from "../domain/backorder-status";
import type { ScenarioEscalation, ScenarioPurchaseOrder } from "./replenishment-replay.server";
import type { ScenarioNotification, ScenarioPromise, ScenarioPromiseRange } from "./promise-replay.server";

export type ScenarioResult = {
  scenario: string;
  backorders: {
    order: string;
    sku: string | null;
    quantity: number;
    channel: string;
    status: string;
    statusLabel: string;
    location: string;
    detectedAt: string;
    /** The range the line is promised now (null once it stopped waiting, or while none can be given). */
    promise: ScenarioPromise;
    /** Every range the customer was given, oldest first. */
    promiseHistory: ScenarioPromiseRange[];
  }[];
  purchaseOrders: ScenarioPurchaseOrder[];
  escalations: ScenarioEscalation[];
  /** Stock that reached waiting lines (restocks, receipts, units other orders released). */
  allocations: import("./recovery-replay.server").ScenarioAllocation[];
  notifications: ScenarioNotification[];
  metrics: {
    oversellEvents: number;
    autoResolved: number;
    escalated: number;
    duplicatePurchaseOrders: number;
    detectionToSubmitSeconds: { median: number | null; max: number | null };
  };
  replay: { events: number; webhooksDelivered: number; ignoredEvents: { index: number; type: string; reason: string }[]; wallMs: number };
};

export type ReplayOptions = {
  /** Called with the emulator before events run (benchmarks watch the backlog). */
  onReady?: (emulator: ShopifyEmulator) => void;
  /** Wait for the pipeline after every event (default) or only at the end (throughput runs). */
  settleEachEvent?: boolean;
};

const SHOP = "scenario-replay.myshopify.com";
const API_KEY = "backorder-pilot-scenario";
const API_SECRET = "backorder-pilot-scenario-secret";
const APP_URL = "http://localhost:3000";

/**
 * Requires DATABASE_URL pointing at a fresh, migrated database. Sets the app environment, so it
 * runs in a process of its own (scripts/scenario.ts).
 */
export async function replayScenario(s: Scenario, options: ReplayOptions = {}): Promise<ScenarioResult> {
  const wallStart = Date.now();
  const start = new Date(s.start);
  const clock = createVirtualClock(start);
  setClock(clock.now);

  const emulator = createShopifyEmulator({ apiKey: API_KEY, apiSecret: API_SECRET, appUrl: APP_URL, clock: clock.now, scopes: [], bucket: { maximum: 1_000_000, restoreRate: 100_000 }, webhooks: { topics: SUBSCRIBED_TOPICS } });
  const server = http.createServer(emulator.nodeHandler());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  Object.assign(process.env, {
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: APP_URL,
    SHOPIFY_EMULATOR_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
  // A second replay in the same process (tests) talks to its own emulator (the first import of the
  // Shopify module installs it; a later replay re-points it).
  await import("../shopify.server");
  (await import("../shopify/emulator-fetch.server")).installEmulatorFetch(process.env.SHOPIFY_EMULATOR_URL);

  const { default: prisma } = await import("../db.server");
  const { drainDeliveries } = await import("../jobs/delivery-worker.server");
  const { runLocationLookups } = await import("../services/location-lookup.server");
  const { closeWebhookIntake } = await import("../services/webhook-intake.server");
  const { stopQueue } = await import("../jobs/queue.server");
  // Deterministic: every delivery is processed (and every lookup it made due is answered) before
  // the next one is sent, in the order Shopify emits them.
  const settleAll = async () => {
    for (;;) {
      const n = await drainDeliveries({ batchSize: 500 });
      const r = await runLocationLookups(SHOP);
      if (n === 0 && r.calls === 0) return;
    }
  };
  const { syncShopInventory } = await import("../services/inventory-sync.server");
  const { createRouteTransport } = await import("./route-transport.server");
  const replenishment = await import("./replenishment-replay.server");
  const promises = await import("./promise-replay.server");
  const recovery = await import("./recovery-replay.server");
  let standIns: Awaited<ReturnType<typeof replenishment.startReplayStandIns>> | null = null;
  const { DEFAULT_SCOPES } = await import("../config.server");

  try {
    // The shop as the scenario describes it.
    emulator.addShop(SHOP, { ianaTimezone: s.timezone, name: s.name, countryCode: promises.countryForTimezone(s.timezone) ?? undefined });
    const locationIds = new Map(s.locations.map((l) => [l.id, emulator.addLocation(SHOP, l.name)]));
    emulator.seedProducts(
      SHOP,
      s.products.map((p) => ({
        title: p.title,
        variants: [
          {
            sku: p.sku,
            price: p.price,
            inventoryPolicy: p.backorder?.allowed ? "CONTINUE" : "DENY",
            inventory: Object.fromEntries(Object.entries(p.inventory).map(([loc, qty]) => [String(locationIds.get(loc)), qty])),
          },
        ],
      })),
    );
    const transport = await createRouteTransport(APP_URL);
    emulator.setWebhookTransport(transport);

    // Install: offline session (token from the emulator), then the initial sync through the Admin API.
    await prisma.session.create({
      data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: DEFAULT_SCOPES.join(","), accessToken: emulator.issueAccessToken(SHOP) },
    });
    await prisma.shop.create({ data: { domain: SHOP, installedAt: start } });
    await syncShopInventory(SHOP);
    // Replenishment: suppliers, offers and settings from the file; suppliers, mailboxes and Slack
    // are real local stand-ins on the virtual clock.
    standIns = await replenishment.startReplayStandIns(s, clock.now);
    await replenishment.seedReplenishment(SHOP, s, standIns);
    await promises.seedPromiseSettings(SHOP, s);
    await recovery.seedRecoverySettings(SHOP, s);
    const timed: { at: Date; run: () => void }[] = [];
    options.onReady?.(emulator);

    const events = s.events.map((e, index) => ({ e, index, at: resolveTime(e.at, start) })).sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);
    const orderIds = new Map<string, number>();
    const ignored: ScenarioResult["replay"]["ignoredEvents"] = [];
    let delivered = 0;
    const settle = options.settleEachEvent !== false;
    for (const { e, index, at } of events) {
      // Windows close, submissions retry and outages end at their own virtual times in between.
      // Promises follow each replenishment run (a PO created, submitted) at its own virtual time.
      if (settle) await replenishment.advanceReplenishment(SHOP, clock, at, timed, (t) => promises.settlePromises(SHOP, t));
      clock.set(at);
      switch (e.type) {
        case "order": {
          const o = emulator.placeOrder(SHOP, {
            name: e.id,
            channel: e.channel,
            location: locationIds.get(e.location ?? s.locations[0].id),
            customer: e.customer ? { email: e.customer.email } : null,
            lines: e.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
          });
          orderIds.set(e.id, o.id);
          break;
        }
        case "cancel":
          emulator.cancelOrder(SHOP, orderIds.get(e.order)!, { restock: true });
          break;
        case "restock":
          emulator.adjustInventory(SHOP, { sku: e.sku, location: locationIds.get(e.location)!, delta: e.quantity });
          break;
        case "supplierDown":
          timed.push({ at: resolveTime(e.until, start), run: replenishment.supplierDown(s, standIns, e.supplier) });
          break;
        case "poReceived": {
          const problem = await replenishment.poReceived(SHOP, emulator, e);
          if (problem) ignored.push({ index, type: e.type, reason: problem });
          break;
        }
        case "advance":
          break;
      }
      // Deterministic replay: each delivery is processed before the next is sent, in the order
      // Shopify emits them (orders/create, then the inventory updates it causes).
      delivered += await emulator.flushWebhooks(settle ? { sequential: true, afterEach: settleAll } : {});
      if (settle) await replenishment.settleReplenishment(SHOP, clock.now());
      // What a worker does after commit, in place: promises refreshed, metafields written, notices sent.
      if (settle) await promises.settlePromises(SHOP, clock.now());
      // Recovery after the promises (an "allocated" email follows a notice the customer got).
      if (settle) await recovery.settleRecovery(SHOP, clock.now(), async () => void (await emulator.flushWebhooks({ sequential: true, afterEach: settleAll })));
    }
    await settleAll();
    await replenishment.settleReplenishment(SHOP, clock.now());
    await promises.settlePromises(SHOP, clock.now());
    await recovery.settleRecovery(SHOP, clock.now(), async () => void (await emulator.flushWebhooks({ sequential: true, afterEach: settleAll })));
    await promises.settlePromises(SHOP, clock.now());
    const replenished = await replenishment.replenishmentResult(SHOP);
    const recovered = await recovery.recoveryResult(SHOP);
    const promised = await promises.promiseResult(SHOP);

    const lines = await prisma.backorderLine.findMany({ where: { shop: SHOP }, orderBy: [{ orderCreatedAt: "asc" }, { id: "asc" }] });
    const locationNames = new Map([...locationIds].map(([id, emId]) => [String(emId), id]));
    const result: ScenarioResult = {
      scenario: s.name,
      backorders: lines.map((l) => ({
        order: l.orderName,
        sku: l.sku,
        quantity: l.quantityBackordered,
        channel: l.channel,
        status: l.status,
        statusLabel: STATUS_LABELS[l.status as BackorderStatus] ?? l.status,
        location: locationNames.get(l.locationId.toString()) ?? l.locationId.toString(),
        detectedAt: l.detectedAt.toISOString(),
        promise: promised.byLine.get(l.id.toString())?.promise ?? null,
        promiseHistory: promised.byLine.get(l.id.toString())?.promiseHistory ?? [],
      })),
      purchaseOrders: replenished.purchaseOrders,
      escalations: replenished.escalations,
      allocations: recovered.allocations,
      notifications: promised.notifications,
      metrics: {
        oversellEvents: new Set(lines.map((l) => `${l.inventoryItemId}:${l.locationId}`)).size,
        autoResolved: lines.filter((l) => l.status === "resolved").length,
        escalated: replenished.escalated,
        duplicatePurchaseOrders: replenished.duplicatePurchaseOrders,
        detectionToSubmitSeconds: replenished.detectionToSubmitSeconds,
      },
      replay: { events: events.length, webhooksDelivered: delivered, ignoredEvents: ignored, wallMs: Date.now() - wallStart },
    };
    return result;
  } finally {
    await standIns?.stop();
    await closeWebhookIntake();
    await stopQueue();
    await new Promise<void>((r) => server.close(() => r()));
    resetClock();
  }
}
