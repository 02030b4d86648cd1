// Job names and their data: all the queue knows. Handlers are registered where a worker process
// starts (app/worker.server.ts), so the queue never imports the code it runs.
export const JOBS = {
  syncShop: "shop.sync",
  reconcileShops: "shop.reconcile",
  purgeShops: "shop.purge",
  lookupLocations: "locations.lookup",
  maintainDeliveries: "deliveries.maintain",
  runReplenishment: "replenishment.run",
  refreshPromises: "promises.refresh",
  sendPromiseMetafields: "promises.metafields",
  sendCustomerNotices: "promises.notices",
  runRecovery: "recovery.run",
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

export type JobData = {
  "shop.sync": { shop: string };
  // No shop: the scheduled run fans out to every installed shop; with a shop: that one.
  "shop.reconcile": { shop?: string };
  "shop.purge": Record<string, never>;
  "locations.lookup": { shop: string };
  "deliveries.maintain": Record<string, never>;
  // Closes the shop's due deficit windows, plans and creates POs, performs due outbox effects
  // (submissions, alerts); queued for when work is next due (singleton per shop and second).
  "replenishment.run": { shop: string };
  // Recomputes the promises whose inputs moved (one queued per shop; enqueued after commit by the
  // delivery worker, the replenishment run and the minute sweep).
  "promises.refresh": { shop: string };
  // Writes the shop's due metafields / sends its due customer notices from their outboxes
  // (singleton per shop and due second; each run is idempotent).
  "promises.metafields": { shop: string };
  "promises.notices": { shop: string };
  // Recovery (issue 9): allocation follow-ups, the day's aging actions, oversell caps, and the
  // recovery outbox (holds, customer choices, cancellations, policies, restocks); queued per shop
  // and due second, every run idempotent.
  "recovery.run": { shop: string };
};

export type JobContext = { attempt: number; retryLimit: number };
export type JobHandler<N extends JobName> = (data: JobData[N], ctx: JobContext) => Promise<unknown>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };
