// Hosts an embedded PGlite in a process of its own (as `npm start`'s supervisor does), so the
// benchmark's web and worker processes connect to it like to a server. Prints {"url": ...}.
// Usage: tsx bench/pglite-host.ts <data-dir>
import { startEmbeddedPostgres } from "../app/database/embedded-postgres.server";
import { applyMigrations } from "../app/database/apply-migrations.server";

const db = await startEmbeddedPostgres({ dataDir: process.argv[2] });
await applyMigrations(db.url);
console.log(JSON.stringify({ url: db.url }));
process.on("SIGTERM", () => void db.stop().then(() => process.exit(0)));
