// "Nothing left to do": no delivery waiting, no job waiting or running, no lookup due. Tests,
// scenario replay and benchmarks wait for it; the app itself never does.
import { pendingDeliveryStats } from "../models/webhook-deliveries.server";
import { pendingJobs } from "./queue.server";
import { JOBS } from "./job-names";

export async function waitForIdle(timeoutMs = 60_000, o: { includeDeferred?: boolean } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  for (;;) {
    const d = await pendingDeliveryStats();
    const deliveries = o.includeDeferred === false && d.nextAvailableAt && d.nextAvailableAt.getTime() > Date.now() + 1000 ? 0 : d.pending;
    const jobs = await pendingJobs([JOBS.syncShop, JOBS.lookupLocations], o);
    // Two consecutive empty reads: a handler may enqueue follow-up work as it completes.
    if (deliveries === 0 && jobs === 0) {
      if (++quiet >= 2) return;
    } else quiet = 0;
    if (Date.now() > deadline) throw new Error(`waitForIdle: ${deliveries} deliveries and ${jobs} jobs still pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
