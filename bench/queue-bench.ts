// The queue page's server time with 1,000,000 backorder lines in the database (several shops;
// the measured one holds most of them): first page, a deep keyset page, filtered pages.
import pg from "pg";
import { freshDatabase, percentile, type Engine } from "./bench-database";

export async function queueBench(engine: Engine, rows: number) {
  const db = await freshDatabase(engine);
  process.env.DATABASE_URL = db.url;
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const t0 = performance.now();
  // 90% for the measured shop, 10% spread over 9 others (isolation must not cost anything).
  await client.query(`
    INSERT INTO "BackorderLine" ("shop","orderId","orderName","orderCreatedAt","lineItemId","inventoryItemId","sku","title",
      "locationId","channel","quantityOrdered","quantityBackordered","status","reasonCode","detectedAt","updatedAt")
    SELECT CASE WHEN g % 10 = 0 THEN 'other-' || (g % 9) || '.myshopify.com' ELSE 'bench.myshopify.com' END,
           g, '#' || g, now() - (g || ' seconds')::interval, g, 1 + g % 200, 'SKU-' || (g % 200), 'Item',
           1 + g % 3, (ARRAY['web','pos','amazon','ebay'])[1 + g % 4], 2, 1,
           CASE WHEN g % 5 = 0 THEN 'resolved' ELSE 'backordered' END, 'multi_channel_oversell',
           now() - ((g * 2) || ' seconds')::interval, now()
      FROM generate_series(1, ${rows}) g`);
  await client.query(`ANALYZE "BackorderLine"`);
  const loadMs = performance.now() - t0;
  await client.end();

  const { loadBackorderQueue, parseQueueParams } = await import("../app/services/backorder-queue.server");
  const shop = "bench.myshopify.com";
  const time = async (label: string, qs: string, cursorFrom?: string) => {
    const samples: number[] = [];
    let rowsReturned = 0;
    for (let i = 0; i < 7; i++) {
      const params = parseQueueParams(new URL(`http://x/app?${qs}${cursorFrom ? `&after=${cursorFrom}` : ""}`));
      const t = performance.now();
      const r = await loadBackorderQueue(shop, params);
      samples.push(performance.now() - t);
      rowsReturned = r.rows.length;
    }
    samples.sort((a, b) => a - b);
    return { label, p50: percentile(samples, 50), max: samples[samples.length - 1], rows: rowsReturned };
  };
  // A deep cursor: the 500,000th line of the shop's queue (keyset: cost independent of depth).
  const deep = await (async () => {
    const { default: prisma } = await import("../app/db.server");
    const row = await prisma.backorderLine.findFirst({ where: { shop, status: "backordered" }, orderBy: [{ detectedAt: "desc" }, { id: "desc" }], skip: 500_000, select: { detectedAt: true, id: true } });
    const { encodeCursor } = await import("../app/models/backorder-queue.server");
    return row ? encodeCursor(row) : undefined;
  })();
  const results = [
    await time("first page (open, 50 rows)", "limit=50"),
    await time("deep page (after line 500,000)", "limit=50", deep),
    await time("filtered: channel=amazon", "limit=50&channel=amazon"),
    await time("filtered: sku=SKU-42, all statuses", "limit=50&sku=SKU-42&status=all"),
    await time("filtered: aging 15+ days", "limit=50&bucket=15%2B"),
  ];
  const { disconnectPrisma } = await import("../app/db.server");
  await disconnectPrisma();
  await db.drop();
  return { engine, rows, loadMs, pages: results };
}
