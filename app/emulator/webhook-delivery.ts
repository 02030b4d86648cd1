// At-least-once webhook delivery as Shopify does it: signed with the app secret, X-Shopify-*
// headers, retried on non-2xx, network failure or a response slower than 5 s, on Shopify's schedule
// (8 retries over about 4 hours), with optional duplicates, shuffling and delays to exercise the
// app's idempotency and ordering. Deliveries wait in a queue until `deliverDue(now)`: time is the
// caller's (virtual in replay), never a timer here.
import crypto from "node:crypto";
import { seededUuid } from "./seeded-random";

export type WebhookTransport = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ status: number }>;

export type QueuedWebhook = {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  body: string;
  triggeredAt: Date;
  dueAt: number;
  /** 0 for the first delivery, n for the n-th retry. */
  attempt: number;
  /** Enqueue order: keeps same-instant deliveries in the order Shopify emitted them. */
  seq: number;
};

export type DeliveryOptions = {
  /** Probability (0..1) that a delivery is sent twice with the same webhook id. */
  duplicateRate?: number;
  /** Deliver each due batch in random order. */
  shuffle?: boolean;
  /** Extra random delay per delivery, ms (so later events can arrive first). */
  maxDelayMs?: number;
  /** Topics the app subscribes to (shopify.app.toml); others are not sent. Default: all. */
  topics?: readonly string[];
};

// Shopify retries a failed delivery 8 times over about 4 hours, backing off exponentially.
export const RETRY_SCHEDULE_MS = [10_000, 30_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 7_200_000];
/** Shopify counts a delivery as failed when the app takes longer than this to answer. */
export const DELIVERY_TIMEOUT_MS = 5_000;

export type DeliveryRecord = { webhookId: string; topic: string; shop: string; attempt: number; status: number | "error"; at: Date };

export const signWebhookBody = (body: string, secret: string) => crypto.createHmac("sha256", secret).update(body, "utf8").digest("base64");

export const fetchTransport: WebhookTransport = async (url, init) => {
  const r = await fetch(url, { ...init, signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
  await r.arrayBuffer();
  return { status: r.status };
};

export class WebhookDispatcher {
  queue: QueuedWebhook[] = [];
  /** Every attempt, in the order made. */
  log: DeliveryRecord[] = [];
  /** Deliveries that failed every retry (Shopify would warn the partner and stop). */
  abandoned: QueuedWebhook[] = [];
  private seq = 0;

  constructor(
    private readonly o: {
      appUrl: () => string;
      apiSecret: string;
      apiVersion: string;
      transport: WebhookTransport;
      random: () => number;
      options: DeliveryOptions;
    },
  ) {}

  setTransport(transport: WebhookTransport): void {
    this.o.transport = transport;
  }

  /** Queues a delivery of `payload`, due at `triggeredAt` (+ any configured random delay). */
  enqueue(shop: string, topic: string, payload: unknown, triggeredAt: Date): QueuedWebhook | null {
    if (this.o.options.topics && !this.o.options.topics.includes(topic)) return null;
    const body = JSON.stringify(payload);
    const base = {
      webhookId: seededUuid(this.o.random),
      eventId: seededUuid(this.o.random),
      topic,
      shop,
      body,
      triggeredAt,
      attempt: 0,
    };
    const delay = () => (this.o.options.maxDelayMs ? Math.floor(this.o.random() * this.o.options.maxDelayMs) : 0);
    const first = { ...base, dueAt: triggeredAt.getTime() + delay(), seq: this.seq++ };
    this.queue.push(first);
    if (this.o.options.duplicateRate && this.o.random() < this.o.options.duplicateRate) {
      this.queue.push({ ...base, dueAt: triggeredAt.getTime() + delay(), seq: this.seq++ });
    }
    return first;
  }

  sign(body: string): string {
    return signWebhookBody(body, this.o.apiSecret);
  }

  headers(w: QueuedWebhook): Record<string, string> {
    return {
      "content-type": "application/json",
      "x-shopify-topic": w.topic,
      "x-shopify-shop-domain": w.shop,
      "x-shopify-webhook-id": w.webhookId,
      "x-shopify-event-id": w.eventId,
      "x-shopify-triggered-at": w.triggeredAt.toISOString(),
      "x-shopify-api-version": this.o.apiVersion,
      "x-shopify-hmac-sha256": this.sign(w.body),
    };
  }

  url(topic: string): string {
    return `${this.o.appUrl().replace(/\/$/, "")}/webhooks/${topic}`;
  }

  /** When the next queued delivery is due (ms), or null when none is queued. */
  nextDueAt(): number | null {
    let min: number | null = null;
    for (const w of this.queue) if (min === null || w.dueAt < min) min = w.dueAt;
    return min;
  }

  /**
   * Sends every delivery due at `nowMs`, `concurrency` at a time (1 = strictly in order, each
   * awaited, then `afterEach`). A failure is re-queued at now + the next retry interval.
   * Returns how many were sent.
   */
  async deliverDue(nowMs: number, concurrency = 8, afterEach?: () => Promise<void>): Promise<number> {
    const due: QueuedWebhook[] = [];
    const later: QueuedWebhook[] = [];
    for (const w of this.queue) (w.dueAt <= nowMs ? due : later).push(w);
    if (due.length === 0) return 0;
    this.queue = later;
    if (this.o.options.shuffle) {
      for (let i = due.length - 1; i > 0; i--) {
        const j = Math.floor(this.o.random() * (i + 1));
        [due[i], due[j]] = [due[j], due[i]];
      }
    } else due.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const w = due[next++];
        let status: number | "error";
        try {
          status = (await this.o.transport(this.url(w.topic), { method: "POST", headers: this.headers(w), body: w.body })).status;
        } catch {
          status = "error";
        }
        this.log.push({ webhookId: w.webhookId, topic: w.topic, shop: w.shop, attempt: w.attempt, status, at: new Date(nowMs) });
        const ok = typeof status === "number" && status >= 200 && status < 300;
        if (!ok) {
          if (w.attempt < RETRY_SCHEDULE_MS.length) this.queue.push({ ...w, attempt: w.attempt + 1, dueAt: nowMs + RETRY_SCHEDULE_MS[w.attempt], seq: this.seq++ });
          else this.abandoned.push(w);
        }
        await afterEach?.();
      }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), due.length) }, worker));
    return due.length;
  }
}
