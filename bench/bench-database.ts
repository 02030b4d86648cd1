// A fresh database per benchmark on the engine asked for: embedded PGlite (a temporary directory,
// hosted by a process of its own and served on loopback, like `npm start` does) or a new database
// on the PostgreSQL server.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../app/database/apply-migrations.server";
import { startChild } from "./bench-processes";

export type Engine = "pglite" | "postgres";
export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function freshDatabase(engine: Engine): Promise<{ url: string; drop: () => Promise<void> }> {
  if (engine === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bp-bench-"));
    const host = await startChild("bench/pglite-host.ts", [path.join(dir, "pglite")], {}, (line) => line.startsWith("{"));
    const { url } = JSON.parse(host.readyLine) as { url: string };
    return {
      url,
      drop: async () => {
        await host.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `bp_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(POSTGRES_URL);
  u.pathname = `/${name}`;
  await applyMigrations(u.toString());
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
