// Wakes the queue for a shop's replenishment work at the time it is due: a `replenishment.run` job
// per shop and due second (pg-boss startAfter; a repeat for the same second is dropped). Only a
// process that works jobs sends these; scenario replay and tests call the run directly, and the
// minute sweep (deliveries.maintain) queues any shop whose work is due without a job.
import { JOBS } from "../../jobs/job-names";
import { enqueue, queueHandlersRunning } from "../../jobs/queue.server";

export async function scheduleReplenishmentRun(shop: string, at: Date | null, o: { force?: boolean } = {}): Promise<void> {
  if (!o.force && !queueHandlersRunning()) return;
  // pg-boss schedules on the database's wall clock, so this compares with the wall clock too (a
  // process that works jobs never runs on a virtual clock).
  const wall = Date.now();
  const due = at && at.getTime() > wall ? at : null;
  const second = Math.ceil((due ? due.getTime() : wall) / 1000);
  try {
    await enqueue(JOBS.runReplenishment, { shop }, { singletonKey: `${shop}@${second}`, ...(due ? { startAfter: new Date(second * 1000) } : {}) });
  } catch (error) {
    // The work itself is in the database; the sweep queues it within a minute.
    console.warn(`[replenishment] could not queue the run for ${shop}: ${(error as Error).message}`);
  }
}
