// The HTTP server: database, job workers, (demo) emulator, Remix. Used by `npm run dev|start|demo`,
// the browser journeys and the benchmarks.
import http from "node:http";
import path from "node:path";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { ensureDatabaseUrl, stopEmbeddedDatabase } from "../app/database/database-url.server";
import { applyMigrations } from "../app/database/apply-migrations.server";

export type StartServerOptions = {
  port?: number;
  /** Serve the Vite dev server (HMR) instead of the production build. */
  dev?: boolean;
  /** Run job workers in this process (default true). */
  workers?: boolean;
  /** Called after the database is up and before Remix is loaded (demo mode mounts the emulator here). */
  beforeRemix?: (app: express.Express, ctx: { port: number }) => Promise<void>;
  quiet?: boolean;
};

export type RunningServer = { port: number; url: string; close: () => Promise<void> };

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const databaseUrl = await ensureDatabaseUrl();
  await applyMigrations(databaseUrl);

  const app = express();
  app.disable("x-powered-by");
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actualPort = (server.address() as { port: number }).port;
  process.env.PORT = String(actualPort);
  process.env.SHOPIFY_APP_URL ??= `http://localhost:${actualPort}`;

  if (options.beforeRemix) await options.beforeRemix(app, { port: actualPort });

  const { startJobs, stopJobs } = await import("../app/jobs/queue.server");
  await startJobs({ workers: options.workers !== false });

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

  if (!options.quiet) console.log(`Backorder Pilot listening on http://localhost:${actualPort}`);

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
      await stopJobs();
      const { disconnectPrisma } = await import("../app/db.server");
      await disconnectPrisma();
      await stopEmbeddedDatabase();
    },
  };
}

/** Closes cleanly on SIGINT/SIGTERM: a PGlite data directory left open can become unusable. */
export function closeOnSignals(server: RunningServer, extra?: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down`);
    try {
      await extra?.();
      await server.close();
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}
