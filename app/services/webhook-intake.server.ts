// Webhook intake: verify, record once, enqueue, acknowledge. Nothing else happens on the request
// path so Shopify gets its 200 in milliseconds; processing runs in the job queue.
import crypto from "node:crypto";
import { authenticate } from "../shopify.server";
import { now } from "../clock.server";
import { insertDeliveryOnce } from "../models/webhook-deliveries.server";
import { enqueue } from "../jobs/queue.server";
import { JOBS } from "../jobs/job-names";
import { normalizeTopic } from "../webhooks/topics";
import { appConfig } from "../config.server";

function isJson(raw: string): boolean {
  try {
    JSON.parse(raw);
    return true;
  } catch {
    return false;
  }
}

function hasValidSignature(raw: string, hmac: string | null): boolean {
  if (!hmac) return false;
  const expected = crypto.createHmac("sha256", appConfig().apiSecret).update(raw, "utf8").digest();
  const given = Buffer.from(hmac, "base64");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

function parseTime(value: unknown): Date | null {
  return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? new Date(value) : null;
}

/** Deliveries without X-Shopify-Triggered-At (older API versions) are ordered by the payload's own time. */
function payloadUpdatedAt(payload: unknown): Date | null {
  return payload && typeof payload === "object" ? parseTime((payload as { updated_at?: unknown }).updated_at) : null;
}

export async function receiveWebhook(request: Request): Promise<Response> {
  // A correctly signed body that is not JSON: a clear 400 (the library would fail parsing it).
  const raw = await request.clone().text();
  if (!isJson(raw) && hasValidSignature(raw, request.headers.get("x-shopify-hmac-sha256"))) {
    return new Response("Webhook body is not valid JSON", { status: 400 });
  }

  let webhook: Awaited<ReturnType<typeof authenticate.webhook>>;
  try {
    // Verifies the HMAC (401 on a bad signature) and the required headers (400).
    webhook = await authenticate.webhook(request);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }

  const triggeredAt = parseTime(request.headers.get("x-shopify-triggered-at")) ?? payloadUpdatedAt(webhook.payload) ?? now();
  const deliveryId = await insertDeliveryOnce({
    shop: webhook.shop,
    webhookId: webhook.webhookId,
    eventId: request.headers.get("x-shopify-event-id"),
    topic: normalizeTopic(webhook.topic),
    apiVersion: webhook.apiVersion ?? null,
    triggeredAt,
    payload: webhook.payload,
  });
  // A repeat delivery (same webhook id) is acknowledged and not processed again.
  if (deliveryId !== null) await enqueue(JOBS.processWebhook, { deliveryId: deliveryId.toString() });
  return new Response(null, { status: 200 });
}
