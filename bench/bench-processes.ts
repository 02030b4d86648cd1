// Child processes for the benchmarks: the app's web and worker processes (server/web.ts,
// server/worker.ts), the floor server, the load generator, the PGlite host — each on its own.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export type Child = { process: ChildProcess; readyLine: string; output: () => string; stop: () => Promise<void>; exited: Promise<number | null> };

export const BENCH_SECRET = "bench-secret";

/** Starts `tsx <script> args` and resolves once a stdout line satisfies `ready`. */
export function startChild(script: string, args: string[], env: Record<string, string>, ready: (line: string) => boolean): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(script), ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return new Promise((resolve, reject) => {
    let done = false;
    const onData = (d: Buffer) => {
      out += d;
      if (done) return;
      const line = out.split("\n").find(ready);
      if (line) {
        done = true;
        resolve({
          process: child,
          readyLine: line,
          output: () => out,
          exited,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
            await exited;
          },
        });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d) => (out += d));
    void exited.then((code) => !done && reject(new Error(`${script} exited ${code} before it was ready:\n${out.slice(-2000)}`)));
  });
}

export function appEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_KEY: "bench-key",
    SHOPIFY_API_SECRET: BENCH_SECRET,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: "0",
    BP_SCHEDULES: "0",
    ...extra,
  };
}

export async function startWeb(databaseUrl: string, extra: Record<string, string> = {}): Promise<Child & { url: string }> {
  const c = await startChild("server/web.ts", [], appEnv(databaseUrl, extra), (l) => l.includes("web listening on"));
  const url = /http:\/\/[^\s]+/.exec(c.readyLine)![0].replace("localhost", "127.0.0.1");
  return { ...c, url };
}

export function startWorkerProcess(databaseUrl: string, extra: Record<string, string> = {}): Promise<Child> {
  return startChild("server/worker.ts", [], appEnv(databaseUrl, extra), (l) => l.includes("worker") && l.includes("started"));
}

/** Runs the load generator to completion; returns its JSON line. */
export async function runLoad(base: string, shop: string, orders: number, inFlight: number, skus: number): Promise<LoadResult> {
  const c = await startChild("bench/load-webhooks.ts", [base, BENCH_SECRET, shop, String(orders), String(inFlight), String(skus)], {}, (l) => l.startsWith("{"));
  await c.exited;
  return JSON.parse(c.readyLine) as LoadResult;
}

export type LoadResult = { deliveries: number; failures: number; ackWallMs: number; perSecond: number; p50: number; p99: number; bodyBytes: number };
