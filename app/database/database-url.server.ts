// Which database this process talks to: DATABASE_URL (a PostgreSQL server) when set,
// otherwise the embedded PGlite started in-process on a loopback port.
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres.server";

let embedded: EmbeddedPostgres | null = null;

export function embeddedDataDir(): string {
  return process.env.PGLITE_DATA_DIR ?? path.resolve(".data/pglite");
}

/** Resolves the connection URL, starting the embedded database if none is configured. */
export async function ensureDatabaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (!embedded) {
    embedded = await startEmbeddedPostgres({
      dataDir: process.env.PGLITE_DATA_DIR === ":memory:" ? null : embeddedDataDir(),
      port: process.env.PGLITE_PORT ? Number(process.env.PGLITE_PORT) : undefined,
    });
  }
  process.env.DATABASE_URL = embedded.url;
  return embedded.url;
}

/** Closes the embedded database, if this process started one. Safe to call twice. */
export async function stopEmbeddedDatabase(): Promise<void> {
  const e = embedded;
  embedded = null;
  if (e) {
    await e.stop();
    if (process.env.DATABASE_URL === e.url) delete process.env.DATABASE_URL;
  }
}
