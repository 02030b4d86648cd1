// Applies prisma/migrations/*/migration.sql in order over a plain pg connection. Tests and
// the benchmarks use it to build a fresh database in well under a second; `npm run migrate`
// (prisma migrate deploy) remains the way deployments migrate.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export function migrationFiles(root = path.resolve("prisma/migrations")): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => path.join(root, name, "migration.sql"));
}

export async function applyMigrations(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const file of migrationFiles()) await client.query(fs.readFileSync(file, "utf8"));
  } finally {
    await client.end();
  }
}
