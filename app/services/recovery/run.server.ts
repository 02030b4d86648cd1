// One recovery run for a shop (the `recovery.run` job): plan the follow-ups of new allocations,
// perform the day's aging actions, check the oversell caps when something they read moved, then
// perform the outbox. Every step is idempotent; the run says when it is due again.
import { now } from "../../clock.server";
import { nextActionAt, shopsWithDueActions } from "../../models/recovery/actions.server";
import { shopsWithOpenFollowUps } from "../../models/recovery/allocations.server";
import { agingShops, findRecoveryShopState, shopsWithDirtyCaps } from "../../models/recovery/aging.server";
import type { AdminCallOptions } from "../../shopify/admin-client.server";
import { shopCalendar } from "../promises/shop-calendar.server";
import { dispatchRecoveryActions, type RecoveryDispatch } from "./actions.server";
import { followUpAllocations, type FollowUpReport } from "./allocation.server";
import { runAging, type AgingRun } from "./aging.server";
import { checkCaps, type CapCheck } from "./caps.server";

export type RecoveryRun = { followUps: FollowUpReport; aging: AgingRun; caps: CapCheck | null; dispatch: RecoveryDispatch; nextAt: Date | null };

export async function runRecovery(shop: string, at: Date = now(), o: { admin?: AdminCallOptions } = {}): Promise<RecoveryRun> {
  const followUps = await followUpAllocations(shop, at);
  const aging = await runAging(shop, at);
  // Caps: when a position moved, a purchase order changed, or never checked (a shop without rules costs one read).
  const state = await findRecoveryShopState(shop);
  const caps = !state || (await shopsWithDirtyCaps(shop)).length ? await checkCaps(shop, at) : null;
  const dispatch = await dispatchRecoveryActions({ shop, at, admin: o.admin });
  return { followUps, aging, caps, dispatch, nextAt: await nextActionAt(shop) };
}

/** For the minute sweep: shops with recovery work due and no run queued (or a run lost). */
export async function shopsWithDueRecovery(at: Date): Promise<string[]> {
  const shops = new Set([...(await shopsWithDueActions(at)), ...(await shopsWithOpenFollowUps()), ...(await shopsWithDirtyCaps())]);
  for (const s of await agingShops()) {
    if (s.unplanned || s.agingRunOn !== shopCalendar({ timezone: s.timezone, country: s.country }).localDate(at)) shops.add(s.shop);
  }
  return [...shops].sort();
}
