// Shared reading of a supplier-matrix CSV: header checks, one zod schema per row, errors named by
// line and column. A header that cannot be read stops the import; a bad row only skips that row.
import type { z } from "zod";
import { parseCsv } from "./parse-csv";
import type { CsvImportResult, CsvRowError } from "./types";

export type TableSpec<Column extends string, Row> = {
  /** Every column the file may have, in export order. */
  columns: readonly Column[];
  /** Columns the header must name. */
  required: readonly Column[];
  /** Cells (trimmed, "" when empty or the column is absent) -> row; issue paths are column names. */
  row: z.ZodType<Row, z.ZodTypeDef, Record<Column, string>>;
};

export type ReadRow<Row> = { line: number; row: Row };

function readHeader<Column extends string>(
  fields: string[],
  line: number,
  spec: { columns: readonly Column[]; required: readonly Column[] }
): { columns: (Column | null)[]; errors: CsvRowError[]; fatal: boolean } {
  const known = new Set<string>(spec.columns);
  const seen = new Set<string>();
  const unknown: CsvRowError[] = [];
  const repeated: CsvRowError[] = [];
  // Unknown columns are reported and ignored: the known ones can still be read.
  const columns = fields.map((field): Column | null => {
    const name = field.trim().toLowerCase();
    if (!known.has(name)) {
      unknown.push({ line, column: name, message: `Unknown column "${name}" (expected ${spec.columns.join(", ")})` });
      return null;
    }
    if (seen.has(name)) {
      repeated.push({ line, column: name, message: `Column "${name}" appears twice` });
      return null;
    }
    seen.add(name);
    return name as Column;
  });
  const missing = spec.required
    .filter((c) => !seen.has(c))
    .map((column): CsvRowError => ({ line, column, message: `Missing required column "${column}"` }));
  return { columns, errors: [...unknown, ...repeated, ...missing], fatal: repeated.length + missing.length > 0 };
}

/** Reads a CSV into validated rows; cross-row checks (duplicates, references) are the caller's. */
export function readTable<Column extends string, Row>(text: string, spec: TableSpec<Column, Row>): CsvImportResult<ReadRow<Row>> {
  const { records, errors } = parseCsv(text);
  const [header, ...body] = records;
  if (!header) {
    // A header lost to a CSV syntax error is already reported.
    if (errors.length === 0) errors.push({ line: 1, message: `The file is empty: expected a header row (${spec.columns.join(",")})` });
    return { rows: [], errors };
  }
  const head = readHeader(header.fields, header.line, spec);
  errors.push(...head.errors);
  if (head.fatal) return { rows: [], errors: errors.sort((a, b) => a.line - b.line) };

  const rows: ReadRow<Row>[] = [];
  for (const { line, fields } of body) {
    if (fields.length !== head.columns.length) {
      errors.push({ line, message: `Expected ${head.columns.length} fields as in the header, found ${fields.length}` });
      continue;
    }
    const cells = Object.fromEntries(spec.columns.map((c) => [c, ""])) as Record<Column, string>;
    head.columns.forEach((column, i) => {
      if (column) cells[column] = fields[i].trim();
    });
    const parsed = spec.row.safeParse(cells);
    if (parsed.success) rows.push({ line, row: parsed.data });
    else
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? "");
        errors.push(column ? { line, column, message: `${column} ${issue.message}` } : { line, message: issue.message });
      }
  }
  return { rows, errors: errors.sort((a, b) => a.line - b.line) };
}
