// At-least-once webhook delivery as Shopify does it: signed with the app secret, X-Shopify-*
// headers, retried on non-2xx or network failure on Shopify's schedule (8 retries over ~4 h),
// with optional duplicates, shuffling and delays to exercise the app's idempotency and ordering.
import crypto from "node:crypto";

export type WebhookTransport = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ status: number }>;

export type QueuedWebhook = {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  body: string;
  triggeredAt: Date;
  dueAt: number;
  attempt: number;
};

export type DeliveryOptions = {
  /** Probability (0..1) that a delivery is sent twice with the same webhook id. */
  duplicateRate?: number;
  /** Deliver each due batch in random order. */
  shuffle?: boolean;
  /** Extra random delay per delivery, ms. */
  maxDelayMs?: number;
};

// Shopify retries a failed delivery 8 times over about 4 hours.
export const RETRY_SCHEDULE_MS = [10_000, 30_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 7_200_000];

export type DeliveryRecord = { webhookId: string; topic: string; attempt: number; status: number | "error"; at: Date };

export class WebhookDispatcher {
  queue: QueuedWebhook[] = [];
  log: DeliveryRecord[] = [];
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

  enqueue(shop: string, topic: string, payload: unknown, triggeredAt: Date): void {
    const body = JSON.stringify(payload);
    const base = {
      webhookId: crypto.randomUUID(),
      eventId: crypto.randomUUID(),
      topic,
      shop,
      body,
      triggeredAt,
      attempt: 0,
    };
    const delay = () => Math.floor(this.o.random() * (this.o.options.maxDelayMs ?? 0));
    this.queue.push({ ...base, dueAt: triggeredAt.getTime() + delay() });
    if (this.o.random() < (this.o.options.duplicateRate ?? 0)) this.queue.push({ ...base, dueAt: triggeredAt.getTime() + delay() });
  }

  sign(body: string): string {
    return crypto.createHmac("sha256", this.o.apiSecret).update(body, "utf8").digest("base64");
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

  /** Sends every delivery due at `nowMs` (retries reschedule themselves). Returns how many were sent. */
  async deliverDue(nowMs: number, concurrency = 8, afterEach?: () => Promise<void>): Promise<number> {
    const due = this.queue.filter((w) => w.dueAt <= nowMs);
    if (due.length === 0) return 0;
    this.queue = this.queue.filter((w) => w.dueAt > nowMs);
    if (this.o.options.shuffle) {
      for (let i = due.length - 1; i > 0; i--) {
        const j = Math.floor(this.o.random() * (i + 1));
        [due[i], due[j]] = [due[j], due[i]];
      }
    } else due.sort((a, b) => a.dueAt - b.dueAt);
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const w = due[next++];
        let status: number | "error";
        try {
          status = (await this.o.transport(`${this.o.appUrl()}/webhooks/${w.topic}`, { method: "POST", headers: this.headers(w), body: w.body })).status;
        } catch {
          status = "error";
        }
        this.log.push({ webhookId: w.webhookId, topic: w.topic, attempt: w.attempt, status, at: new Date(nowMs) });
        const ok = typeof status === "number" && status >= 200 && status < 300;
        await afterEach?.();
        if (!ok && w.attempt < RETRY_SCHEDULE_MS.length) {
          this.queue.push({ ...w, attempt: w.attempt + 1, dueAt: nowMs + RETRY_SCHEDULE_MS[w.attempt] });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
    return due.length;
  }
}
