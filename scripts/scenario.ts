// `npm run scenario -- file.json [--out result.json]` (shared/scenarios/FORMAT.md): validates the
// file, replays it on a fresh database (in-memory PGlite, or a new database on DATABASE_URL's
// server) and prints or writes the result. Exit 0 when replayed, 2 for an invalid file.
import fs from "node:fs";
import pg from "pg";
import { validateScenario } from "../app/scenario/scenario-schema";
import { startEmbeddedPostgres } from "../app/database/embedded-postgres.server";
import { applyMigrations } from "../app/database/apply-migrations.server";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--") && args[args.indexOf(a) - 1] !== "--out");
const outIndex = args.indexOf("--out");
const out = outIndex >= 0 ? args[outIndex + 1] : undefined;
if (!file) {
  console.error("usage: npm run scenario -- <scenario.json> [--out result.json]");
  process.exit(2);
}

let input: unknown;
try {
  input = JSON.parse(fs.readFileSync(file, "utf8"));
} catch (e) {
  console.error(`${file}: ${(e as Error).message}`);
  process.exit(2);
}
const v = validateScenario(input);
if (!v.ok) {
  for (const e of v.errors) console.error(e);
  process.exit(2);
}

// A fresh database for this run.
let cleanup: () => Promise<void>;
if (process.env.DATABASE_URL) {
  const name = `scenario_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(process.env.DATABASE_URL);
  const serverUrl = process.env.DATABASE_URL;
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
  cleanup = async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
} else {
  const db = await startEmbeddedPostgres({ dataDir: null });
  process.env.DATABASE_URL = db.url;
  cleanup = db.stop;
}
await applyMigrations(process.env.DATABASE_URL!);

const { replayScenario } = await import("../app/scenario/replay-scenario.server");
const result = await replayScenario(v.scenario);
const { disconnectPrisma } = await import("../app/db.server");
await disconnectPrisma();
await cleanup();

const json = JSON.stringify(result, null, 2);
if (out) fs.writeFileSync(out, json);
else process.stdout.write(`${json}\n`);
process.exit(0);
