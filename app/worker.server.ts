// A worker: the delivery worker (webhook processing) and the job queue's handlers (sync,
// reconciliation, lookups, maintenance, purge). Started by server/worker.ts in its own process,
// or inside the web process for the demo and tests. Handlers are registered here, where the
// worker starts — the queue itself knows only job names.
import { startQueue, stopQueue } from "./jobs/queue.server";
import { createJobHandlers, scheduleLocationLookups } from "./jobs/job-handlers.server";
import { startDeliveryWorker, type DeliveryWorkerOptions } from "./jobs/delivery-worker.server";
import { wakeAfterEvaluation } from "./services/after-evaluation.server";

export type WorkerOptions = {
  /** Webhook delivery processing (default on). */
  deliveries?: boolean | DeliveryWorkerOptions;
  /** Job queue handlers (default on). */
  jobs?: boolean;
  /** Cron schedules: reconciliation, maintenance, purge (default on). */
  schedules?: boolean;
};

export type RunningWorker = { stop(): Promise<void> };

export async function startWorker(o: WorkerOptions = {}): Promise<RunningWorker> {
  const jobs = o.jobs !== false;
  await startQueue(jobs ? { handlers: createJobHandlers(), schedules: o.schedules !== false } : {});
  const delivery =
    o.deliveries === false
      ? null
      : startDeliveryWorker({
          listen: process.env.BP_LISTEN !== "0",
          onLookupsWaiting: async (shop) => {
            await scheduleLocationLookups(shop);
          },
          // Backorder lines changed: their promises (and notices, metafields) follow after commit.
          // Recovery too: holds planned in the batch, allocations to follow up, caps to check.
          onPositionsChanged: wakeAfterEvaluation,
          ...(typeof o.deliveries === "object" ? o.deliveries : {}),
        });
  return {
    async stop() {
      await delivery?.stop();
      await stopQueue();
    },
  };
}
