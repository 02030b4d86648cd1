// suppliers.csv: one row per supplier. Rates are 0..1 and only seed the performance the app
// computes from its own purchase orders; empty currency / time zone mean "the shop's".
import { z } from "zod";
import { SUBMISSION_CHANNELS, SUPPLIER_STATUSES, type SubmissionChannel, type SupplierStatus } from "../replenishment";
import { enumCell, optionalCurrency, optionalEmail, optionalHttpUrl, optionalNumber, optionalTimeZone, requiredText } from "./cells";
import { readTable } from "./read-table";
import { serializeCsv } from "./serialize-csv";
import type { CsvImportResult, CsvRowError } from "./types";

export const SUPPLIER_COLUMNS = [
  "id",
  "name",
  "status",
  "channel",
  "email",
  "api_url",
  "currency",
  "timezone",
  "fill_rate",
  "on_time_rate",
  "api_availability",
] as const;
export type SupplierColumn = (typeof SUPPLIER_COLUMNS)[number];

export type SupplierRow = {
  id: string;
  name: string;
  status: SupplierStatus;
  channel: SubmissionChannel;
  email: string | null;
  apiUrl: string | null;
  /** null: the shop's currency. */
  currency: string | null;
  /** IANA zone of the supplier's business calendar; null: the shop's. */
  timezone: string | null;
  fillRate: number | null;
  onTimeRate: number | null;
  apiAvailability: number | null;
};

const rate = () => optionalNumber({ min: 0, max: 1 });

const supplierRowSchema = z
  .object({
    id: requiredText(),
    name: requiredText(),
    status: enumCell(SUPPLIER_STATUSES),
    channel: enumCell(SUBMISSION_CHANNELS),
    email: optionalEmail(),
    api_url: optionalHttpUrl(),
    currency: optionalCurrency(),
    timezone: optionalTimeZone(),
    fill_rate: rate(),
    on_time_rate: rate(),
    api_availability: rate(),
  })
  .superRefine((row, ctx) => {
    // Each channel needs somewhere to send the order.
    if (row.channel === "email" && row.email === null)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["email"], message: "is required when the channel is email" });
    if (row.channel === "api" && row.api_url === null)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["api_url"], message: "is required when the channel is api" });
  })
  .transform(
    (r): SupplierRow => ({
      id: r.id,
      name: r.name,
      status: r.status,
      channel: r.channel,
      email: r.email,
      apiUrl: r.api_url,
      currency: r.currency,
      timezone: r.timezone,
      fillRate: r.fill_rate,
      onTimeRate: r.on_time_rate,
      apiAvailability: r.api_availability,
    })
  );

/** Reads suppliers.csv. A repeated supplier id is an error on the later row. */
export function parseSuppliersCsv(text: string): CsvImportResult<SupplierRow> {
  const { rows, errors } = readTable(text, {
    columns: SUPPLIER_COLUMNS,
    required: ["id", "name", "status", "channel"],
    row: supplierRowSchema,
  });
  const firstLine = new Map<string, number>();
  const kept: SupplierRow[] = [];
  const duplicates: CsvRowError[] = [];
  for (const { line, row } of rows) {
    const first = firstLine.get(row.id);
    if (first !== undefined) {
      duplicates.push({ line, column: "id", message: `Supplier "${row.id}" is already defined on line ${first}` });
      continue;
    }
    firstLine.set(row.id, line);
    kept.push(row);
  }
  return { rows: kept, errors: [...errors, ...duplicates].sort((a, b) => a.line - b.line) };
}

const cell = (v: string | number | null) => (v === null ? "" : String(v));

/** Writes suppliers.csv (RFC 4180, CRLF) in the column order above. */
export function suppliersToCsv(rows: readonly SupplierRow[]): string {
  return serializeCsv([
    SUPPLIER_COLUMNS,
    ...rows.map((r) =>
      [r.id, r.name, r.status, r.channel, r.email, r.apiUrl, r.currency, r.timezone, r.fillRate, r.onTimeRate, r.apiAvailability].map(cell)
    ),
  ]);
}
