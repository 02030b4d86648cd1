// 500 near-simultaneous oversells over 20 SKUs, 3 suppliers, two workers: real worker processes
// (server/worker.ts) on the test database — PostgreSQL, or this file's PGlite through its socket —
// and, on PGlite, also two in-process delivery loops (with the job queue in this process). Everything goes through the
// real path: signed webhooks into the intake, claimed and applied by the workers, deficit windows
// woken by pg-boss jobs at their closing time, POs submitted to a real supplier API stand-in.
//
// "Exactly one" means, and is asserted as: every backordered unit is covered by exactly one unit
// of one live PO line (sum of ordered customer units per SKU == units short per SKU, and per
// backorder line); each deficit window has exactly one live PO line per supplier it was planned
// with, and its live lines carry exactly its units; each PO was accepted by its supplier exactly
// once (one order per idempotency key, no order without a PO); and nothing else exists: no
// cancelled or escalated PO, no open or unplanned window, no pending or failed outbox row.
import "../setup/database";
import crypto from "node:crypto";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { startSupplierApiStandIn, type SupplierApiStandIn, type StandInOrder } from "../../app/stand-ins";
import { closeWebhookIntake, webhookIntake } from "../../app/services/webhook-intake.server";
import { seededRandom } from "../../app/emulator/seeded-random";
import { inventoryLevelPayload, orderPayload } from "../support/rest-payloads";
import { TEST_API_SECRET, TEST_APP_ENV } from "../support/test-env";
import { testEngine } from "../support/test-database";
import { startTestWorker, stopTestWorker } from "../support/worker";
import { addOffer, addSupplier, createShop, settings, skus, LOCATION } from "./support";

// PGlite's socket serves a limited number of connections: keep this process's pools small.
process.env.DATABASE_POOL_SIZE = "3";
process.env.INTAKE_POOL_SIZE = "2";

const ITEMS = skus(20);
const SUPPLIERS = ["north", "south", "east"];
const ORDERS = 500;
type Mode = "processes" | "loops";
const MODES: Mode[] = testEngine() === "pglite" ? ["loops", "processes"] : ["processes"];

let api: SupplierApiStandIn;
const children: { child: ChildProcess; out: () => string; exited: Promise<unknown>; done: boolean }[] = [];

