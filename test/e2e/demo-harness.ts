// Starts the demo (built app, embedded database in a temp dir, live order stream) as a child process
// on a free port, and Debian Chromium through playwright-core, for browser journeys.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const root = path.resolve(__dirname, "../..");
export const shots = path.join(root, "test-results/screenshots");
const CHROME_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export type RunningDemo = { base: string; log: () => string; stop: () => Promise<void> };

export async function startDemoProcess(): Promise<RunningDemo> {
  fs.mkdirSync(shots, { recursive: true });
  const port = await freePort();
  let log = "";
  const server: ChildProcess = spawn("npx", ["tsx", "server/index.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      BACKORDER_DEMO: "1",
      PORT: String(port),
      DATABASE_URL: "",
      PGLITE_DATA_DIR: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bp-e2e-po-")), "pglite"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${log}`)), 150_000);
    server.stdout!.on("data", (d: Buffer) => {
      log += d.toString();
      if (log.includes("/demo/mailbox")) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.stderr!.on("data", (d: Buffer) => (log += d.toString()));
    server.on("exit", (code) => reject(new Error(`demo exited ${code}:\n${log}`)));
  });
  return {
    base: `http://localhost:${port}`,
    log: () => log,
    async stop() {
      if (server.exitCode === null) {
        server.kill("SIGTERM");
        await new Promise((r) => server.once("exit", r));
      }
    },
  };
}

export async function openBrowser(): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = await browser.newPage({ userAgent: CHROME_UA, viewport: { width: 1440, height: 960 } });
  return { browser, page };
}
