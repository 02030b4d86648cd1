// One fresh database per test file, on the engine TEST_DB names:
//   pglite   (default) — an in-memory PGlite served on a loopback port by this worker;
//   postgres — a new database cloned from a migrated template on TEST_POSTGRES_URL
//              (default postgresql://postgres@127.0.0.1:5432/postgres).
import pg from "pg";
import { startEmbeddedPostgres } from "../../app/database/embedded-postgres.server";
import { applyMigrations } from "../../app/database/apply-migrations.server";

export const TEMPLATE_DB = "backorder_pilot_test_template";

export function testEngine(): "pglite" | "postgres" {
  return process.env.TEST_DB === "postgres" ? "postgres" : "pglite";
}

export function serverUrl(database = "postgres"): string {
  const base = new URL(process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  base.pathname = `/${database}`;
  return base.toString();
}

/** globalSetup: (re)build the template database once per run (postgres engine only). */
export async function buildPostgresTemplate(): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  await applyMigrations(serverUrl(TEMPLATE_DB));
}

export type TestDatabase = { url: string; drop: () => Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testEngine() === "pglite") {
    const db = await startEmbeddedPostgres({ dataDir: null });
    await applyMigrations(db.url);
    return { url: db.url, drop: db.stop };
  }
  const name = `bp_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  return {
    url: serverUrl(name),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
