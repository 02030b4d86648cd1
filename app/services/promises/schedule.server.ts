// Wakes the queue for a shop's promise work: the refresh (one queued per shop: a second send while
// one waits is dropped, the waiting run re-reads everything), and the metafield / notice senders
// per shop and due second (a retry's backoff does not hold back work due now). Enqueue failures
// are logged, never thrown: the work is in the database and the minute sweep queues it again.
import { JOBS } from "../../jobs/job-names";
import { enqueue } from "../../jobs/queue.server";

export async function schedulePromiseRefresh(shop: string): Promise<void> {
  try {
    await enqueue(JOBS.refreshPromises, { shop }, { singletonKey: shop });
  } catch (error) {
    console.warn(`[promises] could not queue the refresh for ${shop} (the sweep will): ${(error as Error).message}`);
  }
}

export type PromiseDelivery = "metafields" | "notices";

export async function schedulePromiseDelivery(kind: PromiseDelivery, shop: string, at: Date | null = null): Promise<void> {
  // pg-boss schedules on the database's wall clock (a process that works jobs runs on the wall clock).
  const wall = Date.now();
  const due = at && at.getTime() > wall ? at : null;
  const second = Math.ceil((due ? due.getTime() : wall) / 1000);
  const name = kind === "metafields" ? JOBS.sendPromiseMetafields : JOBS.sendCustomerNotices;
  try {
    await enqueue(name, { shop }, { singletonKey: `${shop}@${second}`, ...(due ? { startAfter: new Date(second * 1000) } : {}) });
  } catch (error) {
    console.warn(`[promises] could not queue ${kind} for ${shop} (the sweep will): ${(error as Error).message}`);
  }
}
