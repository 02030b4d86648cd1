// The embedded default: PGlite (real Postgres compiled to WASM) served on loopback by
// pglite-socket, so Prisma's adapter-pg and pg-boss connect with a postgresql:// URL exactly
// as they do to a PostgreSQL server. See docs/decisions/0002-database.md.
import fs from "node:fs";
import net from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { keepProtocolSequencesTogether } from "./pglite-batch-queue.server";

export type EmbeddedPostgres = {
  url: string;
  port: number;
  dataDir: string | null;
  stop: () => Promise<void>;
  /** The whole data directory as a tarball (for `initialData` of a later in-memory start). */
  dump: () => Promise<Blob>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts PGlite on `dataDir` (null: in memory) and serves it on 127.0.0.1.
 * A PGlite data directory tolerates one process at a time: stop() must run on shutdown.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string | null;
  port?: number;
  maxConnections?: number;
  /** In memory only: start from this dump instead of running initdb (tests start from a migrated one). */
  initialData?: Blob;
}): Promise<EmbeddedPostgres> {
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  const db = options.dataDir
    ? new PGlite(options.dataDir)
    : options.initialData
      ? new PGlite({ loadDataDir: options.initialData })
      : new PGlite();
  await db.waitReady;
  const port = options.port ?? (await freePort());
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port,
    // The default of 1 makes a pg Pool fail with ECONNRESET; queries still run one at a time.
    maxConnections: options.maxConnections ?? 16,
  });
  keepProtocolSequencesTogether(server);
  await server.start();
  let stopped = false;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir: options.dataDir,
    dump: async () => (await db.dumpDataDir("none")) as Blob,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}
