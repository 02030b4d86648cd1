export const JOBS = {
  processWebhook: "webhook.process",
  syncShop: "shop.sync",
  reconcileShops: "shop.reconcile",
  purgeShops: "shop.purge",
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

export type JobData = {
  "webhook.process": { deliveryId: string };
  "shop.sync": { shop: string };
  // No shop: the scheduled run fans out to every installed shop; with a shop: that one.
  "shop.reconcile": { shop?: string };
  "shop.purge": Record<string, never>;
};
