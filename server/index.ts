// `npm start`: a single-machine install — one web process and one worker process, on PostgreSQL
// (DATABASE_URL) or, without it, on the embedded PGlite this supervisor serves on loopback to both.
// It applies migrations once, restarts a child that dies (with backoff), and shuts both down on
// SIGTERM/SIGINT before closing the embedded database. With BACKORDER_DEMO=1 it runs the demo.
// For scale-out, run `npm run start:web` and `npm run start:worker` yourself, any number of each.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { appConfig } from "../app/config.server";
import { ensureDatabaseUrl, stopEmbeddedDatabase } from "../app/database/database-url.server";
import { applyMigrations } from "../app/database/apply-migrations.server";

const config = appConfig(); // refuses a missing secret, demo/emulator in production

if (config.demo) {
  const { startDemo } = await import("./demo-server");
  await startDemo({ dev: process.env.NODE_ENV !== "production" });
} else {
  const url = await ensureDatabaseUrl();
  await applyMigrations(url);
  const children = new Map<string, ChildProcess>();
  let stopping = false;

  const run = (role: "web" | "worker", restarts = 0) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("server", `${role}.ts`)], {
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: url, BP_SKIP_MIGRATE: "1" },
    });
    children.set(role, child);
    const started = Date.now();
    child.on("exit", (code, signal) => {
      children.delete(role);
      if (stopping) return;
      // A child that ran a while restarts at once; one that keeps dying backs off (up to 30 s).
      const next = Date.now() - started > 60_000 ? 0 : restarts + 1;
      const delay = Math.min(30_000, 500 * 2 ** next);
      console.error(`[supervisor] ${role} exited (${signal ?? code}); restarting in ${delay} ms`);
      setTimeout(() => !stopping && run(role, next), delay);
    });
  };
  run("web");
  run("worker");

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping web and worker`);
    await Promise.all(
      [...children.values()].map(
        (c) =>
          new Promise<void>((resolve) => {
            c.once("exit", () => resolve());
            c.kill("SIGTERM");
            setTimeout(() => c.kill("SIGKILL"), 15_000).unref();
          }),
      ),
    );
    await stopEmbeddedDatabase();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}
