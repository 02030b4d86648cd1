// waitForIdle (tests, replay, benchmarks) fails with what is still pending and why, within the test
// timeout, so a run that never settles names its cause instead of ending in a bare "timed out".
import "../setup/database";
import { afterAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { waitForIdle } from "../../app/jobs/idle.server";
import { enqueue, stopQueue } from "../../app/jobs/queue.server";
import { JOBS } from "../../app/jobs/job-names";
import { closeWebhookIntake } from "../../app/services/webhook-intake.server";

const SHOP = "idle.myshopify.com";

afterAll(async () => {
  await closeWebhookIntake();
  await stopQueue();
});

describe("waitForIdle", () => {
  it("returns at once when nothing is pending", async () => {
    const started = Date.now();
    await waitForIdle(5_000);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("names each pending delivery and job, with its claims, its last failure and when it is due", async () => {
    await prisma.webhookDelivery.create({
      data: { shop: SHOP, webhookId: "w-1", topic: "customers/redact", body: Buffer.from("{}"), attempts: 2, availableAt: new Date("2099-01-01T00:00:00Z"), statusReason: "deadlock detected" },
    });
    await prisma.webhookDelivery.create({ data: { shop: SHOP, webhookId: "w-2", topic: "orders/create", body: Buffer.from("{}"), status: "processed" } });
    await enqueue(JOBS.syncShop, { shop: SHOP });

    const error = await waitForIdle(300).then(() => null, (e: Error) => e);
    expect(error?.message).toMatch(/^waitForIdle: 1 deliveries and 1 jobs still pending after 300 ms/);
    expect(error?.message).toContain(`customers/redact (${SHOP}): 2 claim(s), available 2099-01-01T00:00:00.000Z, last failure: deadlock detected`);
    expect(error?.message).toMatch(/job shop\.sync [0-9a-f-]+: created, 0 retries/);
    // The settled delivery is not among the pending.
    expect(error?.message).not.toContain("orders/create");
  });
});
