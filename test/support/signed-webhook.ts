// Builds webhook requests exactly as Shopify sends them: raw JSON body, base64 HMAC-SHA256 with
// the app secret, and the X-Shopify-* headers.
import crypto from "node:crypto";
import { TEST_API_SECRET, TEST_APP_URL } from "./test-env";

export type SignedWebhookOptions = {
  shop?: string;
  webhookId?: string;
  eventId?: string;
  triggeredAt?: Date;
  apiVersion?: string;
  secret?: string;
  /** Send these bytes instead of JSON.stringify(payload) (malformed-body tests). */
  rawBody?: string;
};

export function hmac(body: string, secret = TEST_API_SECRET): string {
  return crypto.createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export function signedWebhook(topic: string, payload: unknown, o: SignedWebhookOptions = {}): Request {
  const body = o.rawBody ?? JSON.stringify(payload);
  return new Request(`${TEST_APP_URL}/webhooks/${topic}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-shop-domain": o.shop ?? "test-shop.myshopify.com",
      "x-shopify-webhook-id": o.webhookId ?? crypto.randomUUID(),
      "x-shopify-event-id": o.eventId ?? crypto.randomUUID(),
      "x-shopify-triggered-at": (o.triggeredAt ?? new Date()).toISOString(),
      "x-shopify-api-version": o.apiVersion ?? "2026-01",
      "x-shopify-hmac-sha256": hmac(body, o.secret),
    },
    body,
  });
}
