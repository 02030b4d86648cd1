// The Prisma client, over the official pg driver adapter for every mode (embedded PGlite on
// loopback, or a PostgreSQL server). The only module that constructs PrismaClient.
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";

declare global {
  // eslint-disable-next-line no-var
  var __prisma: PrismaClient | undefined;
}

export function createPrismaClient(url: string): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 5) });
  return new PrismaClient({ adapter });
}

/**
 * The process-wide client. DATABASE_URL must be resolved first (server start-up calls
 * ensureDatabaseUrl()); the client connects lazily on first query.
 */
function getPrisma(): PrismaClient {
  if (!globalThis.__prisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not resolved yet: call ensureDatabaseUrl() at start-up");
    globalThis.__prisma = createPrismaClient(url);
  }
  return globalThis.__prisma;
}

/** Lazily bound so importing this module never needs the database to be up. */
const prisma = new Proxy({} as PrismaClient, {
  get(_t, prop) {
    const client = getPrisma() as unknown as Record<string | symbol, unknown>;
    const value = client[prop];
    return typeof value === "function" ? (value as Function).bind(client) : value;
  },
});

export async function disconnectPrisma(): Promise<void> {
  const c = globalThis.__prisma;
  globalThis.__prisma = undefined;
  await c?.$disconnect();
}

export default prisma;
