// The load process for the ingest benchmark: sends N signed orders/create deliveries plus the
// inventory_levels/update each order causes, over HTTP on loopback, with bounded concurrency.
// Prints one JSON line: acknowledgement latencies and throughput.
import crypto from "node:crypto";

const [base, secret, shop, nArg, concArg, skusArg] = process.argv.slice(2);
const N = Number(nArg);
const concurrency = Number(concArg);
const skus = Number(skusArg);
const LOCATION = 9001;
const channels = ["web", "pos", "amazon"];
const t0 = Date.parse("2026-06-01T12:00:00Z");

type Delivery = { topic: string; body: string; triggeredAt: string };
const deliveries: Delivery[] = [];
const available = new Map<number, number>();
for (let i = 0; i < N; i++) {
  const sku = i % skus;
  const at = new Date(t0 + i * 10).toISOString();
  const item = 500000 + sku;
  const left = (available.get(item) ?? 3) - 1;
  available.set(item, left);
  deliveries.push({
    topic: "orders/create",
    triggeredAt: at,
    body: JSON.stringify({
      id: 7_000_000 + i,
      name: `#B${i}`,
      source_name: channels[i % 3],
      created_at: at,
      updated_at: at,
      cancelled_at: null,
      email: `load${i}@example.com`,
      customer: { id: 8_000_000 + i, email: `load${i}@example.com`, first_name: "Load", last_name: "Test" },
      location_id: null,
      line_items: [{ id: 9_000_000 + i, variant_id: 600000 + sku, sku: `BENCH-${sku}`, quantity: 1, current_quantity: 1, fulfillable_quantity: 1, gift_card: false, name: "Bench item" }],
    }),
  });
  deliveries.push({
    topic: "inventory_levels/update",
    triggeredAt: at,
    body: JSON.stringify({ inventory_item_id: item, location_id: LOCATION, available: left, updated_at: at }),
  });
}

const latencies: number[] = [];
let failures = 0;
let next = 0;
const start = performance.now();
async function worker() {
  while (next < deliveries.length) {
    const d = deliveries[next++];
    const hmac = crypto.createHmac("sha256", secret).update(d.body).digest("base64");
    const t = performance.now();
    const res = await fetch(`${base}/webhooks/${d.topic}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": d.topic,
        "x-shopify-shop-domain": shop,
        "x-shopify-webhook-id": crypto.randomUUID(),
        "x-shopify-event-id": crypto.randomUUID(),
        "x-shopify-triggered-at": d.triggeredAt,
        "x-shopify-api-version": "2026-01",
        "x-shopify-hmac-sha256": hmac,
      },
      body: d.body,
    });
    await res.arrayBuffer();
    latencies.push(performance.now() - t);
    if (res.status !== 200) failures++;
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const wall = performance.now() - start;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
console.log(JSON.stringify({ deliveries: deliveries.length, failures, ackWallMs: wall, perSecond: deliveries.length / (wall / 1000), p50: pct(50), p99: pct(99) }));
