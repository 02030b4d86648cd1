// Webhook ingest and processing, each process on its own as in production:
// - the FLOOR: a bare HMAC + INSERT server (bench/floor-server.ts) under the same load;
// - the app's web process (server/web.ts): acknowledgement throughput and latency under the same
//   load (N orders of the captured 17 KB shape + the inventory update each causes, 16 in flight,
//   from a separate load process);
// - the app's worker process(es) (server/worker.ts): the stored deliveries processed with one
//   worker, then again from scratch with two.
import pg from "pg";
import { freshDatabase, type Engine } from "./bench-database";
import { BENCH_SECRET, runLoad, startChild, startWeb, startWorkerProcess, type LoadResult } from "./bench-processes";

const SHOP = "bench.myshopify.com";
const LOCATION = 9001;
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 16);

async function seed(db: pg.Client, skus: number): Promise<void> {
  await db.query(`INSERT INTO "Shop" ("domain") VALUES ($1) ON CONFLICT DO NOTHING`, [SHOP]);
  await db.query(`INSERT INTO "Location" ("shop","id","name","updatedAt") VALUES ($1, $2, 'Bench warehouse', now()) ON CONFLICT DO NOTHING`, [SHOP, LOCATION]);
  await db.query(
    `INSERT INTO "InventoryItem" ("shop","id","variantId","sku","title","updatedAt")
     SELECT $1, 500000 + g, 600000 + g, 'BENCH-' || g, 'Bench item', now() FROM generate_series(0, $2 - 1) g ON CONFLICT DO NOTHING`,
    [SHOP, skus],
  );
  await db.query(
    `INSERT INTO "InventoryLevel" ("shop","inventoryItemId","locationId","available","sourceUpdatedAt","updatedAt")
     SELECT $1, 500000 + g, $2, 3, '2026-06-01', now() FROM generate_series(0, $3 - 1) g`,
    [SHOP, LOCATION, skus],
  );
}

/** Back to "every delivery stored, nothing processed" (the derived state cleared, levels re-seeded). */
async function resetProcessing(db: pg.Client, skus: number): Promise<void> {
  const { rows } = await db.query<{ t: string }>(
    `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'
       AND tablename NOT IN ('WebhookDelivery','Shop','Location','InventoryItem','Session','_prisma_migrations')`,
  );
  await db.query(`TRUNCATE ${rows.map((r) => `"${r.t}"`).join(", ")} CASCADE`);
  await db.query(
    `UPDATE "WebhookDelivery" SET "status" = 'received', "statusReason" = NULL, "processedAt" = NULL, "attempts" = 0,
            "claimToken" = NULL, "claimedUntil" = NULL, "availableAt" = timezone('UTC', now())`,
  );
  await seed(db, skus);
}

/** Starts `workers` worker processes and measures how fast they drain the stored deliveries. */
async function drain(url: string, db: pg.Client, workers: number) {
  const procs = await Promise.all(Array.from({ length: workers }, () => startWorkerProcess(url)));
  // Counted once every worker is up: a worker that started first has already processed some while
  // the others were starting, and those must not count as done in no time.
  const t0 = performance.now();
  const total = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE "status" = 'received'`)).rows[0].n);
  for (;;) {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE "status" = 'received'`);
    if (rows[0].n === "0") break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const ms = performance.now() - t0;
  await Promise.all(procs.map((p) => p.stop()));
  const { rows } = await db.query<{ status: string; n: string }>(`SELECT "status", count(*) AS n FROM "WebhookDelivery" GROUP BY 1 ORDER BY 1`);
  const backordered = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "BackorderLine" WHERE "status" = 'backordered'`)).rows[0].n);
  return { workers, deliveries: total, ms, perSecond: total / (ms / 1000), statuses: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])), backordered };
}

export async function ingestBench(engine: Engine, orders: number) {
  const skus = 200;

  const floorDb = await freshDatabase(engine);
  const floor = await startChild("bench/floor-server.ts", [floorDb.url, BENCH_SECRET], {}, (l) => l.startsWith("{"));
  const floorLoad: LoadResult = await runLoad(`http://127.0.0.1:${(JSON.parse(floor.readyLine) as { port: number }).port}`, SHOP, orders, IN_FLIGHT, skus);
  await floor.stop();
  await floorDb.drop();

  const appDb = await freshDatabase(engine);
  const db = new pg.Client({ connectionString: appDb.url });
  await db.connect();
  await seed(db, skus);
  const web = await startWeb(appDb.url);
  const ack: LoadResult = await runLoad(web.url, SHOP, orders, IN_FLIGHT, skus);
  await web.stop();
  const stored = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "WebhookDelivery"`)).rows[0].n);

  const one = await drain(appDb.url, db, 1);
  await resetProcessing(db, skus);
  const two = await drain(appDb.url, db, 2);
  await db.end();
  await appDb.drop();
  return { engine, orders, inFlight: IN_FLIGHT, floor: floorLoad, ack, stored, processing: [one, two], ackShareOfFloor: ack.perSecond / floorLoad.perSecond };
}
