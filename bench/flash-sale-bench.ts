// The flash sale in real time: N orders over D seconds on 200 SKUs, 3 channels, 2 locations,
// placed in the built-in emulator (this process), whose webhooks go over HTTP to the app's web
// process; worker process(es) process them and look up assigned locations through the emulator's
// Admin API under its cost limits (a Shopify Plus bucket: 1,000 points/s). Sampled every 200 ms:
// the age of the oldest delivery the app has stored but not processed. At the end: every backorder
// line the app holds, compared with the shortage computed here from the emulator's own books.
import http from "node:http";
import pg from "pg";
import type { AddressInfo } from "node:net";
import { freshDatabase, percentile, type Engine } from "./bench-database";
import { BENCH_SECRET, startWeb, startWorkerProcess } from "./bench-processes";
import { createShopifyEmulator } from "../app/emulator";
import { available as availableOf } from "../app/emulator/emulated-shop";
import { seededRandom } from "../app/emulator/seeded-random";
import { SUBSCRIBED_TOPICS } from "../app/webhooks/topics";

const SHOP = "flash-sale.myshopify.com";
const SKUS = 200;
const CHANNELS = ["web", "pos", "amazon"];

type Sample = { t: number; oldestPendingMs: number; pending: number; emulatorQueue: number; emulatorOldestMs: number };

