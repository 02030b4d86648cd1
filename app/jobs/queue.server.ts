// The durable job queue: pg-boss on the app's own Postgres (embedded PGlite or a server), the same
// code in both modes (docs/decisions/0003-job-queue.md). Workers are idempotent: every handler
// re-reads current state, so a job that runs twice changes nothing the second time.
import { PgBoss } from "pg-boss";
import pg from "pg";
import { JOBS, WEBHOOK_DEAD_LETTER, type JobData, type JobName } from "./job-names";
import { deadWebhookHandler, jobHandlers } from "./job-handlers.server";

// Held on globalThis: the server process and the Remix server build each load their own copy of
// this module, and both must share one queue instance.
const shared = globalThis as unknown as {
  __bpBoss?: PgBoss | null;
  __bpBossStarting?: Promise<PgBoss> | null;
  __bpWorkers?: Map<string, string[]>;
};
// Local worker ids per queue: a job sent from this process wakes them at once instead of waiting
// for their next poll (pg-boss polls at most every 0.5 s).
const localWorkers = (shared.__bpWorkers ??= new Map());
let boss: PgBoss | null = null;
let starting: Promise<PgBoss> | null = null;

const RETRY_LIMIT = 5;
// Seconds; doubled per attempt (retryBackoff) up to the cap. Tests shorten them (a cap of 0
// retries at once).
const retryDelay = () => Number(process.env.JOB_RETRY_DELAY_SECONDS ?? 2);
const retryDelayMax = () => Number(process.env.JOB_RETRY_DELAY_MAX_SECONDS ?? 300);

type QueueSettings = { retryLimit: number; policy?: "standard" | "short" | "singleton" | "stately"; deadLetter?: string };
const QUEUES: Record<JobName, QueueSettings> = {
  // A delivery whose retries are exhausted (or whose job expired) lands in the dead-letter queue,
  // whose worker records the failure on the WebhookDelivery.
  [JOBS.processWebhook]: { retryLimit: RETRY_LIMIT, deadLetter: WEBHOOK_DEAD_LETTER },
  // One pending sync per shop (singletonKey = shop).
  [JOBS.syncShop]: { retryLimit: RETRY_LIMIT, policy: "short" },
  [JOBS.reconcileShops]: { retryLimit: 2, policy: "short" },
  [JOBS.purgeShops]: { retryLimit: 2, policy: "short" },
};

export type StartJobsOptions = {
  /** Run workers in this process (default true). False: only enqueue. */
  workers?: boolean;
  /** Install the cron schedules (default true). */
  schedules?: boolean;
  /** Concurrent webhook jobs in this process. */
  concurrency?: number;
};

export async function startJobs(options: StartJobsOptions = {}): Promise<PgBoss> {
  boss ??= shared.__bpBoss ?? null;
  starting ??= shared.__bpBossStarting ?? null;
  if (boss) return boss;
  if (starting) return starting;
  starting = (async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not resolved: call ensureDatabaseUrl() first");
    const b = new PgBoss({ connectionString: url, max: 4, schedule: options.schedules !== false, supervise: true });
    b.on("error", (err) => console.error("[jobs]", err.message));
    await b.start();
    await b.createQueue(WEBHOOK_DEAD_LETTER, { retryLimit: 2 });
    for (const [name, q] of Object.entries(QUEUES)) {
      const settings = {
        retryLimit: q.retryLimit,
        retryDelay: retryDelay(),
        retryBackoff: true,
        retryDelayMax: retryDelayMax(),
        expireInSeconds: 300,
        ...(q.deadLetter ? { deadLetter: q.deadLetter } : {}),
      };
      await b.createQueue(name, { policy: q.policy ?? "standard", ...settings });
      // createQueue leaves an existing queue as it was: bring a database from an earlier version
      // (or run) up to these settings.
      await b.updateQueue(name, settings);
    }
    if (options.workers !== false) {
      const pollingIntervalSeconds = Number(process.env.JOB_POLL_SECONDS ?? 0.5);
      // Batches with burst fetching: a full batch means more work is waiting, so the worker fetches
      // again at once instead of sleeping a polling interval between jobs. Each job reports its own
      // result, so one failing delivery never retries its batch-mates.
      const webhookWorker = await b.work<JobData["webhook.process"], unknown, { batchSize: number; burstWhenBatchFull: true; localConcurrency: number; pollingIntervalSeconds: number; perJobResults: true }>(
        JOBS.processWebhook,
        { batchSize: 8, burstWhenBatchFull: true, localConcurrency: options.concurrency ?? 2, pollingIntervalSeconds, perJobResults: true },
        async (jobs) =>
          Promise.all(
            jobs.map(async (job) => {
              try {
                const output = await jobHandlers[JOBS.processWebhook](job.data, { attempt: job.retryCount, retryLimit: RETRY_LIMIT });
                return { id: job.id, status: "completed" as const, output: output as object };
              } catch (error) {
                // Failed: retried with backoff, then dead-lettered with this output as its reason.
                console.warn(`[jobs] ${JOBS.processWebhook} ${job.id} attempt ${job.retryCount + 1} failed: ${(error as Error).message}`);
                return { id: job.id, status: "failed" as const, output: { message: (error as Error).message } };
              }
            }),
          ),
      );
      localWorkers.set(JOBS.processWebhook, [webhookWorker]);
      await b.work<{ deliveryId: string }, unknown, { batchSize: number; includeMetadata: true; pollingIntervalSeconds: number }>(
        WEBHOOK_DEAD_LETTER,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds },
        async ([job]) => deadWebhookHandler(job.data, { attempts: (job.sourceRetryCount ?? 0) + 1, output: job.sourceOutput }),
      );
      for (const name of [JOBS.syncShop, JOBS.reconcileShops, JOBS.purgeShops] as const) {
        await b.work<JobData[typeof name]>(name, { batchSize: 1, pollingIntervalSeconds }, async ([job]) =>
          (jobHandlers[name] as (d: unknown, c: { attempt: number; retryLimit: number }) => Promise<unknown>)(job.data, {
            attempt: job.retryCount,
            retryLimit: QUEUES[name].retryLimit,
          }),
        );
      }
    }
    if (options.schedules !== false) {
      await b.schedule(JOBS.reconcileShops, process.env.RECONCILE_CRON ?? "*/15 * * * *", {});
      await b.schedule(JOBS.purgeShops, "17 3 * * *", {});
    }
    boss = shared.__bpBoss = b;
    return b;
  })();
  shared.__bpBossStarting = starting;
  try {
    return await starting;
  } finally {
    starting = shared.__bpBossStarting = null;
  }
}

export async function stopJobs(): Promise<void> {
  const b = boss ?? shared.__bpBoss ?? null;
  boss = shared.__bpBoss = null;
  localWorkers.clear();
  if (b) await b.stop({ graceful: true, timeout: 10_000 });
}

export type EnqueueOptions = { singletonKey?: string; startAfter?: number | Date };

export async function enqueue<N extends JobName>(name: N, data: JobData[N], options: EnqueueOptions = {}): Promise<string | null> {
  const b = boss ?? shared.__bpBoss ?? (await startJobs({ workers: false, schedules: false }));
  const id = await b.send(name, data as object, options);
  if (id && !options.startAfter) for (const w of localWorkers.get(name) ?? []) b.notifyWorker(w);
  return id;
}

/**
 * Resolves when no job is waiting or running (tests, scenario replay, benchmarks).
 * Counts the job table directly: pg-boss's queue counters are refreshed by its monitor, not live.
 */
export async function waitForIdle(timeoutMs = 60_000, options: { includeDeferred?: boolean } = {}): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const deadline = Date.now() + timeoutMs;
  try {
    let idleChecks = 0;
    while (true) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM pgboss.job
          WHERE state IN ('created','retry','active')
            AND name = ANY($1) AND ($2::boolean OR start_after <= now() + interval '1 second')`,
        [[JOBS.processWebhook, WEBHOOK_DEAD_LETTER, JOBS.syncShop], options.includeDeferred ?? true],
      );
      // Two consecutive empty reads: a handler may enqueue follow-up work as it completes.
      if (rows[0].n === "0") {
        if (++idleChecks >= 2) return;
      } else idleChecks = 0;
      if (Date.now() > deadline) throw new Error(`waitForIdle: ${rows[0].n} jobs still pending after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await client.end();
  }
}
