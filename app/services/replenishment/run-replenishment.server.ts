// One replenishment run for a shop at `at`: close and plan the windows that are due, then perform
// the outbox rows that are due (submissions, fallbacks, alerts). Idempotent and safe to run from
// any number of workers at once (the closing run takes the shop's stock lock; outbox rows are
// claimed). Returns when the shop's work is next due, for the job to queue itself then.
import { closeDueWindows, type ClosingRun } from "./close-windows.server";
import { dispatchReplenishmentOutbox, type DispatchReport } from "./dispatch.server";
import { nextWindowWork, shopsWithDueWindows } from "../../models/replenishment/deficit-windows.server";
import { nextOutboxAt, shopsWithDueOutbox } from "../../models/replenishment/outbox.server";
import { checkDueSupplierStatuses, nextStatusCheckAt, shopsWithDueSupplierStatuses, type StatusCheckRun } from "./supplier-status.server";

export type ReplenishmentRun = { closing: ClosingRun; dispatch: DispatchReport; statusChecks: StatusCheckRun; nextAt: Date | null };

export async function runReplenishment(shop: string, at: Date): Promise<ReplenishmentRun> {
  const closing = await closeDueWindows(shop, at);
  const dispatch = await dispatchReplenishmentOutbox({ shop, at });
  // Open POs at API suppliers: confirmations, moved ETAs and cancellations come back this way.
  const statusChecks = await checkDueSupplierStatuses(shop, at);
  return { closing, dispatch, statusChecks, nextAt: await nextReplenishmentAt(shop) };
}

/** The earliest time the shop has replenishment work: a window closing, an outbox row (re)due, a status check due. */
export async function nextReplenishmentAt(shop: string): Promise<Date | null> {
  const windows = await nextWindowWork(shop);
  const outbox = await nextOutboxAt(shop);
  const check = await nextStatusCheckAt(shop);
  const times = [windows.closesAt, outbox, check].filter((t): t is Date => t !== null);
  if (windows.due) times.push(new Date(0));
  return times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : null;
}

/** Shops whose replenishment work is due at `at` (the minute sweep queues a run for each). */
export async function shopsWithDueReplenishment(at: Date): Promise<string[]> {
  return [...new Set([...(await shopsWithDueWindows(at)), ...(await shopsWithDueOutbox(at)), ...(await shopsWithDueSupplierStatuses(at))])];
}
