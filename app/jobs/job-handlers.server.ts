import { JOBS, type JobData } from "./job-names";
import { giveUpDelivery, processWebhookDelivery } from "../services/process-webhook.server";
import { reconcileShops, syncShopInventory } from "../services/inventory-sync.server";
import { purgeDueShops } from "../services/uninstall.server";
import { now } from "../clock.server";

type Ctx = { attempt: number; retryLimit: number };

export const jobHandlers = {
  [JOBS.processWebhook]: (d: JobData["webhook.process"], ctx: Ctx) => processWebhookDelivery(BigInt(d.deliveryId), ctx),
  [JOBS.syncShop]: (d: JobData["shop.sync"]) => syncShopInventory(d.shop),
  [JOBS.reconcileShops]: (d: JobData["shop.reconcile"]) => reconcileShops(d.shop),
  [JOBS.purgeShops]: () => purgeDueShops(now()),
};

/** A dead-lettered `webhook.process` job: the delivery is marked failed with the last error. */
export function deadWebhookHandler(d: JobData["webhook.process"], ctx: { attempts: number; output: object | null }) {
  const message = (ctx.output as { message?: unknown } | null)?.message;
  return giveUpDelivery(BigInt(d.deliveryId), ctx.attempts, typeof message === "string" ? message : JSON.stringify(ctx.output));
}
