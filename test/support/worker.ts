// An in-process worker for database tests: the delivery worker (fast polls) and the job handlers,
// no cron schedules. `waitForIdle` waits until every delivery, job and due lookup is done.
import { startWorker, type RunningWorker, type WorkerOptions } from "../../app/worker.server";

export { waitForIdle } from "../../app/jobs/idle.server";

let running: RunningWorker | null = null;

export async function startTestWorker(o: WorkerOptions = {}): Promise<RunningWorker> {
  running = await startWorker({ schedules: false, ...o, deliveries: { pollMs: 20, loops: 2, listen: false, ...(typeof o.deliveries === "object" ? o.deliveries : {}) } });
  return running;
}

export async function stopTestWorker(): Promise<void> {
  const r = running;
  running = null;
  await r?.stop();
  const { closeWebhookIntake } = await import("../../app/services/webhook-intake.server");
  await closeWebhookIntake();
}
