import { JOBS, type JobData } from "./job-names";
import { processWebhookDelivery } from "../services/process-webhook.server";
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
