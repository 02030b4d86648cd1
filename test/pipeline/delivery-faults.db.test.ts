// Fault injection on the delivery pipeline, through the real webhook routes and the real worker:
// a failed insert after the HMAC check, a delivery left pending by a dead process, an evaluation
// that fails once, a delivery that always fails next to healthy ones, a batch that dies before its
// commit, a claim taken over by another worker. Each ends in exactly the state a clean run gives.
import "../setup/database";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { armFault, disarmFaults } from "../../app/faults.server";
import { claimDeliveries, insertDeliveries } from "../../app/models/webhook-deliveries.server";
import { drainDeliveries, processClaimedBatch } from "../../app/jobs/delivery-worker.server";
import { closeWebhookIntake } from "../../app/services/webhook-intake.server";
import { createPool } from "../../app/database/pg-pool.server";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create";
import { action as inventoryUpdate } from "../../app/routes/webhooks.inventory_levels.update";
import { signedWebhook } from "../support/signed-webhook";
import { inventoryLevelPayload, orderPayload } from "../support/rest-payloads";
import { callAction, type RouteAction } from "../support/call-route";

const LOCATION = 7001;
const ITEM = 880001;
const VARIANT = 990001;
const T0 = new Date("2026-05-01T08:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);

let shop = "";
let shopN = 0;
const send = (action: RouteAction, topic: string, payload: unknown, webhookId?: string) =>
  callAction(action, signedWebhook(topic, payload, { shop, webhookId, triggeredAt: at(0) }));
const order = (n: number) =>
  orderPayload({ id: 5000 + n, name: `#${1000 + n}`, sourceName: n % 2 ? "web" : "pos", createdAt: at(n), lines: [{ id: 70000 + n, variantId: VARIANT, sku: "LAMP-1", quantity: 1 }] });
const level = (available: number, sec: number) => inventoryLevelPayload(ITEM, LOCATION, available, at(sec));
const delivery = (webhookId: string) => prisma.webhookDelivery.findFirstOrThrow({ where: { shop, webhookId } });
const lines = () => prisma.backorderLine.findMany({ where: { shop }, orderBy: { orderCreatedAt: "asc" } });
const summary = async () => (await lines()).map((l) => [l.orderName, l.status, l.quantityBackordered]);

beforeAll(() => {
  // Retries come due at once: the backoff itself is covered by unit tests of retryDelayMs.
  process.env.WORKER_MAX_ATTEMPTS = "3";
});
afterAll(async () => {
  delete process.env.WORKER_MAX_ATTEMPTS;
  await closeWebhookIntake();
});
beforeEach(async () => {
  shop = `faults-${++shopN}.myshopify.com`;
  await prisma.location.create({ data: { shop, id: BigInt(LOCATION), name: "Main" } });
  await prisma.inventoryItem.create({ data: { shop, id: BigInt(ITEM), variantId: BigInt(VARIANT), sku: "LAMP-1", title: "Lamp" } });
});
afterEach(() => disarmFaults());

/** Every pending delivery processed, failures retried at once (their backoff skipped). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await drainDeliveries({ batchSize: 100 });
    const waiting = await prisma.webhookDelivery.count({ where: { shop, status: "received" } });
    if (waiting === 0) return;
    await prisma.webhookDelivery.updateMany({ where: { shop, status: "received" }, data: { availableAt: new Date(0) } });
  }
}

/** Three orders against 2 units: #1003 short. The clean-run expectation every test compares with. */
async function sendBurst() {
  for (const n of [1, 2, 3]) expect((await send(ordersCreate, "orders/create", order(n), `order-${n}`)).status).toBe(200);
  expect((await send(inventoryUpdate, "inventory_levels/update", level(-1, 3), "level-3")).status).toBe(200);
}
const CLEAN = [["#1003", "backordered", 1]];

describe("acknowledgement path", () => {
  it("answers 503 when the insert fails after the HMAC check, stores nothing, and takes Shopify's retry", async () => {
    armFault("intake.insert");
    expect((await send(ordersCreate, "orders/create", order(1), "order-1")).status).toBe(503);
    expect(await prisma.webhookDelivery.count({ where: { shop } })).toBe(0);
    // Shopify retries the same delivery (same webhook id): stored and processed, once.
    expect((await send(ordersCreate, "orders/create", order(1), "order-1")).status).toBe(200);
    for (const n of [2, 3]) await send(ordersCreate, "orders/create", order(n), `order-${n}`);
    await send(inventoryUpdate, "inventory_levels/update", level(-1, 3), "level-3");
    await settle();
    expect(await prisma.webhookDelivery.count({ where: { shop } })).toBe(4);
    expect(await delivery("order-1")).toMatchObject({ status: "processed", attempts: 1 });
    expect(await summary()).toEqual(CLEAN);
  });

  it("processes a delivery stored by a process that died before anything else happened", async () => {
    // The row alone, as an acknowledgement that crashed right after its commit leaves it: no job,
    // no message — the row is the unit of work and the worker's claim finds it.
    const pool = createPool(process.env.DATABASE_URL!, { max: 1, name: "test" });
    await insertDeliveries(pool, [
      { shop, webhookId: "orphan", eventId: null, topic: "inventory_levels/update", apiVersion: "2026-01", triggeredAt: at(0), body: Buffer.from(JSON.stringify(level(-1, 0))) },
    ]);
    await pool.end();
    await send(ordersCreate, "orders/create", order(1), "order-1");
    await settle();
    expect(await delivery("orphan")).toMatchObject({ status: "processed" });
    expect(await summary()).toEqual([["#1001", "backordered", 1]]);
  });

  it("stores three concurrent copies of one delivery once", async () => {
    const res = await Promise.all([1, 2, 3].map(() => send(ordersCreate, "orders/create", order(1), "same")));
    expect(res.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await prisma.webhookDelivery.count({ where: { shop } })).toBe(1);
  });
});

describe("worker failures", () => {
  it("retries an evaluation that fails once and ends in the clean state", async () => {
    await sendBurst();
    armFault("worker.evaluate", "throw", 1);
    await settle();
    expect(await summary()).toEqual(CLEAN);
    expect(await prisma.backorderEvent.count({ where: { shop } })).toBe(1);
    const settled = await prisma.webhookDelivery.findMany({ where: { shop }, orderBy: { id: "asc" } });
    expect(settled.map((d) => d.status)).toEqual(["processed", "processed", "processed", "processed"]);
  });

  it("commits nothing of a batch that fails before its commit; the retry gives the clean state", async () => {
    await sendBurst();
    armFault("worker.beforeCommit", "throw", 1);
    const token = "batch-that-dies";
    const claimed = await claimDeliveries(token, 100, 30_000);
    expect(claimed).toHaveLength(4);
    // The fail point throws inside the batch's transaction: the one-by-one retry then applies each.
    const r = await processClaimedBatch(claimed, token, { maxAttempts: 3 });
    expect(r).toMatchObject({ claimed: 4, settled: 4, retriedAlone: 4, released: 0 });
    expect(await summary()).toEqual(CLEAN);
    expect(await prisma.order.count({ where: { shop } })).toBe(3);
    expect(await prisma.backorderEvent.count({ where: { shop } })).toBe(1);
  });

  it("fails a delivery that always fails after its attempts, while its batch-mates go through", async () => {
    await sendBurst();
    // A body that parses but whose level write keeps failing: an item id past Postgres' bigint
    // would be rejected by the parser, so break the row itself instead — its shop row is what fails.
    await prisma.$executeRaw`
      CREATE OR REPLACE FUNCTION bp_test_reject() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."sourceUpdatedAt" = '2026-05-01 08:00:03' THEN RAISE EXCEPTION 'disk on fire (simulated)'; END IF; RETURN NEW; END $$`;
    await prisma.$executeRaw`CREATE TRIGGER bp_test_reject BEFORE INSERT OR UPDATE ON "InventoryLevel" FOR EACH ROW EXECUTE FUNCTION bp_test_reject()`;
    try {
      await settle();
    } finally {
      await prisma.$executeRaw`DROP TRIGGER bp_test_reject ON "InventoryLevel"`;
      await prisma.$executeRaw`DROP FUNCTION bp_test_reject()`;
    }
    const doomed = await delivery("level-3");
    expect(doomed.status).toBe("failed");
    expect(doomed.attempts).toBe(3);
    expect(doomed.statusReason).toMatch(/^gave up after 3 attempt\(s\): .*disk on fire \(simulated\)/);
    // The three orders were processed in the first batch despite their neighbour.
    for (const n of [1, 2, 3]) expect(await delivery(`order-${n}`)).toMatchObject({ status: "processed", attempts: 1 });
    expect(await prisma.inventoryLevel.count({ where: { shop } })).toBe(0);
    expect(await lines()).toEqual([]);
  });

  it("never settles a delivery twice when its lease ran out and another worker took it over", async () => {
    await sendBurst();
    const slow = await claimDeliveries("slow-worker", 100, 1);
    expect(slow).toHaveLength(4);
    await new Promise((r) => setTimeout(r, 20));
    // The lease (1 ms) ran out: a second worker claims the same rows and processes them.
    const fast = await claimDeliveries("fast-worker", 100, 30_000);
    expect(fast.map((d) => d.id)).toEqual(slow.map((d) => d.id));
    await processClaimedBatch(fast, "fast-worker", { maxAttempts: 3 });
    // The first worker finally gets there: its transaction finds the rows no longer its own.
    const late = await processClaimedBatch(slow, "slow-worker", { maxAttempts: 3 });
    expect(late).toMatchObject({ settled: 0, lost: 4 });
    expect(await summary()).toEqual(CLEAN);
    expect(await prisma.backorderEvent.count({ where: { shop } })).toBe(1);
    const settled = await prisma.webhookDelivery.findMany({ where: { shop } });
    expect(settled.every((d) => d.status === "processed" && d.attempts === 2 && d.claimToken === null)).toBe(true);
  });
});
