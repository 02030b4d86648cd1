// Demo mode: the app on its embedded database against the built-in emulator, with a seeded shop
// whose orders flow in live. Refused in a production configuration (app/config.server.ts).
import fs from "node:fs";
import path from "node:path";
import { closeOnSignals, startServer } from "./app-server";
import { seededRandom } from "../app/emulator/seeded-random";


export async function startDemo(o: { dev?: boolean; port?: number; stream?: boolean; quiet?: boolean } = {}) {
  process.env.BACKORDER_DEMO = "1";
  // The demo shop lives in memory in the emulator: start its database fresh each run so the two
  // never disagree.
  if (!process.env.DATABASE_URL && !process.env.PGLITE_DATA_DIR) {
    process.env.PGLITE_DATA_DIR = path.resolve(".data/demo-pglite");
    fs.rmSync(process.env.PGLITE_DATA_DIR, { recursive: true, force: true });
  }
  const { createShopifyEmulator } = await import("../app/emulator");
  const { DEMO_LOCATIONS, DEMO_SHOP, demoProducts } = await import("../app/demo/demo-shop");
  const { appConfig, DEFAULT_SCOPES } = await import("../app/config.server");
  const { SUBSCRIBED_TOPICS } = await import("../app/webhooks/topics");
  const random = seededRandom(Number(process.env.DEMO_SEED ?? 7));
  let appUrl = "";
  const config = appConfig({ ...process.env, BACKORDER_DEMO: "1" });
  const emulator = createShopifyEmulator({ apiKey: config.apiKey, apiSecret: config.apiSecret, appUrl: () => appUrl, scopes: DEFAULT_SCOPES, seed: 7, webhooks: { topics: SUBSCRIBED_TOPICS } });
  emulator.addShop(DEMO_SHOP, { ianaTimezone: "America/New_York", name: "Backorder Pilot Demo" });
  for (const name of DEMO_LOCATIONS) emulator.addLocation(DEMO_SHOP, name);
  const products = demoProducts(random);
  emulator.seedProducts(DEMO_SHOP, products);
  // Recovery's story (a customer choosing what happens to a delayed order): its own products.
  (await import("../app/demo/recovery-demo")).seedRecoveryDemoProducts(emulator);

  // The outside world on loopback: supplier APIs / EDI, SMTP and Slack. Purchase orders and alerts
  // go there; /demo/mailbox shows what arrived.
  const { startDemoStandIns } = await import("../app/demo/demo-stand-ins.server");
  const standIns = await startDemoStandIns();
  process.env.SMTP_URL = standIns.smtp.url;
  process.env.MAIL_FROM ??= "Backorder Pilot <alerts@backorder-pilot-demo.example>";

  const server = await startServer({
    dev: o.dev,
    port: o.port,
    host: config.host,
    quiet: o.quiet,
    // One process for the demo: the emulator's shop lives in its memory.
    worker: {},
    beforeRemix: async (app, { port }) => {
      appUrl = `http://localhost:${port}`;
      process.env.SHOPIFY_APP_URL = appUrl;
      process.env.SHOPIFY_EMULATOR_URL = `http://127.0.0.1:${port}/__emulator`;
      // The server-side bounce page loads App Bridge from here instead of Shopify's CDN.
      process.env.APP_BRIDGE_URL = "/demo/app-bridge.js";
      app.use("/__emulator", emulator.nodeHandler());
    },
  });

  // Install: the offline session the emulator issued, then the initial sync.
  const { default: prisma } = await import("../app/db.server");
  await prisma.session.upsert({
    where: { id: `offline_${DEMO_SHOP}` },
    create: { id: `offline_${DEMO_SHOP}`, shop: DEMO_SHOP, state: "", isOnline: false, scope: DEFAULT_SCOPES.join(","), accessToken: emulator.issueAccessToken(DEMO_SHOP) },
    update: { accessToken: emulator.issueAccessToken(DEMO_SHOP) },
  });
  const { afterInstall } = await import("../app/services/after-install.server");
  await afterInstall(DEMO_SHOP);
  const { waitForIdle } = await import("../app/jobs/idle.server");
  await waitForIdle(120_000);

  // Replenishment: the vendors as suppliers with their offers (2–3 per SKU), and settings with
  // short windows and fast retries, before the first order arrives.
  const { demoOffers, demoReplenishmentSettings, demoSuppliers } = await import("../app/demo/demo-suppliers");
  const { saveSupplierMatrix } = await import("../app/services/replenishment-admin.server");
  const { updateReplenishmentSettings } = await import("../app/services/replenishment/settings.server");
  const matrix = await saveSupplierMatrix(DEMO_SHOP, {
    suppliers: demoSuppliers({ jsonUrl: standIns.suppliers.jsonUrl, graphqlUrl: standIns.suppliers.graphqlUrl, ediUrl: standIns.suppliers.ediUrl }),
    offers: demoOffers(products, seededRandom(Number(process.env.DEMO_SEED ?? 7) + 4)),
  });
  if (!matrix.ok) throw new Error(`demo supplier matrix: ${matrix.error}`);
  const settings = await updateReplenishmentSettings(DEMO_SHOP, demoReplenishmentSettings(standIns.slackWebhookUrl));
  if (!settings.ok) throw new Error(`demo replenishment settings: ${JSON.stringify(settings.errors)}`);

  emulator.startLiveDelivery(200);
  await (await import("../app/demo/recovery-demo.server")).startRecoveryDemo(emulator);
  let stream: { stop: () => void } | null = null;
  if (o.stream !== false) {
    const { startOrderStream } = await import("../app/demo/order-stream.server");
    stream = startOrderStream(emulator, products, random, o.quiet ? () => {} : console.log);
  }
  if (!o.quiet) {
    console.log(`Demo shop ${DEMO_SHOP}: ${products.reduce((n, p) => n + p.variants.length, 0)} SKUs, ${DEMO_LOCATIONS.length} locations.`);
    console.log(`Suppliers: ${matrix.suppliers} with ${matrix.offers} offers; purchase orders go to local stand-ins.`);
    console.log(`Open ${server.url}/demo`);
    console.log(`Mailbox, Slack and supplier APIs: ${server.url}/demo/mailbox`);
  }
  const stop = async () => {
    stream?.stop();
    emulator.stopLiveDelivery();
    await standIns.stop();
  };
  closeOnSignals(async () => {
    await stop();
    await server.close();
  });
  return { server, emulator, stop: async () => { await stop(); await server.close(); } };
}