function spawnWorker(): (typeof children)[number] {
  const root = path.resolve(__dirname, "../..");
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "server/worker.ts")], {
    cwd: root,
    env: {
      ...process.env,
      ...TEST_APP_ENV,
      DATABASE_URL: process.env.DATABASE_URL!,
      NODE_ENV: "test",
      BP_SCHEDULES: "0",
      BP_LISTEN: testEngine() === "pglite" ? "0" : "1",
      WORKER_POLL_MS: "20",
      DATABASE_POOL_SIZE: "3",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const entry = { child, out: () => out, exited: new Promise((resolve) => child.on("exit", resolve)), done: false };
  child.on("exit", () => (entry.done = true));
  return entry;
}

function signed(SHOP: string, topic: string, payload: unknown, webhookId: string, at: Date) {
  const raw = Buffer.from(JSON.stringify(payload));
  const headers: Record<string, string> = {
    "x-shopify-topic": topic,
    "x-shopify-shop-domain": SHOP,
    "x-shopify-webhook-id": webhookId,
    "x-shopify-triggered-at": at.toISOString(),
    "x-shopify-api-version": "2026-01",
    "x-shopify-hmac-sha256": crypto.createHmac("sha256", TEST_API_SECRET).update(raw).digest("base64"),
  };
  return { raw, header: (name: string) => headers[name.toLowerCase()] };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (children.some((c) => c.done)) throw new Error(`a worker process exited while waiting for ${what}\n${children.map((c) => c.out().slice(-3000)).join("\n---\n")}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${children.map((c) => c.out().slice(-3000)).join("\n---\n")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  api = await startSupplierApiStandIn({ suppliers: Object.fromEntries(SUPPLIERS.map((id) => [id, { mode: "up" as const }])) });
});

afterAll(async () => {
  await closeWebhookIntake();
  await api.stop();
});

async function setUp(SHOP: string, mode: Mode): Promise<() => Promise<void>> {
  await createShop(SHOP, ITEMS);
  for (const id of SUPPLIERS) await addSupplier(SHOP, { id, name: id.toUpperCase(), channel: "api", apiUrl: api.jsonUrl(id) });
  // Every SKU from every supplier; who wins depends on the SKU (lead time and cost rotate).
  for (const [i, item] of ITEMS.entries()) {
    for (const [j, id] of SUPPLIERS.entries()) {
      const best = i % 3 === j;
      await addOffer(SHOP, { supplierId: id, sku: item.sku, leadTimeDays: best ? 2 : 5 + j, unitCost: best ? 9 : 10 + j, lastUnitCostSeed: best ? 9 : 10 + j, moq: 1 + (i % 2) * 4 });
    }
  }
  await settings(SHOP, { dedupQuietSeconds: 1, dedupWindowSeconds: 3, safetyStockDefault: 2 });
  if (mode === "processes") children.push(spawnWorker(), spawnWorker());
  else await startTestWorker({ deliveries: { loops: 2, pollMs: 20, listen: false } });
  return async () => {
    for (const c of children) c.child.kill("SIGTERM");
    await Promise.all(children.map((c) => c.exited));
    children.length = 0;
    if (mode === "loops") await stopTestWorker();
  };
}

describe.each(MODES)("two workers (%s), 500 near-simultaneous oversells over 20 SKUs and 3 suppliers", (mode) => {
  it("orders every short unit exactly once: one live PO per supplier per window, each PO accepted once", async () => {
    const SHOP = `two-workers-${mode}.myshopify.com`;
    const tearDown = await setUp(SHOP, mode);
    try {
      await burst(SHOP, mode);
    } finally {
      await tearDown();
    }
  }, 400_000);
});

async function burst(SHOP: string, mode: Mode): Promise<void> {
  {
    // The burst: every order oversells (no stock), each with the level update it causes.
    const random = seededRandom(7);
    const available = new Map(ITEMS.map((i) => [i.itemId, 0]));
    const unitsBySku = new Map<string, number>();
    const t0 = new Date();
    const deliveries: ReturnType<typeof signed>[] = [];
    for (let n = 1; n <= ORDERS; n++) {
      const item = ITEMS[Math.floor(random() * ITEMS.length)];
      const qty = 1 + Math.floor(random() * 2);
      const createdAt = new Date(t0.getTime() + n);
      const after = available.get(item.itemId)! - qty;
      available.set(item.itemId, after);
      unitsBySku.set(item.sku, (unitsBySku.get(item.sku) ?? 0) + qty);
      deliveries.push(signed(SHOP, "orders/create", orderPayload({ id: 5000 + n, name: `#${1000 + n}`, sourceName: ["web", "pos", "amazon"][n % 3], createdAt, lines: [{ id: 70_000 + n, variantId: item.variantId, sku: item.sku, quantity: qty }] }), `o-${n}`, createdAt));
      deliveries.push(signed(SHOP, "inventory_levels/update", inventoryLevelPayload(item.itemId, LOCATION, after, createdAt), `l-${n}`, createdAt));
    }
    // Sent over ~5 s in waves of 50: windows (quiet 1 s, at most 3 s) close while oversells of the
    // same SKUs keep arriving, so closing runs, new windows and batches race in both processes.
    const intake = webhookIntake();
    for (let i = 0; i < deliveries.length; i += 50) {
      const answers = await Promise.all(deliveries.slice(i, i + 50).map((d) => intake.accept(d.raw, d.header)));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      await new Promise((r) => setTimeout(r, 250));
    }
    const totalUnits = [...unitsBySku.values()].reduce((a, b) => a + b, 0);

    await waitFor("deliveries processed", async () => (await prisma.webhookDelivery.count({ where: { shop: SHOP, status: "received" } })) === 0, Number(process.env.TWO_WORKERS_WAIT_MS ?? 180_000));
    await waitFor(
      "windows planned and outbox performed",
      async () =>
        (await prisma.deficitWindow.count({ where: { shop: SHOP, status: { in: ["open", "due"] } } })) === 0 &&
        (await prisma.replenishmentOutbox.count({ where: { shop: SHOP, status: "pending" } })) === 0 &&
        (await prisma.purchaseOrder.count({ where: { shop: SHOP, status: "draft" } })) === 0,
      Number(process.env.TWO_WORKERS_WAIT_MS ?? 180_000),
    );

    // The shortage: every unit of every order, on backordered lines.
    const short = await prisma.backorderLine.groupBy({ by: ["sku"], where: { shop: SHOP, status: "backordered" }, _sum: { quantityBackordered: true } });
    expect(new Map(short.map((r) => [r.sku!, r._sum.quantityBackordered]))).toEqual(unitsBySku);

    // Ordered: per SKU, the customer units on live PO lines equal the units short. Exactly.
    const lines = await prisma.purchaseOrderLine.findMany({ where: { shop: SHOP }, include: { purchaseOrder: true } });
    expect(lines.every((l) => l.live)).toBe(true);
    const orderedBySku = new Map<string, number>();
    for (const l of lines) orderedBySku.set(l.sku, (orderedBySku.get(l.sku) ?? 0) + l.customerUnits);
    expect(orderedBySku).toEqual(unitsBySku);
    expect(lines.reduce((n, l) => n + l.customerUnits, 0)).toBe(totalUnits);

    // Per window: its live lines carry exactly its units, one line per supplier.
    const windows = await prisma.deficitWindow.findMany({ where: { shop: SHOP } });
    expect(new Set(windows.map((w) => w.status))).toEqual(new Set(["ordered"]));
    for (const w of windows) {
      const mine = lines.filter((l) => l.deficitWindowId === w.id);
      expect(mine.reduce((n, l) => n + l.customerUnits, 0)).toBe(w.orderedUnits);
      expect(new Set(mine.map((l) => l.supplierId)).size).toBe(mine.length);
      expect(w.outstandingUnits).toBe(w.orderedUnits);
    }
    // No SKU ever had two open windows: the windows of a SKU never overlap in time.
    const bySku = new Map<string, typeof windows>();
    for (const w of windows) bySku.set(w.sku!, [...(bySku.get(w.sku!) ?? []), w]);
    for (const ws of bySku.values()) {
      const sorted = [...ws].sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
      for (let i = 1; i < sorted.length; i++) expect(sorted[i].openedAt.getTime()).toBeGreaterThanOrEqual(sorted[i - 1].closedAt!.getTime());
    }

    // Every PO submitted, accepted by its supplier exactly once; no order at a supplier without a PO.
    const pos = await prisma.purchaseOrder.findMany({ where: { shop: SHOP }, include: { lines: true } });
    expect(new Set(pos.map((p) => p.status))).toEqual(new Set(["submitted"]));
    expect(new Set(pos.map((p) => p.supplierId))).toEqual(new Set(SUPPLIERS));
    const orders: StandInOrder[] = SUPPLIERS.flatMap((id) => api.orders(id)).filter((o) => o.idempotencyKey.startsWith(`${SHOP}:`));
    expect(orders.map((o) => o.idempotencyKey).sort()).toEqual(pos.map((p) => `${SHOP}:po:${p.id}`).sort());
    for (const p of pos) {
      const o = orders.find((x) => x.idempotencyKey === `${SHOP}:po:${p.id}`)!;
      expect(o.supplierId).toBe(p.supplierId);
      expect(o.reference).toBe(p.supplierReference);
      if (o.channel !== "edi") expect(o.purchaseOrder.lines.map((l) => [l.sku, l.quantity]).sort()).toEqual(p.lines.map((l) => [l.sku, l.quantity]).sort());
    }
    // Each PO has one line per SKU.
    for (const p of pos) expect(new Set(p.lines.map((l) => l.sku)).size).toBe(p.lines.length);

    // Coverage: every backordered line fully covered, each unit once.
    const backordered = await prisma.backorderLine.findMany({ where: { shop: SHOP, status: "backordered" }, include: { purchaseOrderCoverage: true } });
    for (const b of backordered) expect(b.purchaseOrderCoverage.reduce((n, c) => n + c.units, 0)).toBe(b.quantityBackordered);

    // What must not exist.
    expect(await prisma.escalation.count({ where: { shop: SHOP } })).toBe(0);
    expect(await prisma.replenishmentOutbox.count({ where: { shop: SHOP, status: { not: "done" } } })).toBe(0);
    expect(await prisma.supplierSubmissionAttempt.count({ where: { shop: SHOP, outcome: { not: "accepted" } } })).toBe(0);
    // (Level updates superseded by a newer one in the same batch are "skipped": that is not a loss.)
    expect(await prisma.webhookDelivery.count({ where: { shop: SHOP, status: { in: ["received", "failed"] } } })).toBe(0);
    console.log(`[two-workers/${testEngine()}/${mode}] ${totalUnits} units short over ${ITEMS.length} SKUs -> ${windows.length} windows, ${pos.length} POs, ${orders.length} supplier orders`);
  }
}
