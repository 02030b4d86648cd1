export { parseCsv } from "./parse-csv";
export type { CsvRecord } from "./parse-csv";
export { serializeCsv, serializeCsvField } from "./serialize-csv";
export { SUPPLIER_COLUMNS, parseSuppliersCsv, suppliersToCsv } from "./suppliers-csv";
export type { SupplierColumn, SupplierRow } from "./suppliers-csv";
export { OFFER_COLUMNS, offersToCsv, parseOffersCsv } from "./offers-csv";
export type { OfferColumn, OfferRow } from "./offers-csv";
export type { CsvImportResult, CsvRowError } from "./types";
