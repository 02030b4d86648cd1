// The acknowledgement path: verify the HMAC over the raw bytes, store the delivery durably, answer
// 200. No JSON parse, no session lookup, no second write: the stored row is the unit of work that
// the workers claim (docs/decisions/0004-delivery-queue.md). Concurrent deliveries are written by
// one multi-row INSERT per group (group commit), so a burst costs a few commits, not one each.
//
// Served two ways with the same code: ahead of Remix by the web server (server/webhook-endpoint.ts,
// node http, no framework) and by the `webhooks.*` Remix routes (dev server, tests).
import crypto from "node:crypto";
import type pg from "pg";
import { appConfig } from "../config.server";
import { createPool } from "../database/pg-pool.server";
import { createGroupCommitter, type GroupCommitter } from "../database/group-commit";
import { insertDeliveries, type IncomingDelivery } from "../models/webhook-deliveries.server";
import { normalizeTopic } from "../webhooks/topics";
import { failPoint } from "../faults.server";
import { signalDeliveriesStored } from "../database/delivery-signal";

/** Largest body accepted (Shopify's order payloads with 250 lines stay far below it). */
export const MAX_WEBHOOK_BODY_BYTES = 8 * 1024 * 1024;

export type IntakeResponse = { status: number; body: string };

type HeaderGetter = (name: string) => string | null | undefined;

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/i;

function parseTime(value: string | null | undefined): Date | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t);
}

export function verifyWebhookHmac(raw: Buffer, header: string | null | undefined, secret: string): boolean {
  if (!header) return false;
  const expected = crypto.createHmac("sha256", secret).update(raw).digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** First non-whitespace byte: a cheap check that the body can be a JSON object (full parse: worker). */
function looksLikeJsonObject(raw: Buffer): boolean {
  for (const byte of raw) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    return byte === 0x7b; // {
  }
  return false;
}

export type WebhookIntake = {
  accept(raw: Buffer, header: HeaderGetter): Promise<IntakeResponse>;
  /** Waits for writes in flight (graceful shutdown). */
  close(): Promise<void>;
};

export function createWebhookIntake(o: { secret: string; pool: pg.Pool; maxInFlight?: number; maxBatch?: number }): WebhookIntake {
  const writer: GroupCommitter<IncomingDelivery> = createGroupCommitter({
    write: async (batch) => {
      await insertDeliveries(o.pool, batch);
      signalDeliveriesStored();
    },
    maxBatch: o.maxBatch ?? 256,
    maxInFlight: o.maxInFlight ?? 3,
  });

  return {
    async accept(raw, header) {
      // The signature first: nothing about an unsigned request is looked at, stored or logged.
      if (!verifyWebhookHmac(raw, header("x-shopify-hmac-sha256"), o.secret)) return { status: 401, body: "Unauthorized" };
      const topic = header("x-shopify-topic");
      const shop = header("x-shopify-shop-domain");
      const webhookId = header("x-shopify-webhook-id");
      if (!topic || !shop || !webhookId) return { status: 400, body: "Missing X-Shopify-Topic, X-Shopify-Shop-Domain or X-Shopify-Webhook-Id" };
      if (!SHOP_DOMAIN.test(shop) || shop.length > 255 || webhookId.length > 255 || topic.length > 100) {
        return { status: 400, body: "Malformed X-Shopify-* header" };
      }
      if (!looksLikeJsonObject(raw)) return { status: 400, body: "Webhook body is not a JSON object" };
      try {
        await failPoint("intake.insert");
        await writer.add({
          shop: shop.toLowerCase(),
          webhookId,
          eventId: header("x-shopify-event-id") ?? null,
          topic: normalizeTopic(topic),
          apiVersion: header("x-shopify-api-version") ?? null,
          triggeredAt: parseTime(header("x-shopify-triggered-at")),
          body: raw,
        });
      } catch (error) {
        // Not stored: a 5xx makes Shopify retry the same delivery later.
        console.error(`[webhooks] could not store ${topic} ${webhookId} for ${shop}: ${(error as Error).message}`);
        return { status: 503, body: "Temporarily unable to store the webhook; retry" };
      }
      return { status: 200, body: "" };
    },
    close: () => writer.drain(),
  };
}

// The process-wide intake, created on first use from the app configuration.
let shared: { intake: WebhookIntake; pool: pg.Pool } | null = null;

export function webhookIntake(): WebhookIntake {
  if (!shared) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not resolved yet: call ensureDatabaseUrl() at start-up");
    const pool = createPool(url, { max: Number(process.env.INTAKE_POOL_SIZE ?? 4), name: "intake" });
    shared = { pool, intake: createWebhookIntake({ secret: appConfig().apiSecret, pool }) };
  }
  return shared.intake;
}

/**
 * Opens the intake's connections before the first delivery arrives, so the first deliveries of a
 * burst do not wait for connection set-up (web process start-up).
 */
export async function warmWebhookIntake(): Promise<void> {
  webhookIntake();
  const pool = shared!.pool;
  const clients = await Promise.all(Array.from({ length: pool.options.max ?? 4 }, () => pool.connect()));
  await Promise.all(clients.map((c) => c.query("SELECT 1")));
  clients.forEach((c) => c.release());
}

export async function closeWebhookIntake(): Promise<void> {
  const s = shared;
  shared = null;
  if (!s) return;
  await s.intake.close();
  await s.pool.end();
}

/** The Remix route form: a Fetch API Request in, a Response out. */
export async function receiveWebhook(request: Request): Promise<Response> {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { allow: "POST" } });
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_WEBHOOK_BODY_BYTES) return new Response("Payload Too Large", { status: 413 });
  const raw = Buffer.from(await request.arrayBuffer());
  if (raw.length > MAX_WEBHOOK_BODY_BYTES) return new Response("Payload Too Large", { status: 413 });
  const r = await webhookIntake().accept(raw, (name) => request.headers.get(name));
  return new Response(r.body || null, { status: r.status });
}
