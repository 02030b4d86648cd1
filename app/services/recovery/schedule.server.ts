// Wakes the queue for a shop's recovery run: one queued per shop and due second (a retry's backoff
// does not hold back work due now). Enqueue failures are logged, never thrown: the work is in the
// database and the minute sweep queues it again.
import { JOBS } from "../../jobs/job-names";
import { enqueue } from "../../jobs/queue.server";

export async function scheduleRecoveryRun(shop: string, at: Date | null = null): Promise<void> {
  // pg-boss schedules on the database's wall clock (a process that works jobs runs on the wall clock).
  const wall = Date.now();
  const due = at && at.getTime() > wall ? at : null;
  const second = Math.ceil((due ? due.getTime() : wall) / 1000);
  try {
    await enqueue(JOBS.runRecovery, { shop }, { singletonKey: `${shop}@${second}`, ...(due ? { startAfter: new Date(second * 1000) } : {}) });
  } catch (error) {
    console.warn(`[recovery] could not queue the run for ${shop} (the sweep will): ${(error as Error).message}`);
  }
}
