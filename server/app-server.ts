// The web process's HTTP server: POST /webhooks/* straight to the intake (server/webhook-endpoint.ts),
// everything else through Express to Remix (the embedded admin, auth, the demo pages). Optionally
// runs a worker in the same process (demo, tests, benchmarks); `npm start` runs the worker as a
// process of its own (server/index.ts).
import http from "node:http";
import path from "node:path";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { ensureDatabaseUrl, stopEmbeddedDatabase } from "../app/database/database-url.server";
import { applyMigrations } from "../app/database/apply-migrations.server";
import { handleWebhookRequest, isWebhookRequest } from "./webhook-endpoint";
import type { WorkerOptions } from "../app/worker.server";

export type StartServerOptions = {
  port?: number;
  /** Interface to bind (HOST; default all interfaces, loopback for the demo). */
  host?: string;
  /** Serve the Vite dev server (HMR) instead of the production build. */
  dev?: boolean;
  /** Also run a worker in this process (default: no). */
  worker?: WorkerOptions | false;
  /** Apply pending migrations before serving (default true). */
  migrate?: boolean;
  /** Called after the database is up and before Remix is loaded (demo mode mounts the emulator here). */
  beforeRemix?: (app: express.Express, ctx: { port: number }) => Promise<void>;
  quiet?: boolean;
};

export type RunningServer = { port: number; url: string; close: () => Promise<void> };

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const host = options.host ?? process.env.HOST ?? "0.0.0.0";
  const databaseUrl = await ensureDatabaseUrl();
  if (options.migrate !== false) await applyMigrations(databaseUrl);

  const { warmWebhookIntake } = await import("../app/services/webhook-intake.server");
  await warmWebhookIntake();

  const app = express();
  app.disable("x-powered-by");
  const server = http.createServer((req, res) => (isWebhookRequest(req) ? handleWebhookRequest(req, res) : app(req, res)));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const actualPort = (server.address() as { port: number }).port;
  process.env.PORT = String(actualPort);
  process.env.SHOPIFY_APP_URL ??= `http://localhost:${actualPort}`;

  if (options.beforeRemix) await options.beforeRemix(app, { port: actualPort });

  let worker: { stop(): Promise<void> } | null = null;
  if (options.worker) {
    const { startWorker } = await import("../app/worker.server");
    worker = await startWorker(options.worker);
  }

  let build: ServerBuild | (() => Promise<ServerBuild>);
  let vite: import("vite").ViteDevServer | undefined;
  if (options.dev) {
    const { createServer } = await import("vite");
    vite = await createServer({ server: { middlewareMode: true } });
    app.use(vite.middlewares);
    build = () => vite!.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const buildPath = path.resolve("build/server/index.js");
    build = (await import(buildPath)) as ServerBuild;
    app.use("/assets", express.static(path.resolve("build/client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.resolve("build/client"), { maxAge: "1h", redirect: false }));
  }
  app.use(express.static(path.resolve("public"), { maxAge: "1h", redirect: false }));
  app.all("*", createRequestHandler({ build, mode: options.dev ? "development" : "production" }));

  if (!options.quiet) console.log(`Backorder Pilot web listening on http://${host === "0.0.0.0" ? "localhost" : host}:${actualPort}`);

  let closed = false;
  return {
    port: actualPort,
    url: `http://localhost:${actualPort}`,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await vite?.close();
      const { closeWebhookIntake } = await import("../app/services/webhook-intake.server");
      await closeWebhookIntake();
      await worker?.stop();
      const { disconnectPrisma } = await import("../app/db.server");
      await disconnectPrisma();
      await stopEmbeddedDatabase();
    },
  };
}

/** Closes cleanly on SIGINT/SIGTERM: a PGlite data directory left open can become unusable. */
export function closeOnSignals(close: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down`);
    try {
      await close();
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}
