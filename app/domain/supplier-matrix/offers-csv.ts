// offers.csv: the supplier matrix proper, one row per (SKU, supplier). Empty `available` means
// unlimited; empty `currency` means the supplier's; MOQ and pack size default to 1.
import { z } from "zod";
import { optionalCurrency, optionalNumber, requiredNumber, requiredText } from "./cells";
import { readTable } from "./read-table";
import { serializeCsv } from "./serialize-csv";
import type { CsvImportResult, CsvRowError } from "./types";

export const OFFER_COLUMNS = ["sku", "supplier", "lead_time_days", "moq", "pack_size", "unit_cost", "available", "currency"] as const;
export type OfferColumn = (typeof OFFER_COLUMNS)[number];

export type OfferRow = {
  sku: string;
  supplierId: string;
  leadTimeDays: number;
  moq: number;
  packSize: number;
  unitCost: number;
  /** null: unlimited. */
  available: number | null;
  /** null: the supplier's currency. */
  currency: string | null;
};

const offerRowSchema = z
  .object({
    sku: requiredText(),
    supplier: requiredText(),
    lead_time_days: requiredNumber(),
    moq: optionalNumber({ integer: true, min: 1 }),
    pack_size: optionalNumber({ integer: true, min: 1 }),
    unit_cost: requiredNumber(),
    available: optionalNumber({ integer: true }),
    currency: optionalCurrency(),
  })
  .transform(
    (r): OfferRow => ({
      sku: r.sku,
      supplierId: r.supplier,
      leadTimeDays: r.lead_time_days,
      moq: r.moq ?? 1,
      packSize: r.pack_size ?? 1,
      unitCost: r.unit_cost,
      available: r.available,
      currency: r.currency,
    })
  );

/**
 * Reads offers.csv. With `knownSupplierIds`, an offer from any other supplier is an error; a
 * repeated (SKU, supplier) pair is an error on the later row.
 */
export function parseOffersCsv(text: string, options: { knownSupplierIds?: Iterable<string> } = {}): CsvImportResult<OfferRow> {
  const { rows, errors } = readTable(text, {
    columns: OFFER_COLUMNS,
    required: ["sku", "supplier", "lead_time_days", "unit_cost"],
    row: offerRowSchema,
  });
  const known = options.knownSupplierIds === undefined ? null : new Set(options.knownSupplierIds);
  const firstLine = new Map<string, number>();
  const kept: OfferRow[] = [];
  const rowErrors: CsvRowError[] = [];
  for (const { line, row } of rows) {
    if (known && !known.has(row.supplierId)) {
      rowErrors.push({ line, column: "supplier", message: `Unknown supplier "${row.supplierId}"` });
      continue;
    }
    const key = JSON.stringify([row.sku, row.supplierId]);
    const first = firstLine.get(key);
    if (first !== undefined) {
      rowErrors.push({
        line,
        column: "supplier",
        message: `SKU "${row.sku}" from supplier "${row.supplierId}" is already on line ${first}`,
      });
      continue;
    }
    firstLine.set(key, line);
    kept.push(row);
  }
  return { rows: kept, errors: [...errors, ...rowErrors].sort((a, b) => a.line - b.line) };
}

const cell = (v: string | number | null) => (v === null ? "" : String(v));

/** Writes offers.csv (RFC 4180, CRLF) in the column order above. */
export function offersToCsv(rows: readonly OfferRow[]): string {
  return serializeCsv([
    OFFER_COLUMNS,
    ...rows.map((r) => [r.sku, r.supplierId, r.leadTimeDays, r.moq, r.packSize, r.unitCost, r.available, r.currency].map(cell)),
  ]);
}
