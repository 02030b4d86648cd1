// Job names and their data: all the queue knows. Handlers are registered where a worker process
// starts (app/worker.server.ts), so the queue never imports the code it runs.
export const JOBS = {
  syncShop: "shop.sync",
  reconcileShops: "shop.reconcile",
  purgeShops: "shop.purge",
  lookupLocations: "locations.lookup",
  maintainDeliveries: "deliveries.maintain",
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

export type JobData = {
  "shop.sync": { shop: string };
  // No shop: the scheduled run fans out to every installed shop; with a shop: that one.
  "shop.reconcile": { shop?: string };
  "shop.purge": Record<string, never>;
  "locations.lookup": { shop: string };
  "deliveries.maintain": Record<string, never>;
};

export type JobContext = { attempt: number; retryLimit: number };
export type JobHandler<N extends JobName> = (data: JobData[N], ctx: JobContext) => Promise<unknown>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };
