// The job queue for low-volume background work: pg-boss on the app's own Postgres (embedded PGlite
// or a server). Sync, reconciliation, purge, assigned-location lookups, delivery maintenance — and
// later PO submission and notices. Webhook deliveries do NOT go through it: the delivery table is
// their queue (docs/decisions/0004-delivery-queue.md).
//
// This module knows job names and queue settings, never handlers: a worker process passes its
// handlers to startQueue(). A web process only sends (enqueue starts a send-only instance).
import { PgBoss } from "pg-boss";
import { JOBS, type JobData, type JobHandlers, type JobName } from "./job-names";

type Policy = "standard" | "short" | "singleton" | "stately";
type QueueSettings = { retryLimit: number; policy?: Policy; expireInSeconds?: number };

const QUEUES: Record<JobName, QueueSettings> = {
  // One pending sync per shop (singletonKey = shop).
  [JOBS.syncShop]: { retryLimit: 5, policy: "short", expireInSeconds: 3600 },
  [JOBS.reconcileShops]: { retryLimit: 2, policy: "short", expireInSeconds: 3600 },
  [JOBS.purgeShops]: { retryLimit: 2, policy: "short" },
  // One queued lookup run per shop; the run itself paces its Admin calls to the shop's bucket.
  [JOBS.lookupLocations]: { retryLimit: 10, policy: "short", expireInSeconds: 600 },
  [JOBS.maintainDeliveries]: { retryLimit: 1, policy: "short", expireInSeconds: 600 },
  // One queued run per shop and due second (singletonKey "<shop>@<epoch s>"); every run is idempotent.
  [JOBS.runReplenishment]: { retryLimit: 5, policy: "short", expireInSeconds: 600 },
  // One queued refresh per shop (singletonKey = shop); senders per shop and due second.
  [JOBS.refreshPromises]: { retryLimit: 5, policy: "short", expireInSeconds: 600 },
  [JOBS.sendPromiseMetafields]: { retryLimit: 5, policy: "short", expireInSeconds: 600 },
  [JOBS.sendCustomerNotices]: { retryLimit: 5, policy: "short", expireInSeconds: 600 },
  // Recovery: one queued run per shop and due second (singletonKey "<shop>@<epoch s>").
  [JOBS.runRecovery]: { retryLimit: 5, policy: "short", expireInSeconds: 600 },
};

export type StartQueueOptions = {
  /** Run these handlers in this process (a worker). Without them: send only. */
  handlers?: JobHandlers;
  /** Install the cron schedules (one worker per deployment is enough; pg-boss dedupes). */
  schedules?: boolean;
};

let boss: PgBoss | null = null;
let starting: Promise<PgBoss> | null = null;
let workerIds: Map<string, string> = new Map();

// Seconds; doubled per attempt up to the cap. Tests shorten them.
const retryDelay = () => Number(process.env.JOB_RETRY_DELAY_SECONDS ?? 2);
const retryDelayMax = () => Number(process.env.JOB_RETRY_DELAY_MAX_SECONDS ?? 300);

export async function startQueue(o: StartQueueOptions = {}): Promise<PgBoss> {
  if (boss) return boss;
  if (starting) return starting;
  starting = (async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not resolved: call ensureDatabaseUrl() first");
    const worker = Boolean(o.handlers);
    const b = new PgBoss({ connectionString: url, max: worker ? 4 : 2, schedule: o.schedules === true, supervise: worker, migrate: true });
    b.on("error", (err) => console.error("[jobs]", err.message));
    await b.start();
    for (const [name, q] of Object.entries(QUEUES)) {
      const settings = {
        retryLimit: q.retryLimit,
        retryDelay: retryDelay(),
        retryBackoff: true,
        retryDelayMax: retryDelayMax(),
        expireInSeconds: q.expireInSeconds ?? 300,
      };
      await b.createQueue(name, { policy: q.policy ?? "standard", ...settings });
      // createQueue leaves an existing queue as it was: bring one from an earlier version up to date.
      await b.updateQueue(name, settings);
    }
    if (o.handlers) {
      const pollingIntervalSeconds = Number(process.env.JOB_POLL_SECONDS ?? 0.5);
      for (const name of Object.keys(QUEUES) as JobName[]) {
        const handler = o.handlers[name] as (d: unknown, c: { attempt: number; retryLimit: number }) => Promise<unknown>;
        const id = await b.work<JobData[typeof name]>(name, { batchSize: 1, pollingIntervalSeconds }, async ([job]) =>
          handler(job.data, { attempt: job.retryCount, retryLimit: QUEUES[name].retryLimit }),
        );
        workerIds.set(name, id);
      }
    }
    if (o.schedules) {
      await b.schedule(JOBS.reconcileShops, process.env.RECONCILE_CRON ?? "*/15 * * * *", {});
      await b.schedule(JOBS.purgeShops, "17 3 * * *", {});
      await b.schedule(JOBS.maintainDeliveries, process.env.MAINTAIN_CRON ?? "* * * * *", {});
    }
    boss = b;
    return b;
  })();
  try {
    return await starting;
  } finally {
    starting = null;
  }
}

export async function stopQueue(): Promise<void> {
  const b = boss;
  boss = null;
  workerIds = new Map();
  if (b) await b.stop({ graceful: true, timeout: 10_000 });
}

/** Whether this process works jobs (a worker): only then do services wake the queue themselves. */
export function queueHandlersRunning(): boolean {
  return boss !== null && workerIds.size > 0;
}

export type EnqueueOptions = { singletonKey?: string; startAfter?: number | Date };

export async function enqueue<N extends JobName>(name: N, data: JobData[N], options: EnqueueOptions = {}): Promise<string | null> {
  const b = boss ?? (await startQueue());
  const id = await b.send(name, data as object, options);
  // A worker in this process picks it up at once instead of at its next poll.
  const local = workerIds.get(name);
  if (id && local && !options.startAfter) b.notifyWorker(local);
  return id;
}

/** A few jobs waiting or running among `names`, described for a "why is this not idle" message. */
export async function describePendingJobs(names: JobName[], limit = 5): Promise<string[]> {
  const b = boss ?? (await startQueue());
  const { rows } = (await b.getDb().executeSql(
    `SELECT id, name, state, retry_count, start_after, output FROM pgboss.job
      WHERE state IN ('created','retry','active') AND name = ANY($1) ORDER BY start_after LIMIT $2`,
    [names, limit],
  )) as { rows: { id: string; name: string; state: string; retry_count: number; start_after: Date; output: unknown }[] };
  return rows.map(
    (r) => `job ${r.name} ${r.id}: ${r.state}, ${r.retry_count} retr${r.retry_count === 1 ? "y" : "ies"}, starts after ${new Date(r.start_after).toISOString()}` +
      (r.output ? `, last output: ${JSON.stringify(r.output).slice(0, 200)}` : ""),
  );
}

/** Jobs waiting or running, by name (tests, replay and benchmarks wait for zero). */
export async function pendingJobs(names: JobName[], o: { includeDeferred?: boolean } = {}): Promise<number> {
  const b = boss ?? (await startQueue());
  const db = b.getDb();
  const { rows } = (await db.executeSql(
    `SELECT count(*)::int AS n FROM pgboss.job
      WHERE state IN ('created','retry','active') AND name = ANY($1)
        AND ($2::boolean OR start_after <= now() + interval '1 second')`,
    [names, o.includeDeferred ?? true],
  )) as { rows: { n: number }[] };
  return rows[0].n;
}
