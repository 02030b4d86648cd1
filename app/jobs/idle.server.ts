// "Nothing left to do": no delivery waiting, no job waiting or running, no lookup due. Tests,
// scenario replay and benchmarks wait for it; the app itself never does.
import { describePendingDeliveries, pendingDeliveryStats } from "../models/webhook-deliveries.server";
import { describePendingJobs, pendingJobs } from "./queue.server";
import { JOBS } from "./job-names";

const WATCHED = [JOBS.syncShop, JOBS.lookupLocations];

/**
 * Resolves once two reads in a row find nothing pending. The default timeout stays under the test
 * timeout (60 s), so a test that never gets idle fails with this message — what is still pending
 * and why — rather than with a bare "test timed out".
 */
export async function waitForIdle(timeoutMs = 50_000, o: { includeDeferred?: boolean } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  for (;;) {
    const d = await pendingDeliveryStats();
    const deliveries = o.includeDeferred === false && d.nextAvailableAt && d.nextAvailableAt.getTime() > Date.now() + 1000 ? 0 : d.pending;
    const jobs = await pendingJobs(WATCHED, o);
    // Two consecutive empty reads: a handler may enqueue follow-up work as it completes.
    if (deliveries === 0 && jobs === 0) {
      if (++quiet >= 2) return;
    } else quiet = 0;
    if (Date.now() > deadline) {
      const what = [...(deliveries ? await describePendingDeliveries() : []), ...(jobs ? await describePendingJobs(WATCHED) : [])];
      throw new Error(`waitForIdle: ${deliveries} deliveries and ${jobs} jobs still pending after ${timeoutMs} ms (now ${new Date().toISOString()}):\n  ${what.join("\n  ")}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
