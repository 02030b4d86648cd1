// `npm run migrate`: applies prisma/migrations with `prisma migrate deploy` on the configured
// database — DATABASE_URL, or the embedded PGlite (started here on a loopback port, closed after).
// The child runs asynchronously: this process serves the embedded database while it works.
import { spawn } from "node:child_process";
import { ensureDatabaseUrl, stopEmbeddedDatabase } from "../app/database/database-url.server";

const url = await ensureDatabaseUrl();
const code = await new Promise<number>((resolve) => {
  const child = spawn("npx", ["prisma", "migrate", "deploy"], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url },
  });
  child.on("exit", (c) => resolve(c ?? 1));
});
await stopEmbeddedDatabase();
process.exit(code);