export async function flashSaleBench(engine: Engine, orders: number, o: { seconds?: number; workers?: number } = {}) {
  const seconds = o.seconds ?? 60;
  const workers = o.workers ?? 1;
  const db = await freshDatabase(engine);
  const random = seededRandom(42);
  let appUrl = "";
  const emulator = createShopifyEmulator({
    apiKey: "bench-key", apiSecret: BENCH_SECRET, appUrl: () => appUrl,
    scopes: ["read_orders", "read_products", "read_inventory", "read_locations", "read_merchant_managed_fulfillment_orders"],
    bucket: { maximum: 10_000, restoreRate: 1_000 },
    webhooks: { topics: SUBSCRIBED_TOPICS },
  });
  const { locations } = emulator.seed(SHOP, {
    locations: ["Main", "Outlet"],
    products: Array.from({ length: SKUS }, (_, i) => ({
      title: `Flash item ${i}`,
      // Equal price per SKU and one unit per order: every order of a SKU has the same value, so
      // the policy's order is creation time — checkable here without the app's code.
      variants: [{ sku: `FLASH-${i}`, price: 20, inventory: { Main: Math.floor(random() * (orders / SKUS / 2)), Outlet: Math.floor(random() * (orders / SKUS / 4)) } }],
    })),
  });
  const emuServer = http.createServer(emulator.nodeHandler());
  await new Promise<void>((r) => emuServer.listen(0, "127.0.0.1", r));
  const emulatorUrl = `http://127.0.0.1:${(emuServer.address() as AddressInfo).port}`;

  // The app's environment in this process too (the install sync runs here).
  Object.assign(process.env, { DATABASE_URL: db.url, SHOPIFY_API_KEY: "bench-key", SHOPIFY_API_SECRET: BENCH_SECRET, SHOPIFY_EMULATOR_URL: emulatorUrl });
  const { default: prisma } = await import("../app/db.server");
  await prisma.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: "read_orders", accessToken: emulator.issueAccessToken(SHOP) } });
  await prisma.shop.create({ data: { domain: SHOP } });
  const { syncShopInventory } = await import("../app/services/inventory-sync.server");
  await syncShopInventory(SHOP);

  const env = { SHOPIFY_EMULATOR_URL: emulatorUrl };
  const web = await startWeb(db.url, env);
  appUrl = web.url;
  const procs = await Promise.all(Array.from({ length: workers }, () => startWorkerProcess(db.url, env)));

  const sampler = new pg.Client({ connectionString: db.url });
  await sampler.connect();
  const samples: Sample[] = [];
  let running = true;
  const t0 = Date.now();
  const sampling = (async () => {
    while (running) {
      const { rows } = await sampler.query<{ pending: string; oldest_ms: number | null }>(
        `SELECT count(*) AS pending, extract(epoch FROM (timezone('UTC', now()) - min("receivedAt"))) * 1000 AS oldest_ms
           FROM "WebhookDelivery" WHERE "status" = 'received'`,
      );
      const due = emulator.webhooks.nextDueAt();
      samples.push({
        t: Date.now() - t0, oldestPendingMs: Number(rows[0].oldest_ms ?? 0), pending: Number(rows[0].pending),
        emulatorQueue: emulator.webhooks.queue.length, emulatorOldestMs: due === null ? 0 : Math.max(0, Date.now() - due),
      });
      await new Promise((r) => setTimeout(r, 200));
    }
  })();

  // Deliver as fast as the app acknowledges (64 in flight), while orders keep coming — and after the
  // sale until everything settled: the app's own Admin calls (holds) make Shopify send more.
  let deliveringOn = true;
  const delivering = (async () => {
    while (deliveringOn) {
      const n = await emulator.deliverDue(new Date(), 64);
      if (n === 0) await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const placedAt: number[] = [];
  for (let i = 0; i < orders; i++) {
    const due = t0 + (i * seconds * 1000) / orders;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sku = Math.min(SKUS - 1, Math.floor(SKUS * random() ** 2));
    const channel = CHANNELS[i % 3];
    emulator.placeOrder(SHOP, {
      name: `#FS${i}`, channel,
      ...(channel === "pos" ? { location: random() < 0.7 ? locations.Main : locations.Outlet } : {}),
      lines: [{ sku: `FLASH-${sku}`, quantity: 1 }],
    });
    placedAt.push(Date.now() - due);
  }
  const saleMs = Date.now() - t0;
  // Settled: nothing left to send, nothing stored unprocessed, no lookup waiting, no line pending.
  for (;;) {
    if (emulator.webhooks.queue.length > 0) {
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    const { rows } = await sampler.query<{ d: string; l: string; p: string }>(
      `SELECT (SELECT count(*) FROM "WebhookDelivery" WHERE "status" = 'received') AS d,
              (SELECT count(*) FROM "LocationLookup") AS l,
              (SELECT count(*) FROM "OrderLine" WHERE "locationSource" = 'pending' AND "openQuantity" > 0) AS p`,
    );
    if (rows[0].d === "0" && rows[0].l === "0" && rows[0].p === "0") break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const settledMs = Date.now() - t0;
  // Then recovery too: no hold sync (or other recovery effect) left to perform, and the webhooks its
  // Admin calls caused processed.
  for (;;) {
    const { rows } = await sampler.query<{ d: string; r: string }>(
      `SELECT (SELECT count(*) FROM "WebhookDelivery" WHERE "status" = 'received') AS d,
              (SELECT count(*) FROM "RecoveryAction" WHERE "status" = 'pending') AS r`,
    );
    if (emulator.webhooks.queue.length === 0 && rows[0].d === "0" && rows[0].r === "0") break;
    if (Date.now() - t0 > saleMs + 1_800_000) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const recoverySettledMs = Date.now() - t0;
  deliveringOn = false;
  await delivering;
  running = false;
  await sampling;

  // The shortage from the emulator's books: per (item, location) below zero, the latest orders there.
  const shop = emulator.shop(SHOP);
  const expected = new Set<string>();
  const linesAt = new Map<string, { name: string; created: number; id: number }[]>();
  for (const order of shop.orders.values()) {
    for (const fo of order.fulfillmentOrders) {
      for (const fl of fo.lines) {
        if (fl.remainingQuantity <= 0) continue;
        const li = order.lineItems.find((x) => x.id === fl.lineItemId)!;
        const item = shop.variants.get(li.variantId!)!.inventoryItemId;
        const key = `${item}:${fo.locationId}`;
        linesAt.set(key, [...(linesAt.get(key) ?? []), { name: order.name, created: order.createdAt.getTime(), id: order.id }]);
      }
    }
  }
  for (const [key, lines] of linesAt) {
    const [item, loc] = key.split(":").map(Number);
    let short = Math.max(0, -availableOf(shop.items.get(item)!.levels.get(loc)!));
    for (const l of [...lines].sort((a, b) => b.created - a.created || b.id - a.id)) {
      if (short-- <= 0) break;
      expected.add(`${l.name}@${loc}`);
    }
  }
  const { rows: app } = await sampler.query<{ k: string }>(
    `SELECT "orderName" || '@' || "locationId" AS k FROM "BackorderLine" WHERE "status" = 'backordered'`,
  );
  const got = new Map<string, number>();
  for (const r of app) got.set(r.k, (got.get(r.k) ?? 0) + 1);
  const lost = [...expected].filter((k) => !got.has(k)).length;
  const duplicated = [...got].reduce((n, [k, c]) => n + (expected.has(k) ? c - 1 : c), 0);
  const { rows: stats } = await sampler.query<{ deliveries: string; failed: string }>(
    `SELECT count(*) AS deliveries, count(*) FILTER (WHERE "status" = 'failed') AS failed FROM "WebhookDelivery"`,
  );
  // Recovery's Admin work: how often each kind of effect was performed (claims), and over how many rows.
  const { rows: recovery } = await sampler.query<{ kind: string; rows: string; claims: string; pending: string }>(
    `SELECT "kind", count(*) AS rows, sum("attempts") AS claims, count(*) FILTER (WHERE "status" = 'pending') AS pending FROM "RecoveryAction" GROUP BY "kind" ORDER BY "kind"`,
  );

  await sampler.end();
  await Promise.all(procs.map((p) => p.stop()));
  await web.stop();
  const { disconnectPrisma } = await import("../app/db.server");
  await disconnectPrisma();
  await new Promise<void>((r) => emuServer.close(() => r()));
  await db.drop();

  const during = samples.filter((s) => s.t <= saleMs);
  const ages = samples.map((s) => s.oldestPendingMs).sort((a, b) => a - b);
  return {
    engine, orders, skus: SKUS, locations: 2, workers, saleSeconds: saleMs / 1000,
    deliveries: Number(stats[0].deliveries), failedDeliveries: Number(stats[0].failed),
    oldestPendingMaxMs: ages.at(-1) ?? 0, oldestPendingP99Ms: percentile(ages, 99),
    oldestPendingMaxDuringSaleMs: Math.max(0, ...during.map((s) => s.oldestPendingMs)),
    emulatorQueuePeak: Math.max(0, ...samples.map((s) => s.emulatorQueue)),
    // Deliveries Shopify has not been able to hand over yet (the app acknowledges slower than sent).
    notYetDeliveredMaxMs: Math.max(0, ...samples.map((s) => s.emulatorOldestMs)),
    // The oldest delivery not processed, counting from when Shopify sent it: the end-to-end figure.
    oldestUnprocessedMaxMs: Math.max(0, ...samples.map((s) => Math.max(s.oldestPendingMs, s.emulatorOldestMs))),
    settledAfterSaleMs: settledMs - saleMs, recoverySettledAfterSaleMs: recoverySettledMs - saleMs,
    recoveryEffects: Object.fromEntries(recovery.map((r) => [r.kind, { rows: Number(r.rows), claims: Number(r.claims), pending: Number(r.pending) }])), orderScheduleSlipP99Ms: percentile(placedAt.sort((a, b) => a - b), 99),
    expectedBackorders: expected.size, backordered: app.length, lost, duplicated,
    // Attempts the app did not acknowledge with a 2xx (by status, "error" = timeout or refused): each
    // one waits for Shopify's retry schedule (10 s, 30 s, ...).
    unacknowledgedAttempts: Object.fromEntries(
      emulator.webhooks.log.filter((l) => !(typeof l.status === "number" && l.status < 300)).reduce((m, l) => m.set(String(l.status), (m.get(String(l.status)) ?? 0) + 1), new Map<string, number>()),
    ),
  };
}
