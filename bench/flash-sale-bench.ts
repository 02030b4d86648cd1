// Flash sale through scenario replay: N orders in 60 s (virtual) across 3 channels on 200 SKUs,
// delivered without waiting between events (a real backlog builds). Compares the final backorders
// with the attribution computed independently here: lost and duplicated lines must both be 0.
import pg from "pg";
import { freshDatabase, type Engine } from "./bench-database";
import type { Scenario } from "../app/scenario/scenario-schema";
import { seededRandom } from "../app/emulator/seeded-random";


export function flashSaleScenario(orders: number, skus = 200): { scenario: Scenario; expected: Set<string> } {
  const random = seededRandom(42);
  const channels = ["online_store", "pos", "amazon"];
  const stock = Array.from({ length: skus }, () => Math.floor(random() * (orders / skus)));
  const sold = new Array(skus).fill(0);
  const expected = new Set<string>();
  const events: Scenario["events"] = [];
  for (let i = 0; i < orders; i++) {
    // Skewed demand: a few SKUs sell far more than others.
    const sku = Math.min(skus - 1, Math.floor(skus * random() ** 2));
    const id = `FS-${i}`;
    events.push({ at: `+${((i * 60) / orders).toFixed(3)}s`, type: "order", id, channel: channels[i % 3], lines: [{ sku: `FLASH-${sku}`, quantity: 1 }] });
    sold[sku]++;
    if (sold[sku] > stock[sku]) expected.add(id);
  }
  events.push({ at: "+5m", type: "advance" });
  const scenario: Scenario = {
    name: `Flash sale: ${orders} orders in 60 s`,
    start: "2026-11-27T09:00:00-05:00",
    timezone: "America/New_York",
    locations: [{ id: "main", name: "Main warehouse" }],
    suppliers: [],
    products: stock.map((s, i) => ({ sku: `FLASH-${i}`, title: `Flash item ${i}`, price: 20, inventory: { main: s }, backorder: { allowed: true }, offers: [] })),
    events,
  };
  return { scenario, expected };
}

export async function flashSaleBench(engine: Engine, orders: number) {
  const db = await freshDatabase(engine);
  process.env.DATABASE_URL = db.url;
  const { scenario, expected } = flashSaleScenario(orders);
  const { replayScenario } = await import("../app/scenario/replay-scenario.server");
  const sampler = new pg.Client({ connectionString: db.url });
  await sampler.connect();
  let backlogPeak = 0;
  let sampling = true;
  const sample = (async () => {
    while (sampling) {
      const { rows } = await sampler.query<{ n: string }>(`SELECT count(*)::text AS n FROM pgboss.job WHERE state IN ('created','retry','active')`).catch(() => ({ rows: [{ n: "0" }] }));
      backlogPeak = Math.max(backlogPeak, Number(rows[0].n));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const t0 = performance.now();
  const result = await replayScenario(scenario, { settleEachEvent: false });
  const wallMs = performance.now() - t0;
  sampling = false;
  await sample;
  await sampler.end();
  const open = result.backorders.filter((b) => b.status === "backordered");
  const counts = new Map<string, number>();
  for (const b of open) counts.set(b.order, (counts.get(b.order) ?? 0) + 1);
  const lost = [...expected].filter((o) => !counts.has(o)).length;
  const duplicated = [...counts].reduce((n, [o, c]) => n + (expected.has(o) ? c - 1 : c), 0);
  const { disconnectPrisma } = await import("../app/db.server");
  await disconnectPrisma();
  await db.drop();
  return { engine, orders, skus: 200, expectedBackorders: expected.size, backordered: open.length, lost, duplicated, wallMs, backlogPeak, webhooks: result.replay.webhooksDelivered, churnResolved: result.metrics.autoResolved };
}
