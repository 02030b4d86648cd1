// The minute sweep's part for promises (deliveries.maintain): shops whose promises may need a
// refresh (something moved since the last one, or the shop's day changed with promises open), and
// shops with metafield writes or notices due. A refresh or send lost between commit and enqueue
// is queued again within a minute.
import { promiseRefreshCandidates, shopsWithDueMetafields, shopsWithDueNotices } from "../../models/promises.server";
import { shopCalendar } from "./shop-calendar.server";

export async function shopsDueForPromiseRefresh(at: Date): Promise<string[]> {
  const candidates = await promiseRefreshCandidates();
  return candidates.filter((c) => c.flagged || (c.hasOpen && c.computedOn !== shopCalendar(c).localDate(at))).map((c) => c.shop);
}

export async function shopsWithDuePromiseDeliveries(at: Date): Promise<{ metafields: string[]; notices: string[] }> {
  return { metafields: await shopsWithDueMetafields(at), notices: await shopsWithDueNotices(at) };
}
