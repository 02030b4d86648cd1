import prisma from "../db.server";
import { now } from "../clock.server";
import { enqueue } from "../jobs/queue.server";
import { JOBS } from "../jobs/job-names";

/** After OAuth/token exchange: the shop is (re)installed — cancel any scheduled purge, sync inventory. */
export async function afterInstall(shop: string): Promise<void> {
  const existing = await prisma.shop.findUnique({ where: { domain: shop } });
  const reinstall = !existing || existing.uninstalledAt !== null;
  await prisma.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, installedAt: now() },
    update: { uninstalledAt: null, purgeAfter: null, ...(reinstall ? { installedAt: now() } : {}) },
  });
  // afterAuth runs on every token refresh too: sync only when never synced or reinstalled.
  if (reinstall || !existing?.syncedAt) await enqueue(JOBS.syncShop, { shop }, { singletonKey: shop });
}
