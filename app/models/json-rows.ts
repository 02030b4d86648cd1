/**
 * Rows as ONE jsonb parameter for a bulk write (`jsonb_to_recordset`): for thousands of rows this
 * binds and plans far faster through the driver adapter than one array parameter per column.
 * Bigints become strings (at any depth), dates ISO text (JSON's own). Written without a
 * `JSON.stringify` replacer, which calls back into JS for every value: values are converted
 * first, then serialized on the fast path.
 */
export function jsonRows(rows: readonly object[]): string {
  return JSON.stringify(rows.map(plain));
}

function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(plain);
  const copy: Record<string, unknown> = {};
  for (const k in value as Record<string, unknown>) copy[k] = plain((value as Record<string, unknown>)[k]);
  return copy;
}

/**
 * The reverse direction, for big reads: rows aggregated by the database into ONE text value
 * (`string_agg(concat_ws(E'\t', ...), E'\n')`), split here. The query guarantees that no field
 * holds a tab or a line break (and that none is NULL: `concat_ws` would drop it). Null text (no
 * rows) gives no rows.
 */
export function textRows(text: string | null): string[][] {
  if (!text) return [];
  return text.split("\n").map((line) => line.split("\t"));
}
