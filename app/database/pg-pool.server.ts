// Raw `pg` pools for the few paths where Prisma's per-query overhead matters (the webhook
// acknowledgement path) or that need a plain connection (LISTEN). Every session runs in UTC and
// `timestamp without time zone` values are read as UTC, the convention Prisma's adapter follows:
// a server or Node process in another time zone must not shift stored times.
import pg from "pg";

const TIMESTAMP_WITHOUT_TZ = 1114;

/** Postgres "2026-05-01 08:00:00.123" (UTC wall time) -> Date. */
function parseUtcTimestamp(value: string): Date {
  return new Date(`${value.replace(" ", "T")}Z`);
}

export const utcTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_WITHOUT_TZ && format !== "binary") return parseUtcTimestamp;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Session settings for every connection the app opens (Prisma's adapter included). */
export const SESSION_OPTIONS = "-c TimeZone=UTC";

export function createPool(url: string, o: { max: number; name: string }): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: o.max, options: SESSION_OPTIONS, types: utcTypes, application_name: o.name });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on("error", (error) => console.warn(`[db:${o.name}] idle connection error: ${error.message}`));
  return pool;
}

/** A Date as the UTC wall-time text Postgres stores in a timestamp(3) column. */
export function utcText(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}
