// The delivery worker: claims batches of stored deliveries (FOR UPDATE SKIP LOCKED, with a lease),
// applies them (services/process-deliveries.server.ts) and settles them in the same transactions.
// Several loops per process and any number of processes share the work; a loop parses its next
// batch while another one holds the shop's lock, which is how two workers beat one on one shop.
//
// Failure handling (every path ends with the delivery processed, skipped, failed or due again):
// - a transient database error (deadlock, serialization, connection) retries the batch;
// - any other error retries the batch's deliveries one by one, so one bad delivery cannot block its
//   neighbours; a delivery that fails alone is released with exponential backoff and failed for good
//   after `maxAttempts`;
// - a worker that dies mid-batch leaves its transaction uncommitted: the lease runs out and another
//   worker (or the restarted one) claims the rows again.
import crypto from "node:crypto";
import pg from "pg";
import { claimDeliveries, DELIVERY_CHANNEL, releaseAfterFailure, type ClaimedDelivery } from "../models/webhook-deliveries.server";
import { isTransientDbError } from "../models/transaction.server";
import { applyShopPart, planBatch, type ShopBatchResult } from "../services/process-deliveries.server";
import { now } from "../clock.server";
import { onDeliveriesStored } from "../database/delivery-signal";
import { SESSION_OPTIONS } from "../database/pg-pool.server";

export type DeliveryWorkerOptions = {
  /** Deliveries claimed per batch. */
  batchSize?: number;
  /** How long a claim is exclusive; a killed worker's batch is reclaimed after it. */
  leaseMs?: number;
  /** Idle poll interval when no notification arrives. */
  pollMs?: number;
  /** Claims after which a delivery that keeps failing is failed for good. */
  maxAttempts?: number;
  /** Concurrent batch loops in this process. */
  loops?: number;
  /** Called after commit for shops that now wait for assigned-location lookups. */
  onLookupsWaiting?: (shop: string) => Promise<void>;
  /** Called after commit for shops whose backorder lines changed (the promise refresh). */
  onPositionsChanged?: (shop: string) => Promise<void>;
  /** Called after each batch (metrics, tests). */
  onBatch?: (r: BatchReport) => void;
  /** LISTEN for NOTIFY (PostgreSQL); off for PGlite, whose socket shares one session. */
  listen?: boolean;
};

export type BatchReport = { claimed: number; settled: number; retriedAlone: number; released: number; lost: number; ms: number };

const defaults = () => ({
  batchSize: Number(process.env.WORKER_BATCH_SIZE ?? 400),
  leaseMs: Number(process.env.WORKER_LEASE_MS ?? 30_000),
  pollMs: Number(process.env.WORKER_POLL_MS ?? 200),
  maxAttempts: Number(process.env.WORKER_MAX_ATTEMPTS ?? 8),
  loops: Number(process.env.WORKER_LOOPS ?? 2),
});

/** Backoff before a failed delivery's next attempt: 1 s, 2 s, 4 s … capped at 5 min, with jitter. */
export function retryDelayMs(attempts: number): number {
  const base = Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * Math.random()));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Part = Parameters<typeof applyShopPart>[1];

/** Applies a shop's part; a transient database error retries the whole part a few times. */
async function applyWithRetry(shop: string, part: Part, token: string): Promise<ShopBatchResult[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyShopPart(shop, part, token);
    } catch (error) {
      if (!isTransientDbError(error) || attempt >= 3) throw error;
      await sleep(50 * attempt);
    }
  }
}

function singles(part: Part): Part[] {
  return [
    ...part.stock.map((i) => ({ stock: [i], rejected: [], lifecycle: [] })),
    ...part.rejected.map((r) => ({ stock: [], rejected: [r], lifecycle: [] })),
    ...part.lifecycle.map((i) => ({ stock: [], rejected: [], lifecycle: [i] })),
  ];
}

const idsOf = (part: Part) => [...part.stock.map((i) => i.d.id), ...part.rejected.map((r) => r.id), ...part.lifecycle.map((i) => i.d.id)];

