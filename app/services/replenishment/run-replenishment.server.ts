// One replenishment run for a shop at `at`: close and plan the windows that are due, then perform
// the outbox rows that are due (submissions, fallbacks, alerts). Idempotent and safe to run from
// any number of workers at once (the closing run takes the shop's stock lock; outbox rows are
// claimed). Returns when the shop's work is next due, for the job to queue itself then.
import { closeDueWindows, type ClosingRun } from "./close-windows.server";
import { dispatchReplenishmentOutbox, type DispatchReport } from "./dispatch.server";
import { nextWindowWork, shopsWithDueWindows } from "../../models/replenishment/deficit-windows.server";
import { nextOutboxAt, shopsWithDueOutbox } from "../../models/replenishment/outbox.server";

export type ReplenishmentRun = { closing: ClosingRun; dispatch: DispatchReport; nextAt: Date | null };

export async function runReplenishment(shop: string, at: Date): Promise<ReplenishmentRun> {
  const closing = await closeDueWindows(shop, at);
  const dispatch = await dispatchReplenishmentOutbox({ shop, at });
  return { closing, dispatch, nextAt: await nextReplenishmentAt(shop) };
}

/** The earliest time the shop has replenishment work: a window closing, or an outbox row (re)due. */
export async function nextReplenishmentAt(shop: string): Promise<Date | null> {
  const windows = await nextWindowWork(shop);
  const outbox = await nextOutboxAt(shop);
  const times = [windows.closesAt, outbox].filter((t): t is Date => t !== null);
  if (windows.due) times.push(new Date(0));
  return times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : null;
}

/** Shops whose replenishment work is due at `at` (the minute sweep queues a run for each). */
export async function shopsWithDueReplenishment(at: Date): Promise<string[]> {
  return [...new Set([...(await shopsWithDueWindows(at)), ...(await shopsWithDueOutbox(at))])];
}
