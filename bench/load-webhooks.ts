// The load process: sends N orders (the 17 KB captured payload shape) as signed orders/create
// deliveries, each followed by the inventory_levels/update it causes, over HTTP on loopback with a
// fixed number in flight. Prints one JSON line: throughput and acknowledgement latencies.
// Usage: tsx bench/load-webhooks.ts <base-url> <secret> <shop> <orders> <in-flight> <skus>
import crypto from "node:crypto";
import http from "node:http";
import { benchOrderBody } from "./sample-order";

const [base, secret, shop, nArg, concArg, skusArg] = process.argv.slice(2);
const N = Number(nArg);
const concurrency = Number(concArg);
const skus = Number(skusArg);
const LOCATION = 9001;
const channels = ["web", "pos", "amazon"];
const t0 = Date.parse("2026-06-01T12:00:00Z");

type Delivery = { topic: string; body: Buffer; triggeredAt: string };
const deliveries: Delivery[] = [];
const available = new Map<number, number>();
for (let i = 0; i < N; i++) {
  const sku = i % skus;
  const at = new Date(t0 + i * 10).toISOString();
  const item = 500000 + sku;
  const left = (available.get(item) ?? 3) - 1;
  available.set(item, left);
  const body = benchOrderBody({ id: 7_000_000 + i, name: `#B${i}`, channel: channels[i % 3], createdAt: at, lineId: 9_000_000 + i, variantId: 600000 + sku, sku: `BENCH-${sku}`, quantity: 1, locationId: LOCATION });
  deliveries.push({ topic: "orders/create", triggeredAt: at, body: Buffer.from(body) });
  deliveries.push({ topic: "inventory_levels/update", triggeredAt: at, body: Buffer.from(JSON.stringify({ inventory_item_id: item, location_id: LOCATION, available: left, updated_at: at })) });
}

const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
function post(d: Delivery): Promise<number> {
  const hmac = crypto.createHmac("sha256", secret).update(d.body).digest("base64");
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname, port: url.port, path: `/webhooks/${d.topic}`, method: "POST", agent,
        headers: {
          "content-type": "application/json", "content-length": d.body.length, "x-shopify-topic": d.topic, "x-shopify-shop-domain": shop,
          "x-shopify-webhook-id": crypto.randomUUID(), "x-shopify-event-id": crypto.randomUUID(), "x-shopify-triggered-at": d.triggeredAt,
          "x-shopify-api-version": "2026-01", "x-shopify-hmac-sha256": hmac,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(d.body);
  });
}

const latencies: number[] = [];
let failures = 0;
let next = 0;
const start = performance.now();
async function loop() {
  while (next < deliveries.length) {
    const d = deliveries[next++];
    const t = performance.now();
    const status = await post(d).catch(() => 0);
    latencies.push(performance.now() - t);
    if (status !== 200) failures++;
  }
}
await Promise.all(Array.from({ length: concurrency }, loop));
const wall = performance.now() - start;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
console.log(JSON.stringify({ deliveries: deliveries.length, failures, ackWallMs: wall, perSecond: deliveries.length / (wall / 1000), p50: pct(50), p99: pct(99), bodyBytes: deliveries[0].body.length }));
agent.destroy();
