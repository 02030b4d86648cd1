import { now } from "../clock.server";
import { enqueue } from "../jobs/queue.server";
import { JOBS } from "../jobs/job-names";
import { recordInstall } from "../models/shops.server";

/** After OAuth/token exchange: the shop is (re)installed — cancel any scheduled purge, sync inventory. */
export async function afterInstall(shop: string): Promise<void> {
  const { reinstall, synced } = await recordInstall(shop, now());
  // afterAuth runs on every token refresh too: sync only when never synced or reinstalled.
  if (reinstall || !synced) await enqueue(JOBS.syncShop, { shop }, { singletonKey: shop });
}
