// What follows a committed evaluation that changed backorders, wherever it ran (the delivery
// worker, the location lookups, the install sync, reconciliation): promises are recomputed and the
// recovery run performs the holds it planned — queued now, not left to the minute sweep.
import { schedulePromiseRefresh } from "./promises/schedule.server";
import { scheduleRecoveryRun } from "./recovery/schedule.server";

export async function wakeAfterEvaluation(shop: string): Promise<void> {
  await schedulePromiseRefresh(shop);
  await scheduleRecoveryRun(shop);
}
