// Suppliers and the supplier matrix: create/update/delete with zod validation, CSV import with
// row-level errors (valid rows are kept, every bad row is named by line and column) and CSV export
// over the pure parsers (app/domain/supplier-matrix), and the performance the app computes.
import { z } from "zod";
import type { Prisma } from "@prisma/client";
import {
  deleteOffer,
  deleteSupplier,
  findSupplier,
  listOffers,
  listSafetyStock,
  listSuppliers,
  setSafetyStock,
  shopCurrencyAndZone,
  upsertOffers,
  upsertSuppliers,
  type OfferRecord,
  type SupplierRecord,
  type SupplierWrite,
} from "../../models/replenishment/suppliers.server";
import { withTransaction } from "../../models/transaction.server";
import { offersToCsv, parseOffersCsv, parseSuppliersCsv, suppliersToCsv, type CsvRowError, type OfferRow, type SupplierRow } from "../../domain/supplier-matrix";
import { SUBMISSION_CHANNELS, SUPPLIER_STATUSES } from "../../domain/replenishment/types";
import type { PerformanceEstimate } from "../../domain/replenishment/supplier-performance";
import { estimatePerformance, supplierHistories } from "./performance.server";
import { loadReplenishmentSettings } from "./settings.server";
import { now } from "../../clock.server";

export type ServiceErrors = { field: string; message: string }[];
export type SaveResult<T> = { ok: true; value: T } | { ok: false; errors: ServiceErrors };

const issues = (e: z.ZodError): ServiceErrors => e.issues.map((i) => ({ field: i.path.join(".") || "(input)", message: i.message }));

const rate = z.number().min(0).max(1).nullable().default(null);
const optionalText = z
  .string()
  .trim()
  .max(500)
  .nullish()
  .transform((v) => (v ? v : null));
const timeZone = z
  .string()
  .nullish()
  .transform((v) => v || null)
  .refine((v) => {
    if (v === null) return true;
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: v });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as Europe/Berlin");

const EdiConfigSchema = z
  .object({
    transport: z.enum(["http", "email"]),
    url: z.string().url().optional(),
    to: z.string().email().optional(),
    token: z.string().min(1).optional(),
    senderId: z.string().max(15).optional(),
    senderQualifier: z.string().max(2).optional(),
    receiverId: z.string().max(15).optional(),
    receiverQualifier: z.string().max(2).optional(),
    test: z.boolean().optional(),
  })
  .refine((c) => (c.transport === "http" ? Boolean(c.url) : Boolean(c.to)), "an http transport needs url, an email transport needs to");

export const SupplierInputSchema = z
  .object({
    id: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, . _ - only"),
    name: z.string().trim().min(1).max(200),
    status: z.enum(SUPPLIER_STATUSES).default("active"),
    channel: z.enum(SUBMISSION_CHANNELS),
    contactName: optionalText,
    email: z.string().trim().email().nullish().transform((v) => v ?? null),
    phone: optionalText,
    apiUrl: z.string().trim().url().nullish().transform((v) => v ?? null),
    apiKind: z.enum(["json", "graphql"]).default("json"),
    apiToken: optionalText,
    ediConfig: EdiConfigSchema.nullish().transform((v) => v ?? null),
    currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "must be a 3-letter ISO 4217 code").nullish().transform((v) => v ?? null),
    timezone: timeZone,
    fillRateSeed: rate,
    onTimeRateSeed: rate,
    apiAvailabilitySeed: rate,
  })
  .superRefine((s, ctx) => {
    if (s.channel === "email" && !s.email) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["email"], message: "is required when the channel is email" });
    if (s.channel === "api" && !s.apiUrl) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["apiUrl"], message: "is required when the channel is api" });
    if (s.channel === "edi" && !s.ediConfig && !s.apiUrl) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["ediConfig"], message: "is required when the channel is edi" });
  });
export type SupplierInput = z.input<typeof SupplierInputSchema>;

export const OfferInputSchema = z.object({
  supplierId: z.string().min(1),
  sku: z.string().trim().min(1).max(255),
  leadTimeDays: z.number().finite().nonnegative(),
  moq: z.number().int().min(1).default(1),
  packSize: z.number().int().min(1).default(1),
  unitCost: z.number().finite().nonnegative(),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/).nullish().transform((v) => v ?? null),
  available: z.number().int().nonnegative().nullish().transform((v) => v ?? null),
  supplierSku: optionalText,
  lastUnitCostSeed: z.number().finite().nonnegative().nullish().transform((v) => v ?? null),
  fillRateSeed: rate,
  apiAvailabilitySeed: rate,
});
export type OfferInput = z.input<typeof OfferInputSchema>;

const toWrite = (s: z.output<typeof SupplierInputSchema>): SupplierWrite => ({ ...s, ediConfig: (s.ediConfig as Prisma.InputJsonValue | null) ?? null });

export async function saveSupplier(shop: string, input: unknown): Promise<SaveResult<SupplierRecord>> {
  const parsed = SupplierInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: issues(parsed.error) };
  await upsertSuppliers(undefined, shop, [toWrite(parsed.data)], now());
  return { ok: true, value: (await findSupplier(shop, parsed.data.id))! };
}

/** Refused while purchase orders reference the supplier (set it to paused instead). */
export async function removeSupplier(shop: string, id: string): Promise<SaveResult<true>> {
  if (!(await findSupplier(shop, id))) return { ok: false, errors: [{ field: "id", message: "Supplier not found" }] };
  return (await deleteSupplier(shop, id)) ? { ok: true, value: true } : { ok: false, errors: [{ field: "id", message: "The supplier has purchase orders: pause it instead" }] };
}

export async function saveOffer(shop: string, input: unknown): Promise<SaveResult<OfferRecord>> {
  const parsed = OfferInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: issues(parsed.error) };
  if (!(await findSupplier(shop, parsed.data.supplierId))) return { ok: false, errors: [{ field: "supplierId", message: `Unknown supplier "${parsed.data.supplierId}"` }] };
  await upsertOffers(undefined, shop, [parsed.data], now());
  return { ok: true, value: (await listOffers(shop, { supplierId: parsed.data.supplierId, sku: parsed.data.sku }))[0] };
}

export async function removeOffer(shop: string, supplierId: string, sku: string): Promise<boolean> {
  return deleteOffer(shop, supplierId, sku);
}

export type CsvImportReport = { imported: number; created: number; updated: number; errors: CsvRowError[] };

/**
 * suppliers.csv -> suppliers. Valid rows are saved (in one transaction), invalid ones reported by
 * line and column. Fields the CSV does not carry (API kind and token, EDI settings, contact) keep
 * their stored values.
 */
export async function importSuppliersCsv(shop: string, text: string): Promise<CsvImportReport> {
  const { rows, errors } = parseSuppliersCsv(text);
  const existing = new Map((await listSuppliers(shop)).map((s) => [s.id, s]));
  const writes: SupplierWrite[] = rows.map((r) => {
    const e = existing.get(r.id);
    return {
      id: r.id,
      name: r.name,
      status: r.status,
      channel: r.channel,
      contactName: e?.contactName ?? null,
      email: r.email,
      phone: e?.phone ?? null,
      apiUrl: r.apiUrl,
      apiKind: e?.apiKind ?? "json",
      apiToken: e?.apiToken ?? null,
      ediConfig: (e?.ediConfig as Prisma.InputJsonValue | null | undefined) ?? null,
      currency: r.currency,
      timezone: r.timezone,
      fillRateSeed: r.fillRate,
      onTimeRateSeed: r.onTimeRate,
      apiAvailabilitySeed: r.apiAvailability,
    };
  });
  await withTransaction((tx) => upsertSuppliers(tx, shop, writes, now()));
  const created = rows.filter((r) => !existing.has(r.id)).length;
  return { imported: rows.length, created, updated: rows.length - created, errors };
}

