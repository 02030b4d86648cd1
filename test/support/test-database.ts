// One fresh database per test file, on the engine TEST_DB names:
//   pglite   (default) — an in-memory PGlite served on a loopback port by this worker;
//   postgres — a new database cloned from a migrated template on TEST_POSTGRES_URL
//              (default postgresql://postgres@127.0.0.1:5432/postgres).
import fs from "node:fs";
import crypto from "node:crypto";
import path from "node:path";
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

/**
 * PGlite's initdb costs seconds per test file: globalSetup migrates one in-memory database once and
 * dumps it; every file then starts from that dump. Keyed by the migrations' content, so a changed
 * migration can never be served from an old dump.
 */
function pgliteTemplatePath(): string {
  const root = path.resolve(__dirname, "../../prisma/migrations");
  const hash = crypto.createHash("sha256");
  for (const name of fs.readdirSync(root).sort()) {
    const file = path.join(root, name, "migration.sql");
    if (fs.existsSync(file)) hash.update(name).update(fs.readFileSync(file));
  }
  return path.resolve(__dirname, `../../node_modules/.cache/backorder-pilot/pglite-${hash.digest("hex").slice(0, 16)}.tar`);
}

/** globalSetup: a migrated PGlite dump for the files to start from (pglite engine only). */
export async function buildPgliteTemplate(): Promise<void> {
  const file = pgliteTemplatePath();
  if (fs.existsSync(file)) return;
  const db = await startEmbeddedPostgres({ dataDir: null });
  try {
    await applyMigrations(db.url);
    const blob = await db.dump();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    fs.renameSync(tmp, file);
  } finally {
    await db.stop();
  }
}

/**
 * Connections a test file's PGlite socket accepts (the embedded default is 16). The multi-process
 * tests run the test process and two worker processes on one database: each opens its Prisma, pg-boss
 * and intake pools (about 8 connections at their peak), and a connection past the limit is reset —
 * seen as a worker process dying at start-up with ECONNRESET. PGlite still runs one query at a time.
 */
const PGLITE_TEST_CONNECTIONS = 40;

export type TestDatabase = { url: string; drop: () => Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testEngine() === "pglite") {
    const template = pgliteTemplatePath();
    if (fs.existsSync(template)) {
      const db = await startEmbeddedPostgres({ dataDir: null, initialData: new Blob([fs.readFileSync(template)]), maxConnections: PGLITE_TEST_CONNECTIONS });
      return { url: db.url, drop: db.stop };
    }
    const db = await startEmbeddedPostgres({ dataDir: null, maxConnections: PGLITE_TEST_CONNECTIONS });
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
