// The queue's failure path, through the real routes and workers: a processing step that throws is
// rolled back as a whole, retried with backoff, and after the last retry the delivery is parked as
// failed with the reason. A job that runs more than once changes nothing the second time.
import "../setup/database";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import prisma from "../../app/db.server";
import { enqueue, startJobs, stopJobs, waitForIdle } from "../../app/jobs/queue.server";
import { JOBS } from "../../app/jobs/job-names";
import { insertDeliveryOnce } from "../../app/models/webhook-deliveries.server";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create";
import { action as inventoryUpdate } from "../../app/routes/webhooks.inventory_levels.update";
import { signedWebhook } from "../support/signed-webhook";
import { inventoryLevelPayload, orderPayload } from "../support/rest-payloads";
import { callAction, type RouteAction } from "../support/call-route";

// The last write of a detection (its audit event) fails while `remaining` > 0: the backorder line
// written just before it in the same transaction must not survive.
const failures = vi.hoisted(() => ({ remaining: 0, calls: 0 }));
vi.mock("../../app/models/backorders.server", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../app/models/backorders.server")>();
  return {
    ...actual,
    appendBackorderEvent: async (...args: Parameters<typeof actual.appendBackorderEvent>) => {
      failures.calls++;
      if (failures.remaining > 0) {
        failures.remaining--;
        throw new Error("Connection terminated unexpectedly (simulated)");
      }
      return actual.appendBackorderEvent(...args);
    },
  };
});

const LOCATION = 7001n;
const ITEM = 880001;
const VARIANT = 990001;
const T0 = new Date("2026-05-01T08:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);

let shop = "";
let shopN = 0;
const send = (action: RouteAction, topic: string, payload: unknown, webhookId?: string) =>
  callAction(action, signedWebhook(topic, payload, { shop, webhookId }));
const order = (n: number) =>
  orderPayload({ id: 5000 + n, name: `#${1000 + n}`, sourceName: "web", createdAt: at(n), lines: [{ id: 70000 + n, variantId: VARIANT, sku: "LAMP-1", quantity: 1 }] });
const level = (available: number, sec: number) => inventoryLevelPayload(ITEM, Number(LOCATION), available, at(sec));
const deliveryOf = (webhookId: string) => prisma.webhookDelivery.findFirstOrThrow({ where: { shop, webhookId } });

beforeAll(async () => {
  // Retry at once (backoff capped at 0 s) so six attempts take a few polls, not a minute.
  process.env.JOB_RETRY_DELAY_MAX_SECONDS = "0";
  await startJobs({ schedules: false });
});
afterAll(async () => {
  await stopJobs();
  delete process.env.JOB_RETRY_DELAY_MAX_SECONDS;
});
beforeEach(async () => {
  failures.remaining = 0;
  failures.calls = 0;
  shop = `retries-${++shopN}.myshopify.com`;
  await prisma.location.create({ data: { shop, id: LOCATION, name: "Main" } });
  await prisma.inventoryItem.create({ data: { shop, id: BigInt(ITEM), variantId: BigInt(VARIANT), sku: "LAMP-1", title: "Lamp" } });
  await send(ordersCreate, "orders/create", order(1));
  await waitForIdle();
});

describe("webhook job retries", () => {
  it("retries a failed step from scratch and succeeds, leaving one line and one event", async () => {
    failures.remaining = 2;
    expect((await send(inventoryUpdate, "inventory_levels/update", level(-1, 10), "level-1")).status).toBe(200);
    await waitForIdle();

    expect(failures.calls).toBe(3);
    const d = await deliveryOf("level-1");
    expect(d).toMatchObject({ status: "processed", statusReason: null, attempts: 3 });
    const lines = await prisma.backorderLine.findMany({ where: { shop } });
    expect(lines.map((l) => [l.orderName, l.status, l.quantityBackordered])).toEqual([["#1001", "backordered", 1]]);
    expect(await prisma.backorderEvent.count({ where: { shop } })).toBe(1);
  });

  it("parks the delivery as failed with the reason after the last retry, with nothing half-written", async () => {
    failures.remaining = Number.POSITIVE_INFINITY;
    await send(inventoryUpdate, "inventory_levels/update", level(-1, 10), "level-doomed");
    await waitForIdle();

    // First attempt + retryLimit (5) retries.
    expect(failures.calls).toBe(6);
    const d = await deliveryOf("level-doomed");
    expect(d.status).toBe("failed");
    expect(d.attempts).toBe(6);
    expect(d.statusReason).toMatch(/^gave up after 6 attempt\(s\): Connection terminated unexpectedly \(simulated\)$/);
    // The level write and the detection are one transaction: neither is kept.
    expect(await prisma.backorderLine.count({ where: { shop } })).toBe(0);
    expect(await prisma.backorderEvent.count({ where: { shop } })).toBe(0);
    expect(await prisma.inventoryLevel.count({ where: { shop } })).toBe(0);
    const jobs = await prisma.$queryRaw<{ state: string }[]>`
      SELECT state FROM pgboss.job WHERE name = ${JOBS.processWebhook} AND data->>'deliveryId' = ${d.id.toString()}`;
    expect(jobs.map((j) => j.state)).toEqual(["failed"]);

    // The shop's next update is processed normally: the failure blocks nothing else.
    failures.remaining = 0;
    await send(inventoryUpdate, "inventory_levels/update", level(-1, 20), "level-next");
    await waitForIdle();
    expect((await deliveryOf("level-next")).status).toBe("processed");
    expect(await prisma.backorderLine.count({ where: { shop, status: "backordered" } })).toBe(1);
  });

  it("gives the same result when the queue hands a delivery to several workers at once", async () => {
    // A delivery recorded as the intake does, then its job enqueued three times at once (as after
    // a worker lost its claim): the copies run concurrently and all see it unprocessed.
    const id = await insertDeliveryOnce({
      shop, webhookId: "level-thrice", eventId: null, topic: "inventory_levels/update", apiVersion: "2026-01",
      triggeredAt: at(10), payload: level(-1, 10),
    });
    await Promise.all([1, 2, 3].map(() => enqueue(JOBS.processWebhook, { deliveryId: id!.toString() })));
    await waitForIdle();
    expect(await deliveryOf("level-thrice")).toMatchObject({ status: "processed" });
    expect(await prisma.backorderLine.count({ where: { shop } })).toBe(1);
    expect(await prisma.backorderEvent.count({ where: { shop } })).toBe(1);
    // And once more after it settled: nothing to do.
    await enqueue(JOBS.processWebhook, { deliveryId: id!.toString() });
    await waitForIdle();
    expect(await prisma.backorderEvent.count({ where: { shop } })).toBe(1);
  });
});
