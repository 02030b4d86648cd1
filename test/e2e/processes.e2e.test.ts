// `npm start` on a single machine: the supervisor hosts the embedded database, runs migrations,
// starts one web and one worker process; a signed webhook sent to the web process is processed by
// the worker; SIGTERM stops all three cleanly, and the data directory opens again on the next start.
// A web or worker process alone without DATABASE_URL refuses to start.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bp-start-"));
const SECRET = "e2e-secret";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

type Started = { child: ChildProcess; log: () => string; exited: Promise<number | null> };

async function npmStart(port: number, dbPort: number): Promise<Started> {
  let log = "";
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: root,
    env: {
      ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
      PGLITE_PORT: String(dbPort), SHOPIFY_API_KEY: "e2e-key", SHOPIFY_API_SECRET: SECRET, SHOPIFY_APP_URL: `http://localhost:${port}`,
      BP_SCHEDULES: "0", WORKER_POLL_MS: "50", DATABASE_URL: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const deadline = Date.now() + 90_000;
  while (!(log.includes("web listening") && /worker \d+ started/.test(log))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not come up:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, log: () => log, exited };
}

function sendWebhook(port: number, topic: string, payload: unknown, webhookId: string) {
  const body = JSON.stringify(payload);
  return fetch(`http://127.0.0.1:${port}/webhooks/${topic}`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json", "x-shopify-topic": topic, "x-shopify-shop-domain": "start.myshopify.com",
      "x-shopify-webhook-id": webhookId, "x-shopify-triggered-at": new Date().toISOString(), "x-shopify-api-version": "2026-01",
      "x-shopify-hmac-sha256": crypto.createHmac("sha256", SECRET).update(body).digest("base64"),
    },
  });
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("npm start", () => {
  it("runs a web and a worker process on the embedded database, and stops them cleanly", async () => {
    const [port, dbPort] = [await freePort(), await freePort()];
    const first = await npmStart(port, dbPort);
    const level = { inventory_item_id: 42, location_id: 7, available: 3, updated_at: new Date().toISOString() };
    expect((await sendWebhook(port, "inventory_levels/update", level, "start-1")).status).toBe(200);
    expect((await sendWebhook(port, "inventory_levels/update", level, "start-1")).status).toBe(200);
    const unsigned = await fetch(`http://127.0.0.1:${port}/webhooks/inventory_levels/update`, { method: "POST", body: "{}", headers: { "x-shopify-hmac-sha256": "bad" } });
    expect(unsigned.status).toBe(401);

    const db = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${dbPort}/postgres` });
    await db.connect();
    let row: { status: string; n: string } | undefined;
    for (let i = 0; i < 100; i++) {
      row = (await db.query<{ status: string; n: string }>(`SELECT "status", count(*) OVER () AS n FROM "WebhookDelivery"`)).rows[0];
      if (row?.status === "processed") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toEqual({ status: "processed", n: "1" });
    expect((await db.query(`SELECT "available" FROM "InventoryLevel" WHERE "inventoryItemId" = 42`)).rows).toEqual([{ available: 3 }]);
    await db.end();

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.log()).toMatch(/SIGTERM: stopping web and worker/);

    // The data directory was closed properly: the next start opens it with the delivery still there.
    const second = await npmStart(port, dbPort);
    const again = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${dbPort}/postgres` });
    await again.connect();
    expect((await again.query(`SELECT count(*)::int AS n FROM "WebhookDelivery"`)).rows).toEqual([{ n: 1 }]);
    await again.end();
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it("refuses a lone web or worker process without DATABASE_URL, and any process without the app secret", () => {
    for (const script of ["server/web.ts", "server/worker.ts"]) {
      const r = spawnSync(process.execPath, ["--import", "tsx", script], {
        cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: "", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s" },
      });
      expect(r.status, script).toBe(1);
      expect(r.stderr).toMatch(/without DATABASE_URL/);
    }
    const r = spawnSync(process.execPath, ["--import", "tsx", "server/index.ts"], {
      cwd: root, encoding: "utf8", env: { ...process.env, SHOPIFY_API_KEY: "", SHOPIFY_API_SECRET: "", BACKORDER_DEMO: "", NODE_ENV: "production" },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/SHOPIFY_API_KEY and SHOPIFY_API_SECRET are not set/);
  });
});