/** Processes one claimed batch to the end: every delivery settled, released for retry, or lost to another worker. */
export async function processClaimedBatch(
  claimed: ClaimedDelivery[],
  token: string,
  o: Required<Pick<DeliveryWorkerOptions, "maxAttempts">> & Pick<DeliveryWorkerOptions, "onLookupsWaiting" | "onPositionsChanged">,
): Promise<BatchReport> {
  const started = Date.now();
  const report: BatchReport = { claimed: claimed.length, settled: 0, retriedAlone: 0, released: 0, lost: 0, ms: 0 };
  const attemptsOf = new Map(claimed.map((d) => [d.id, d.attempts]));
  const lookupShops = new Set<string>();
  const changedShops = new Set<string>();
  const account = (results: ShopBatchResult[]) => {
    for (const r of results) {
      report.settled += r.settled.length;
      report.lost += r.lost.length;
      if (r.lookupsWaiting) lookupShops.add(r.shop);
      if (r.positionsChanged) changedShops.add(r.shop);
    }
  };
  for (const [shop, part] of planBatch(claimed)) {
    try {
      account(await applyWithRetry(shop, part, token));
    } catch (batchError) {
      // Find the culprit: each delivery alone. The others go through; the failing one waits.
      for (const single of singles(part)) {
        report.retriedAlone++;
        try {
          account(await applyWithRetry(shop, single, token));
        } catch (error) {
          const id = idsOf(single)[0];
          const message = (error as Error).message?.split("\n").slice(-1)[0]?.slice(0, 500) || String(error);
          console.warn(`[worker] delivery ${id} (${shop}) failed: ${message}`);
          await releaseAfterFailure(token, id, message, { retryInMs: retryDelayMs(attemptsOf.get(id) ?? 1), maxAttempts: o.maxAttempts, at: now() });
          report.released++;
        }
      }
      if (report.retriedAlone === 0) throw batchError;
    }
  }
  for (const shop of lookupShops) await o.onLookupsWaiting?.(shop).catch((e) => console.warn(`[worker] lookup job for ${shop} not enqueued (the sweep will): ${(e as Error).message}`));
  for (const shop of changedShops) await o.onPositionsChanged?.(shop).catch((e) => console.warn(`[worker] promise refresh for ${shop} not enqueued (the sweep will): ${(e as Error).message}`));
  report.ms = Date.now() - started;
  return report;
}

/** Claims and processes batches until none is due (scenario replay, tests, benchmarks). Returns deliveries claimed. */
export async function drainDeliveries(o: DeliveryWorkerOptions = {}): Promise<number> {
  const d = { ...defaults(), ...o };
  const token = crypto.randomUUID();
  let total = 0;
  for (;;) {
    const claimed = await claimDeliveries(token, d.batchSize, d.leaseMs);
    if (claimed.length === 0) return total;
    total += claimed.length;
    const r = await processClaimedBatch(claimed, token, d);
    o.onBatch?.(r);
  }
}

export type DeliveryWorker = { stop(): Promise<void>; wake(): void };

export function startDeliveryWorker(o: DeliveryWorkerOptions = {}): DeliveryWorker {
  const d = { ...defaults(), ...o };
  let stopped = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    const all = [...waiters];
    waiters.clear();
    all.forEach((w) => w());
  };
  const idle = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        waiters.delete(done);
        resolve();
      };
      const t = setTimeout(done, d.pollMs);
      waiters.add(done);
    });
  const unsubscribe = onDeliveriesStored(wake);

  let listener: pg.Client | null = null;
  if (o.listen && process.env.DATABASE_URL) {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL, options: SESSION_OPTIONS });
    listener = c;
    c.on("notification", wake);
    c.on("error", (e) => console.warn(`[worker] LISTEN connection lost (${e.message}); polling every ${d.pollMs} ms`));
    c.connect().then(() => c.query(`LISTEN ${DELIVERY_CHANNEL}`)).catch((e) => console.warn(`[worker] LISTEN unavailable: ${(e as Error).message}`));
  }

  const loop = async (n: number) => {
    const token = crypto.randomUUID();
    while (!stopped) {
      let claimed: ClaimedDelivery[] = [];
      try {
        claimed = await claimDeliveries(token, d.batchSize, d.leaseMs);
        if (claimed.length === 0) {
          await idle();
          continue;
        }
        const r = await processClaimedBatch(claimed, token, d);
        o.onBatch?.(r);
        // Another loop may be idle while work remains: let it know.
        if (claimed.length === d.batchSize) wake();
      } catch (error) {
        // The database itself failed (claim or release). The claim's lease returns the rows.
        console.error(`[worker] loop ${n}: ${(error as Error).message}`);
        await sleep(1000);
      }
    }
  };
  const loops = Array.from({ length: Math.max(1, d.loops) }, (_, i) => loop(i + 1));

  return {
    wake,
    async stop() {
      stopped = true;
      unsubscribe();
      wake();
      // Idle loops wake at once; batches in flight finish first.
      await Promise.all(loops);
      await listener?.end().catch(() => {});
    },
  };
}
