// Separate web and worker processes share one database: PostgreSQL (DATABASE_URL), or the embedded
// PGlite that `npm start` serves on loopback to its two children. A lone web or worker process must
// not start a private embedded database the other could never see.
export function requireSharedDatabase(role: "web" | "worker"): void {
  if (process.env.DATABASE_URL) return;
  console.error(
    `Refusing to start the ${role} process without DATABASE_URL: web and worker processes share one PostgreSQL. ` +
      "Set DATABASE_URL=postgresql://…, or run `npm start` (one web and one worker on the embedded database).",
  );
  process.exit(1);
}
