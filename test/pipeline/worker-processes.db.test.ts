// Real worker processes (server/worker.ts) on this file's database (PGlite served on loopback, or
// PostgreSQL): one killed with SIGKILL in the middle of a batch and restarted; two working the
// same shuffled, duplicated burst at once. Both must end exactly where a single clean run ends.
import "../setup/database";
import { afterAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { closeWebhookIntake } from "../../app/services/webhook-intake.server";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create";
import { action as inventoryUpdate } from "../../app/routes/webhooks.inventory_levels.update";
import { signedWebhook } from "../support/signed-webhook";
import { callAction } from "../support/call-route";
import { oversellBurst, shuffled, type Burst } from "../support/burst";
import { spawnWorker, waitForDeliveries } from "../support/child-worker";

const LOCATION = 7001;
const T0 = new Date("2026-05-01T08:00:00Z");

afterAll(() => closeWebhookIntake());

async function seedShop(shop: string, burst: Burst) {
  await prisma.shop.create({ data: { domain: shop } });
  await prisma.location.create({ data: { shop, id: BigInt(LOCATION), name: "Main" } });
  for (const it of burst.items) {
    await prisma.inventoryItem.create({ data: { shop, id: BigInt(it.itemId), variantId: BigInt(it.variantId), sku: it.sku, title: it.sku } });
    await prisma.inventoryLevel.create({ data: { shop, inventoryItemId: BigInt(it.itemId), locationId: BigInt(LOCATION), available: it.onHand, sourceUpdatedAt: T0 } });
  }
}

async function send(shop: string, deliveries: Burst["deliveries"]) {
  const res = await Promise.all(
    deliveries.map((d) =>
      callAction(d.topic === "orders/create" ? ordersCreate : inventoryUpdate, signedWebhook(d.topic, d.payload, { shop, webhookId: d.webhookId, triggeredAt: d.triggeredAt })),
    ),
  );
  expect(res.every((r) => r.status === 200)).toBe(true);
}

async function finalState(shop: string) {
  const lines = await prisma.backorderLine.findMany({ where: { shop, status: "backordered" } });
  return new Map(lines.map((l) => [`${l.orderName}:${l.sku}`, l.quantityBackordered]));
}

describe("worker processes", () => {
  it("a worker SIGKILLed before its batch commits leaves nothing half-written; its restart ends in the clean state", async () => {
    const shop = "killed.myshopify.com";
    const burst = oversellBurst({ orders: 60, skus: 4, location: LOCATION, seed: 11, start: T0 });
    await seedShop(shop, burst);
    await send(shop, burst.deliveries);

    const doomed = spawnWorker({ BP_FAULTS: "worker.beforeCommit:kill:1", WORKER_LEASE_MS: "2000", WORKER_LOOPS: "1", WORKER_BATCH_SIZE: "500" });
    const exit = await doomed.exited;
    expect(exit.signal, doomed.output()).toBe("SIGKILL");
    // Its whole batch was one uncommitted transaction: no order, no line, no settled delivery.
    expect(await prisma.order.count({ where: { shop } })).toBe(0);
    expect(await prisma.backorderLine.count({ where: { shop } })).toBe(0);
    expect(await prisma.webhookDelivery.count({ where: { shop, status: { not: "received" } } })).toBe(0);
    expect(await prisma.webhookDelivery.count({ where: { shop, claimToken: { not: null } } })).toBe(120);

    const restarted = spawnWorker({ WORKER_LEASE_MS: "2000" });
    try {
      await waitForDeliveries([shop]);
    } finally {
      await restarted.stop();
    }
    expect(await finalState(shop)).toEqual(burst.expectedShort);
    expect(await prisma.backorderLine.count({ where: { shop } })).toBe(burst.expectedShort.size);
    // Every delivery settled on its second claim; the levels an order's later update superseded in
    // the same batch are skipped as such.
    const settled = await prisma.webhookDelivery.groupBy({ by: ["status", "attempts", "statusReason"], where: { shop }, _count: true, orderBy: { status: "asc" } });
    expect(settled.map((s) => [s.status, s.attempts, s.statusReason])).toEqual([
      ["processed", 2, null],
      ["skipped", 2, "superseded by a newer version of this inventory level in the same batch"],
    ]);
    expect(settled.reduce((n, s) => n + s._count, 0)).toBe(120);
  });

  it("two workers on the same shuffled, duplicated burst end exactly where one clean run ends", async () => {
    const burst = oversellBurst({ orders: 300, skus: 8, location: LOCATION, seed: 23, start: T0 });
    const clean = "clean-run.myshopify.com";
    const racing = "two-workers.myshopify.com";
    await seedShop(clean, burst);
    await seedShop(racing, burst);

    // The clean run: one worker, deliveries in Shopify's order, each once.
    await send(clean, burst.deliveries);
    const one = spawnWorker({ WORKER_LOOPS: "1" });
    try {
      await waitForDeliveries([clean]);
    } finally {
      await one.stop();
    }

    // The race: every delivery twice (Shopify's at-least-once), shuffled, two workers with small
    // batches so they interleave on the same SKUs.
    const twice = shuffled([...burst.deliveries, ...burst.deliveries], 5);
    const workers = [spawnWorker({ WORKER_BATCH_SIZE: "25" }), spawnWorker({ WORKER_BATCH_SIZE: "25" })];
    try {
      for (let i = 0; i < twice.length; i += 50) await send(racing, twice.slice(i, i + 50));
      await waitForDeliveries([racing]);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }

    const expected = burst.expectedShort;
    expect(expected.size).toBeGreaterThan(20);
    expect(await finalState(clean)).toEqual(expected);
    expect(await finalState(racing)).toEqual(expected);
    // 0 lost (above), 0 duplicated: one line per short order line, one delivery row per webhook id.
    expect(await prisma.backorderLine.count({ where: { shop: racing, status: "backordered" } })).toBe(expected.size);
    expect(await prisma.webhookDelivery.count({ where: { shop: racing } })).toBe(burst.deliveries.length);
    expect(await prisma.webhookDelivery.count({ where: { shop: racing, status: "failed" } })).toBe(0);
    // Disjoint claims: no delivery was claimed twice.
    expect(new Set((await prisma.webhookDelivery.findMany({ where: { shop: racing }, select: { attempts: true } })).map((d) => d.attempts))).toEqual(new Set([1]));
  }, 180_000);
});
