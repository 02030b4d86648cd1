// Prisma CLI configuration: the JS schema engine over the official pg driver adapter,
// so migrations run offline against PostgreSQL or the embedded PGlite served on loopback
// (scripts/migrate.ts starts it). See docs/decisions/0002-database.md.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// prisma/orm#27403: the JS schema engine cannot deserialize `name` (19) / `char` (18)
// columns that migrate reads from the catalogs. Report them as text (25), in this CLI process only,
// by wrapping the adapter's query method once on its shared prototype.
let patched = false;
function reportCatalogTypesAsText(adapter: object) {
  if (patched) return;
  const queryable = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as {
    performIO: (q: unknown) => Promise<pg.QueryResult>;
  };
  const performIO = queryable.performIO;
  queryable.performIO = async function (this: unknown, query: unknown) {
    const res = await performIO.call(this, query);
    for (const field of res?.fields ?? []) {
      if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
    }
    return res;
  };
  patched = true;
}

function connectionConfig(url: string): pg.PoolConfig {
  // Passing { connectionString } makes the shadow database silently become the main one (P3006):
  // give the parts separately.
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || "postgres"),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: u.pathname.replace(/^\//, "") || "postgres",
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: run migrations through `npm run migrate`.");
    const factory = new PrismaPg(connectionConfig(url));
    const connect = factory.connect.bind(factory);
    factory.connect = async () => {
      const adapter = await connect();
      reportCatalogTypesAsText(adapter);
      return adapter;
    };
    return factory;
  },
});
