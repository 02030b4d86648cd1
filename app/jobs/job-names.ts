export const JOBS = {
  processWebhook: "webhook.process",
  syncShop: "shop.sync",
  reconcileShops: "shop.reconcile",
  purgeShops: "shop.purge",
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** Where `webhook.process` jobs go when their retries run out (internal: nothing enqueues to it). */
export const WEBHOOK_DEAD_LETTER = "webhook.process.dead";

export type JobData = {
  "webhook.process": { deliveryId: string };
  "shop.sync": { shop: string };
  // No shop: the scheduled run fans out to every installed shop; with a shop: that one.
  "shop.reconcile": { shop?: string };
  "shop.purge": Record<string, never>;
};
