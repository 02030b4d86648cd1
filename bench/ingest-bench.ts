// Webhook ingest over HTTP: the app server in this process, a separate load process sending signed
// deliveries. Measures acknowledgement (throughput, p50/p99) and time until all are processed.
import { spawn } from "node:child_process";
import { freshDatabase, type Engine } from "./bench-database";

export async function ingestBench(engine: Engine, orders: number) {
  const db = await freshDatabase(engine);
  process.env.DATABASE_URL = db.url;
  process.env.SHOPIFY_API_KEY = "bench-key";
  process.env.SHOPIFY_API_SECRET = "bench-secret";
  const { startServer } = await import("../server/app-server");
  const server = await startServer({ port: 0, quiet: true, worker: {} });
  const { default: prisma } = await import("../app/db.server");
  const shop = "bench.myshopify.com";
  const skus = 200;
  await prisma.shop.create({ data: { domain: shop } });
  await prisma.location.create({ data: { shop, id: 9001n, name: "Bench warehouse" } });
  await prisma.inventoryItem.createMany({
    data: Array.from({ length: skus }, (_, i) => ({ shop, id: BigInt(500000 + i), variantId: BigInt(600000 + i), sku: `BENCH-${i}`, title: "Bench item" })),
  });

  const t0 = performance.now();
  const load = await new Promise<{ deliveries: number; failures: number; ackWallMs: number; perSecond: number; p50: number; p99: number }>((resolve, reject) => {
    const child = spawn("npx", ["tsx", "bench/load-webhooks.ts", server.url, "bench-secret", shop, String(orders), "16", String(skus)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`load exited ${code}`))));
  });
  // Processed: every delivery has left "received".
  for (;;) {
    const pending = await prisma.webhookDelivery.count({ where: { shop, status: "received" } });
    if (pending === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const processedMs = performance.now() - t0;
  const stored = await prisma.webhookDelivery.count({ where: { shop } });
  const failed = await prisma.webhookDelivery.count({ where: { shop, status: "failed" } });
  const backordered = await prisma.backorderLine.count({ where: { shop, status: "backordered" } });
  await server.close();
  await db.drop();
  return { engine, ...load, processedMs, stored, failed, backordered };
}
