// `npm run start:worker`: one worker process (webhook processing, sync, reconciliation, lookups,
// maintenance). Run as many as the load needs, on the same PostgreSQL as the web processes.
import { appConfig } from "../app/config.server";
import { ensureDatabaseUrl, stopEmbeddedDatabase } from "../app/database/database-url.server";
import { closeOnSignals } from "./app-server";
import { requireSharedDatabase } from "./process-env";

appConfig();
requireSharedDatabase("worker");
await ensureDatabaseUrl();
const { startWorker } = await import("../app/worker.server");
const worker = await startWorker({ schedules: process.env.BP_SCHEDULES !== "0" });
console.log(`Backorder Pilot worker ${process.pid} started`);
closeOnSignals(async () => {
  await worker.stop();
  const { disconnectPrisma } = await import("../app/db.server");
  await disconnectPrisma();
  await stopEmbeddedDatabase();
});