export async function exportSuppliersCsv(shop: string): Promise<string> {
  const rows: SupplierRow[] = (await listSuppliers(shop)).map((s) => ({
    id: s.id,
    name: s.name,
    status: (SUPPLIER_STATUSES as readonly string[]).includes(s.status) ? (s.status as SupplierRow["status"]) : "paused",
    channel: (SUBMISSION_CHANNELS as readonly string[]).includes(s.channel) ? (s.channel as SupplierRow["channel"]) : "api",
    email: s.email,
    apiUrl: s.apiUrl,
    currency: s.currency,
    timezone: s.timezone,
    fillRate: s.fillRateSeed,
    onTimeRate: s.onTimeRateSeed,
    apiAvailability: s.apiAvailabilitySeed,
  }));
  return suppliersToCsv(rows);
}

/** offers.csv -> the supplier matrix; an offer from an unknown supplier is a row error. Seeds not in the CSV are kept. */
export async function importOffersCsv(shop: string, text: string): Promise<CsvImportReport> {
  const suppliers = await listSuppliers(shop);
  const { rows, errors } = parseOffersCsv(text, { knownSupplierIds: suppliers.map((s) => s.id) });
  const existing = new Map((await listOffers(shop)).map((o) => [JSON.stringify([o.supplierId, o.sku]), o]));
  const writes: OfferRecord[] = rows.map((r) => {
    const e = existing.get(JSON.stringify([r.supplierId, r.sku]));
    return {
      ...r,
      supplierSku: e?.supplierSku ?? null,
      lastUnitCostSeed: e?.lastUnitCostSeed ?? null,
      fillRateSeed: e?.fillRateSeed ?? null,
      apiAvailabilitySeed: e?.apiAvailabilitySeed ?? null,
    };
  });
  await withTransaction((tx) => upsertOffers(tx, shop, writes, now()));
  const created = rows.filter((r) => !existing.has(JSON.stringify([r.supplierId, r.sku]))).length;
  return { imported: rows.length, created, updated: rows.length - created, errors };
}

export async function exportOffersCsv(shop: string): Promise<string> {
  const rows: OfferRow[] = (await listOffers(shop)).map((o) => ({
    sku: o.sku,
    supplierId: o.supplierId,
    leadTimeDays: o.leadTimeDays,
    moq: o.moq,
    packSize: o.packSize,
    unitCost: o.unitCost,
    available: o.available,
    currency: o.currency,
  }));
  return offersToCsv(rows);
}

export type SupplierOverview = SupplierRecord & { offers: number; performance: PerformanceEstimate };

/** The suppliers page: each supplier with its offers count and the performance computed from history. */
export async function listSuppliersWithPerformance(shop: string): Promise<SupplierOverview[]> {
  const suppliers = await listSuppliers(shop);
  const offers = await listOffers(shop);
  const settings = await loadReplenishmentSettings(shop);
  const info = await shopCurrencyAndZone(undefined, shop);
  const histories = await supplierHistories(undefined, shop, suppliers, { at: now(), shopTimezone: info.timezone });
  return suppliers.map((s) => ({
    ...s,
    offers: offers.filter((o) => o.supplierId === s.id).length,
    performance: estimatePerformance(histories.get(s.id)!, { fillRate: s.fillRateSeed, onTimeRate: s.onTimeRateSeed, apiAvailability: s.apiAvailabilitySeed }, settings.priorWeight),
  }));
}

export { listSuppliers, listOffers, listSafetyStock };

export const SafetyStockInputSchema = z.array(z.object({ sku: z.string().trim().min(1), units: z.number().int().nonnegative().nullable() })).min(1);

export async function saveSafetyStock(shop: string, input: unknown): Promise<SaveResult<{ sku: string; units: number }[]>> {
  const parsed = SafetyStockInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: issues(parsed.error) };
  await withTransaction((tx) => setSafetyStock(tx, shop, parsed.data));
  return { ok: true, value: await listSafetyStock(shop) };
}
