// What each job does: registered with the queue where a worker process starts (app/worker.server.ts).
import { JOBS, type JobHandlers } from "./job-names";
import { enqueue } from "./queue.server";
import { reconcileShops, syncShopInventory } from "../services/inventory-sync.server";
import { purgeDueShops } from "../services/uninstall.server";
import { runLocationLookups } from "../services/location-lookup.server";
import { maintainDeliveries } from "../services/delivery-maintenance.server";
import { now } from "../clock.server";

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
      return r;
    },
    [JOBS.reconcileShops]: async ({ shop }) => {
      const r = await reconcileShops(shop);
      return r;
    },
    [JOBS.purgeShops]: () => purgeDueShops(now()),
    [JOBS.lookupLocations]: async ({ shop }) => {
      const run = await runLocationLookups(shop);
      // More waiting (a deferred retry, a grace period, or this run's time ran out): queue the next
      // run for when the earliest is due.
      if (run.nextAt) await scheduleLocationLookups(shop, run.nextAt);
      return run;
    },
    [JOBS.maintainDeliveries]: async () => {
      const r = await maintainDeliveries(now());
      for (const shop of r.shopsWithDueLookups) await scheduleLocationLookups(shop);
      return r;
    },
  };
}
