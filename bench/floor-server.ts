// The floor: a bare Node HTTP server that checks the HMAC over the raw body and inserts the
// delivery into Postgres, one INSERT per request — what the machine can do with no framework, no
// batching and no processing. Measured in the same run, with the same payloads and concurrency.
// Usage: tsx bench/floor-server.ts <database-url> <secret>   (prints {"port":N} when listening)
import crypto from "node:crypto";
import http from "node:http";
import pg from "pg";

const [dbUrl, secret] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: dbUrl, max: 16 });
await pool.query(`CREATE TABLE IF NOT EXISTS floor_delivery (id bigserial PRIMARY KEY, shop text NOT NULL, webhook_id text NOT NULL, topic text NOT NULL, body bytea NOT NULL, UNIQUE (shop, webhook_id))`);

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const raw = Buffer.concat(chunks);
    const expected = crypto.createHmac("sha256", secret).update(raw).digest();
    const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return void res.writeHead(401).end();
    pool
      .query(`INSERT INTO floor_delivery (shop, webhook_id, topic, body) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
        req.headers["x-shopify-shop-domain"], req.headers["x-shopify-webhook-id"], req.headers["x-shopify-topic"], raw,
      ])
      .then(() => res.writeHead(200).end(), () => res.writeHead(503).end());
  });
});
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: (server.address() as { port: number }).port })));
process.on("SIGTERM", () => server.close(() => pool.end().then(() => process.exit(0))));
