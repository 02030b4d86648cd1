// app/uninstalled: sessions go at once; the shop's data is kept 48 h (a quick reinstall keeps
// history), then the daily purge deletes it. shop/redact (privacy.server.ts) deletes at once.
import type { Tx } from "../models/transaction.server";
import { markUninstalled, purgeShopData, shopsDueForPurge } from "../models/shops.server";
import { lockShopStock } from "../models/stock-lock.server";
import { withTransaction } from "../models/transaction.server";

export const PURGE_GRACE_MS = 48 * 3_600_000;

export async function handleAppUninstalled(tx: Tx, shop: string, at: Date): Promise<void> {
  await markUninstalled(tx, shop, at, new Date(at.getTime() + PURGE_GRACE_MS));
}

export async function purgeDueShops(now: Date): Promise<{ purged: string[] }> {
  const due = await shopsDueForPurge(now);
  for (const shop of due) {
    await withTransaction(async (tx) => {
      await lockShopStock(tx, shop);
      await purgeShopData(tx, shop);
    });
  }
  return { purged: due };
}
