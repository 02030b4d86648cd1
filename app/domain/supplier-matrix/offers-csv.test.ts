import { describe, expect, it } from "vitest";
import { offersToCsv, parseOffersCsv, type OfferRow } from "./index";

const HEADER = "sku,supplier,lead_time_days,moq,pack_size,unit_cost,available,currency";
const offers: OfferRow[] = [
  { sku: "LAMP-BRASS", supplierId: "lumen", leadTimeDays: 6, moq: 10, packSize: 1, unitCost: 31, available: 100, currency: null },
  { sku: "LAMP-BRASS", supplierId: "brightco", leadTimeDays: 9, moq: 20, packSize: 1, unitCost: 27.5, available: 500, currency: "USD" },
  { sku: "SHADE, LINEN", supplierId: "brightco", leadTimeDays: 2.5, moq: 1, packSize: 6, unitCost: 4.125, available: null, currency: null },
];

describe("parseOffersCsv", () => {
  it("reads the acceptance scenario's matrix", () => {
    const text = `${HEADER}\r\nLAMP-BRASS,lumen,6,10,1,31.0,100,\r\nLAMP-BRASS,brightco,9,20,1,27.5,500,usd\r\n"SHADE, LINEN",brightco,2.5,,6,4.125,,\r\n`;
    expect(parseOffersCsv(text, { knownSupplierIds: ["lumen", "brightco"] })).toEqual({ rows: offers, errors: [] });
  });

  it("round-trips through offersToCsv", () => {
    const csv = offersToCsv(offers);
    expect(csv).toBe(
      `${HEADER}\r\nLAMP-BRASS,lumen,6,10,1,31,100,\r\nLAMP-BRASS,brightco,9,20,1,27.5,500,USD\r\n"SHADE, LINEN",brightco,2.5,1,6,4.125,,\r\n`
    );
    expect(parseOffersCsv(csv)).toEqual({ rows: offers, errors: [] });
  });

  it("defaults MOQ and pack size to 1 when their columns are left out", () => {
    expect(parseOffersCsv("sku,supplier,lead_time_days,unit_cost\nMUG,terra,3,2.2\n").rows).toEqual([
      { sku: "MUG", supplierId: "terra", leadTimeDays: 3, moq: 1, packSize: 1, unitCost: 2.2, available: null, currency: null },
    ]);
  });

  it.each([
    [
      "a non-numeric lead time",
      "MUG,terra,soon,1,1,2.2,,",
      { column: "lead_time_days", message: 'lead_time_days must be a number (got "soon")' },
    ],
    ["a decimal comma", 'MUG,terra,3,1,1,"2,20",,', { column: "unit_cost", message: 'unit_cost must be a number (got "2,20")' }],
    ["a negative cost", "MUG,terra,3,1,1,-2,,", { column: "unit_cost", message: "unit_cost must not be negative (got -2)" }],
    ["a negative availability", "MUG,terra,3,1,1,2,-5,", { column: "available", message: "available must not be negative (got -5)" }],
    ["a fractional availability", "MUG,terra,3,1,1,2,2.5,", { column: "available", message: "available must be a whole number (got 2.5)" }],
    ["an MOQ below 1", "MUG,terra,3,0,1,2,,", { column: "moq", message: "moq must be at least 1 (got 0)" }],
    ["a pack size below 1", "MUG,terra,3,1,0,2,,", { column: "pack_size", message: "pack_size must be at least 1 (got 0)" }],
    ["a fractional pack size", "MUG,terra,3,1,1.5,2,,", { column: "pack_size", message: "pack_size must be a whole number (got 1.5)" }],
    ["a missing SKU", ",terra,3,1,1,2,,", { column: "sku", message: "sku is required" }],
    ["a missing cost", "MUG,terra,3,1,1,,,", { column: "unit_cost", message: "unit_cost is required" }],
    ["a bad currency", "MUG,terra,3,1,1,2,,EURO", { column: "currency", message: "currency must be a 3-letter ISO 4217 code such as EUR" }],
    ["an unknown supplier", "MUG,nobody,3,1,1,2,,", { column: "supplier", message: 'Unknown supplier "nobody"' }],
  ])("rejects a row with %s, keeping the valid row after it", (_, bad, error) => {
    const { rows, errors } = parseOffersCsv(`${HEADER}\n${bad}\nMUG,oak,3,1,1,2,,\n`, { knownSupplierIds: ["terra", "oak"] });
    expect(errors).toEqual([{ line: 2, ...error }]);
    expect(rows).toEqual([
      { sku: "MUG", supplierId: "oak", leadTimeDays: 3, moq: 1, packSize: 1, unitCost: 2, available: null, currency: null },
    ]);
  });

  it("rejects a second offer for the same SKU and supplier, keeping the first", () => {
    const { rows, errors } = parseOffersCsv(`${HEADER}\nMUG,terra,3,1,1,2,,\nMUG,oak,4,1,1,2,,\nMUG,terra,5,1,1,1.5,,\n`);
    expect(rows.map((r) => [r.supplierId, r.leadTimeDays])).toEqual([
      ["terra", 3],
      ["oak", 4],
    ]);
    expect(errors).toEqual([{ line: 4, column: "supplier", message: 'SKU "MUG" from supplier "terra" is already on line 2' }]);
  });

  it("does not check suppliers when no list is given", () => {
    expect(parseOffersCsv(`${HEADER}\nMUG,anyone,3,1,1,2,,\n`).errors).toEqual([]);
  });

  it("reports every problem of a row, and CSV syntax errors by line", () => {
    const { rows, errors } = parseOffersCsv(`${HEADER}\nMUG,terra,-1,0,1,x,,\n"MUG,terra,3,1,1,2,,\n`);
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { line: 2, column: "lead_time_days", message: "lead_time_days must not be negative (got -1)" },
      { line: 2, column: "moq", message: "moq must be at least 1 (got 0)" },
      { line: 2, column: "unit_cost", message: 'unit_cost must be a number (got "x")' },
      { line: 3, message: "A quoted field is never closed" },
    ]);
  });

  it("reads nothing without its required columns", () => {
    expect(parseOffersCsv("sku,supplier,moq\nMUG,terra,1\n")).toEqual({
      rows: [],
      errors: [
        { line: 1, column: "lead_time_days", message: 'Missing required column "lead_time_days"' },
        { line: 1, column: "unit_cost", message: 'Missing required column "unit_cost"' },
      ],
    });
  });

  it("reports an unknown header", () => {
    const { rows, errors } = parseOffersCsv("sku,supplier,lead_time_days,unit_cost,price\nMUG,terra,3,2,9\n");
    expect(rows).toHaveLength(1);
    expect(errors.map((e) => [e.line, e.column])).toEqual([[1, "price"]]);
  });
});
