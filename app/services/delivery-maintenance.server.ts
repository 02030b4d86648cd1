// The minute-by-minute housekeeping of the delivery pipeline: trim processed bodies past their
// retention (privacy), delete settled rows past theirs, and find shops whose assigned-location
// lookups are due without a job to run them (a job lost between commit and enqueue).
import { deleteSettledBefore, pendingDeliveryStats } from "../models/webhook-deliveries.server";
import { shopsWithDueLookups } from "../models/location-lookups.server";
import { trimProcessedBodies } from "./privacy.server";

export const deliveryRetentionMs = () => Number(process.env.DELIVERY_RETENTION_DAYS ?? 30) * 86_400_000;

export type MaintenanceReport = { trimmed: number; deleted: number; shopsWithDueLookups: string[]; pending: number; oldestPendingAgeMs: number | null };

export async function maintainDeliveries(now: Date): Promise<MaintenanceReport> {
  const trimmed = await trimProcessedBodies(now);
  let deleted = 0;
  for (;;) {
    const n = await deleteSettledBefore(new Date(now.getTime() - deliveryRetentionMs()), 5000);
    deleted += n;
    if (n < 5000) break;
  }
  const stats = await pendingDeliveryStats();
  const oldestPendingAgeMs = stats.oldestReceivedAt ? Date.now() - stats.oldestReceivedAt.getTime() : null;
  if (oldestPendingAgeMs !== null && oldestPendingAgeMs > 60_000) {
    console.warn(`[deliveries] ${stats.pending} pending, the oldest for ${Math.round(oldestPendingAgeMs / 1000)} s: are workers running?`);
  }
  return { trimmed, deleted, shopsWithDueLookups: await shopsWithDueLookups(now), pending: stats.pending, oldestPendingAgeMs };
}
