// What each job does: registered with the queue where a worker process starts (app/worker.server.ts).
import { JOBS, type JobHandlers } from "./job-names";
import { enqueue } from "./queue.server";
import { reconcileShops, syncShopInventory } from "../services/inventory-sync.server";
import { purgeDueShops } from "../services/uninstall.server";
import { runLocationLookups } from "../services/location-lookup.server";
import { maintainDeliveries } from "../services/delivery-maintenance.server";
import { now } from "../clock.server";
import { runReplenishment, shopsWithDueReplenishment } from "../services/replenishment/run-replenishment.server";
import { scheduleReplenishmentRun } from "../services/replenishment/schedule.server";
import { refreshPromises } from "../services/promises/refresh.server";
import { ensureMetafieldDefinitions, sendPromiseMetafields } from "../services/promises/metafields.server";
import { sendCustomerNotices } from "../services/promises/notices.server";
import { schedulePromiseDelivery, schedulePromiseRefresh } from "../services/promises/schedule.server";
import { shopsDueForPromiseRefresh, shopsWithDuePromiseDeliveries } from "../services/promises/sweep.server";
import { runRecovery, shopsWithDueRecovery } from "../services/recovery/run.server";
import { scheduleRecoveryRun } from "../services/recovery/schedule.server";
import { wakeAfterEvaluation } from "../services/after-evaluation.server";

/** Queues the shop's lookup run (one queued per shop), optionally not before `at`. */
export function scheduleLocationLookups(shop: string, at?: Date | null): Promise<string | null> {
  const startAfter = at && at.getTime() > Date.now() ? new Date(at.getTime()) : undefined;
  return enqueue(JOBS.lookupLocations, { shop }, { singletonKey: shop, ...(startAfter ? { startAfter } : {}) });
}

export function createJobHandlers(): JobHandlers {
  return {
    [JOBS.syncShop]: async ({ shop }) => {
      const r = await syncShopInventory(shop);
      if (r.lookupsRequested) await scheduleLocationLookups(shop);
      // Promises: the metafield definitions once per shop (the metafield sender retries them). What
      // the sync found backordered: promised, and held as the shop's rule says.
      await ensureMetafieldDefinitions(shop).catch((e) => console.warn(`[promises] metafield definitions for ${shop}: ${(e as Error).message}`));
      await wakeAfterEvaluation(shop);
      return r;
    },
    [JOBS.reconcileShops]: async ({ shop }) => {
      const r = await reconcileShops(shop);
      for (const s of r.changed) await wakeAfterEvaluation(s);
      return r;
    },
    [JOBS.purgeShops]: () => purgeDueShops(now()),
    [JOBS.lookupLocations]: async ({ shop }) => {
      const run = await runLocationLookups(shop);
      // Lines placed at their location moved backorders: their promises and holds follow now.
      if (run.positionsChanged > 0) await wakeAfterEvaluation(shop);
      // More waiting (a deferred retry, a grace period, or this run's time ran out): queue the next
      // run for when the earliest is due.
      if (run.nextAt) await scheduleLocationLookups(shop, run.nextAt);
      return run;
    },
    [JOBS.maintainDeliveries]: async () => {
      const r = await maintainDeliveries(now());
      for (const shop of r.shopsWithDueLookups) await scheduleLocationLookups(shop);
      // Replenishment work due without a queued run (a wake-up lost between commit and enqueue).
      for (const shop of await shopsWithDueReplenishment(now())) await scheduleReplenishmentRun(shop, null);
      // Promise work without a queued job (an enqueue lost after commit, a new day, a PO that moved).
      for (const shop of await shopsDueForPromiseRefresh(now())) await schedulePromiseRefresh(shop);
      const due = await shopsWithDuePromiseDeliveries(now());
      for (const shop of due.metafields) await schedulePromiseDelivery("metafields", shop);
      for (const shop of due.notices) await schedulePromiseDelivery("notices", shop);
      // Recovery: allocation follow-ups, the day's aging, caps to check, outbox rows due.
      for (const shop of await shopsWithDueRecovery(now())) await scheduleRecoveryRun(shop);
      return r;
    },
    [JOBS.runReplenishment]: async ({ shop }) => {
      const r = await runReplenishment(shop, now());
      // Next: a window that closes later (its quiet period moved), a retry's backoff.
      if (r.nextAt) await scheduleReplenishmentRun(shop, r.nextAt);
      // A PO created, submitted or given up moves the promises it covers.
      // (A supplier's confirmation, new ETA or cancellation moves them too.)
      if (r.closing.windowsClosed || r.closing.purchaseOrders.length || r.dispatch.claimed || r.statusChecks.changed) await schedulePromiseRefresh(shop);
      return { windowsClosed: r.closing.windowsClosed, purchaseOrders: r.closing.purchaseOrders.length, escalations: r.closing.escalations.length, dispatch: r.dispatch, statusChecks: r.statusChecks, nextAt: r.nextAt };
    },
    [JOBS.refreshPromises]: async ({ shop }) => {
      const r = await refreshPromises(shop, now());
      if (r.metafields) await schedulePromiseDelivery("metafields", shop);
      if (r.notices) await schedulePromiseDelivery("notices", shop);
      return r;
    },
    [JOBS.sendPromiseMetafields]: async ({ shop }) => {
      const r = await sendPromiseMetafields(shop, now());
      // Retries with backoff (an Admin outage), or rows another run holds: come back when due.
      if (r.nextAt) await schedulePromiseDelivery("metafields", shop, r.nextAt);
      return r;
    },
    [JOBS.runRecovery]: async ({ shop }) => {
      const r = await runRecovery(shop, now());
      // Next: a retry's backoff, a row another run holds.
      if (r.nextAt) await scheduleRecoveryRun(shop, r.nextAt);
      // Notices decided here (allocated, still waiting, choices, cancellations) go out now.
      if (r.followUps.notices || r.aging.notices || r.dispatch.done) await schedulePromiseDelivery("notices", shop);
      // A choice or cancellation changed orders: their promises follow (the webhooks also say so).
      if (r.dispatch.done) await schedulePromiseRefresh(shop);
      return { followUps: r.followUps, aging: r.aging, caps: r.caps, dispatch: r.dispatch, nextAt: r.nextAt };
    },
    [JOBS.sendCustomerNotices]: async ({ shop }) => {
      const r = await sendCustomerNotices(shop, now());
      if (r.nextAt && r.smtp) await schedulePromiseDelivery("notices", shop, r.nextAt);
      return r;
    },
  };
}
