// A real worker process (server/worker.ts) against this test file's database: fault-injection
// tests kill it with SIGKILL, and concurrency tests run two of them at once.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import prisma from "../../app/db.server";

export type ChildWorker = {
  process: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
  stop: () => Promise<void>;
};

export function spawnWorker(env: Record<string, string> = {}): ChildWorker {
  const root = path.resolve(__dirname, "../..");
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "server/worker.ts")], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "test", BP_SCHEDULES: "0", WORKER_POLL_MS: "20", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return {
    process: child,
    exited,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Waits until no delivery of these shops is pending (claimed or not). */
export async function waitForDeliveries(shops: string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await prisma.webhookDelivery.count({ where: { shop: { in: shops }, status: "received" } });
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending} deliveries still pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
