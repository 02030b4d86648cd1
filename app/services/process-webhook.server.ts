// The `webhook.process` job: one recorded delivery -> its handler by topic. Parse failures park
// the delivery as failed with the reason (no retry: the same bytes will not parse later). Other
// errors are noted on the delivery and thrown, so the queue retries with backoff; when the retries
// run out the job is dead-lettered and giveUpDelivery records the failure.
import { now } from "../clock.server";
import { findDeliveryForJob, markDelivery, markDeliveryGivenUp, noteFailedAttempt } from "../models/webhook-deliveries.server";
import { describeIssues } from "../webhooks/payload-fields";
import { parseOrderPayload } from "../webhooks/order-payload";
import { parseInventoryLevelPayload } from "../webhooks/inventory-level-payload";
import { parseProductPayload } from "../webhooks/product-payload";
import { TOPICS } from "../webhooks/topics";
import { processOrder } from "./process-order.server";
import { processInventoryLevel } from "./process-inventory-level.server";
import { processProduct } from "./process-product.server";
import { handleAppUninstalled } from "./uninstall.server";
import { handleScopesUpdate } from "./scopes.server";
import { assembleCustomerData, redactCustomer, redactShop } from "./privacy.server";

export type ProcessOutcome = { status: "processed" | "skipped" | "failed"; reason: string | null };

export async function processWebhookDelivery(deliveryId: bigint, job: { attempt: number } = { attempt: 0 }): Promise<ProcessOutcome> {
  const d = await findDeliveryForJob(deliveryId);
  if (!d) return { status: "skipped", reason: "delivery no longer stored (shop data purged)" };
  // A job that runs twice (redelivered by the queue) finds the delivery already settled.
  if (d.status !== "received") return { status: d.status as ProcessOutcome["status"], reason: "already handled" };
  const attempts = job.attempt + 1;
  let outcome: ProcessOutcome;
  try {
    outcome = await dispatch(d.shop, d.topic, d.payload, d.triggeredAt, `webhook:${d.webhookId}`);
  } catch (error) {
    const message = (error as Error).message;
    // Best effort: the database may be what failed.
    await noteFailedAttempt(d.shop, d.id, attempts, `attempt ${attempts} failed, will retry: ${message}`).catch(() => {});
    throw error;
  }
  if (outcome.status === "failed") console.warn(`[webhook] ${d.topic} ${d.webhookId} failed: ${outcome.reason}`);
  await markDelivery(d.shop, d.id, outcome.status, outcome.reason, now(), attempts);
  return outcome;
}

/** The queue gave up on a delivery (retries exhausted or the job expired): park it as failed. */
export async function giveUpDelivery(deliveryId: bigint, attempts: number, message: string): Promise<void> {
  const d = await findDeliveryForJob(deliveryId);
  if (!d) return;
  const reason = `gave up after ${attempts} attempt(s): ${message}`;
  if (await markDeliveryGivenUp(d.shop, d.id, reason, now(), attempts)) console.warn(`[webhook] ${d.topic} ${d.webhookId} failed: ${reason}`);
}

function invalid(topic: string, error: Parameters<typeof describeIssues>[0]): ProcessOutcome {
  return { status: "failed", reason: `invalid ${topic} payload: ${describeIssues(error)}` };
}

async function dispatch(shop: string, topic: string, payload: unknown, triggeredAt: Date, source: string): Promise<ProcessOutcome> {
  switch (topic) {
    case TOPICS.ordersCreate:
    case TOPICS.ordersUpdated:
    case TOPICS.ordersCancelled: {
      const r = parseOrderPayload(payload);
      return r.ok ? processOrder(shop, r.value, triggeredAt, source) : invalid(topic, r.error);
    }
    case TOPICS.inventoryLevelsUpdate: {
      const r = parseInventoryLevelPayload(payload);
      return r.ok ? processInventoryLevel(shop, r.value, triggeredAt, source) : invalid(topic, r.error);
    }
    case TOPICS.productsUpdate: {
      const r = parseProductPayload(payload);
      return r.ok ? processProduct(shop, r.value) : invalid(topic, r.error);
    }
    case TOPICS.appUninstalled:
      await handleAppUninstalled(shop, triggeredAt);
      return { status: "processed", reason: null };
    case TOPICS.appScopesUpdate:
      return handleScopesUpdate(shop, payload);
    case TOPICS.customersRedact:
      return redactCustomer(shop, payload);
    case TOPICS.customersDataRequest:
      return assembleCustomerData(shop, payload);
    case TOPICS.shopRedact:
      await redactShop(shop);
      return { status: "processed", reason: null };
    default:
      return { status: "skipped", reason: `no handler for topic ${topic}` };
  }
}
