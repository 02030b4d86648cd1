// The replenishment admin screens' use cases, over the engine (app/services/replenishment/*):
// view models (plain, serialisable objects) for suppliers, the offers matrix, purchase orders,
// the escalation inbox and settings, and the screens' commands. Reads the engine does not offer
// (PO list pages, attempts, coverage, matrix pages) come from models/replenishment-admin.server.ts;
// so does the one command it does not have: moving an escalated draft to another supplier.
import { z } from "zod";
import type { Prisma } from "@prisma/client";
import { now } from "../clock.server";
import { withTransaction } from "../models/transaction.server";
import { lockShopStock } from "../models/stock-lock.server";
import { locationNames, queueFacets } from "../models/backorder-queue.server";
import { findPurchaseOrder, PURCHASE_ORDER_STATUSES, addPurchaseOrderEvent, lockPurchaseOrder, type PurchaseOrderStatus } from "../models/replenishment/purchase-orders.server";
import { findSupplier, listOffers, listSuppliers, offersForSkus, upsertOffers, upsertSuppliers, type OfferRecord, type SupplierRecord, type SupplierWrite } from "../models/replenishment/suppliers.server";
import { escalationOfPurchaseOrder, findEscalation, listEscalations, type EscalationRecord, type EscalationStatus } from "../models/replenishment/escalations.server";
import type { StockPosition } from "../models/backorders.server";
import {
  coveredBackorderLines,
  makeSubmissionDue,
  offerSkuPage,
  offersOfSkus,
  openEscalationCount,
  otherLiveLineForWindows,
  purchaseOrderPage,
  purchaseOrderStatusCounts,
  purchaseOrdersReplacing,
  rewriteDraftSupplier,
  type DraftLineRewrite,
  submissionAttemptsOf,
  submissionOf,
  titlesOfSkus,
} from "../models/replenishment-admin.server";
import {
  exportOffersCsv,
  exportSuppliersCsv,
  importOffersCsv,
  importSuppliersCsv,
  listSuppliersWithPerformance,
  removeOffer,
  removeSupplier,
  saveOffer,
  saveSupplier,
  OfferInputSchema,
  SupplierInputSchema,
  type CsvImportReport,
  type OfferInput,
  type SupplierInput,
} from "./replenishment/suppliers.server";
import {
  approveEscalation,
  cancelPurchaseOrder,
  confirmPurchaseOrder,
  deficitWindows,
  dismissEscalation,
  getPurchaseOrderDetail,
  receivePurchaseOrder,
} from "./replenishment/purchase-orders.server";
import { getReplenishmentSettings, updateReplenishmentSettings, type ShopReplenishmentSettings } from "./replenishment/settings.server";
import { supplierLinkUrl } from "./replenishment/supplier-links.server";
import { refreshSupplierStatus } from "./replenishment/supplier-status.server";
import { scheduleReplenishmentRun } from "./replenishment/schedule.server";
import { refreshCoverage } from "./replenishment/coverage.server";
import { DEFAULT_PERFORMANCE_SEED } from "../domain/replenishment/supplier-performance";
import { ESCALATION_LABELS, type EscalationCode } from "../domain/replenishment/escalations";
import { SCORE_COMPONENTS, SCORE_COMPONENT_LABELS } from "../domain/replenishment/score-weights";
import { roundOrderQuantity } from "../domain/replenishment/round-order-quantity";
import { channelLabel } from "./channel-label";
import { PURCHASE_ORDER_EVENT_LABELS, PURCHASE_ORDER_STATUS_LABELS } from "./replenishment-labels";

export type FieldErrors = Record<string, string>;
export type CommandResult = { ok: true; message: string } | { ok: false; status: 400 | 404 | 409; error: string; fieldErrors?: FieldErrors };

const ok = (message: string): CommandResult => ({ ok: true, message });
const fail = (status: 400 | 404 | 409, error: string, fieldErrors?: FieldErrors): CommandResult => ({ ok: false, status, error, ...(fieldErrors ? { fieldErrors } : {}) });
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** A numeric id from a URL, or null (another shop's id is looked up and not found either way). */
export function parseId(raw: string | undefined): bigint | null {
  return raw && /^\d{1,19}$/.test(raw) ? BigInt(raw) : null;
}

function zodFieldErrors(e: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const i of e.issues) {
    const k = i.path.join(".") || "form";
    out[k] ??= i.message;
  }
  return out;
}

function serviceFieldErrors(errors: { field: string; message: string }[], rename: Record<string, string> = {}): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const k = rename[e.field] ?? e.field;
    out[k] ??= e.message;
  }
  return out;
}

/** Wakes the queue for the shop's replenishment run now (the web process only sends). */
async function wakeReplenishment(shop: string): Promise<void> {
  await scheduleReplenishmentRun(shop, null, { force: true });
}

// ---------------------------------------------------------------------------------------------
// Suppliers
// ---------------------------------------------------------------------------------------------

export type RateView = { computed: number; seed: number | null; defaultSeed: number; observations: number };

export type SupplierListRow = {
  id: string;
  name: string;
  status: string;
  channel: string;
  currency: string | null;
  email: string | null;
  apiUrl: string | null;
  offers: number;
  fillRate: RateView;
  onTimeRate: RateView;
  apiAvailability: RateView;
};

export async function loadSupplierList(shop: string): Promise<SupplierListRow[]> {
  const rows = await listSuppliersWithPerformance(shop);
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    status: s.status,
    channel: s.channel,
    currency: s.currency,
    email: s.email,
    apiUrl: s.apiUrl,
    offers: s.offers,
    fillRate: { computed: s.performance.fillRate, seed: s.fillRateSeed, defaultSeed: DEFAULT_PERFORMANCE_SEED.fillRate, observations: s.performance.observations.fillRate },
    onTimeRate: { computed: s.performance.onTimeRate, seed: s.onTimeRateSeed, defaultSeed: DEFAULT_PERFORMANCE_SEED.onTimeRate, observations: s.performance.observations.onTimeRate },
    apiAvailability: {
      computed: s.performance.apiAvailability,
      seed: s.apiAvailabilitySeed,
      defaultSeed: DEFAULT_PERFORMANCE_SEED.apiAvailability,
      observations: s.performance.observations.apiAvailability,
    },
  }));
}

/** What the supplier form edits: strings as typed; rates as percentages. */
export type SupplierFormValues = {
  id: string;
  name: string;
  status: string;
  channel: string;
  contactName: string;
  email: string;
  phone: string;
  apiUrl: string;
  apiKind: string;
  apiToken: string;
  currency: string;
  timezone: string;
  fillRateSeed: string;
  onTimeRateSeed: string;
  apiAvailabilitySeed: string;
};

const pctText = (rate: number | null) => (rate === null ? "" : String(Math.round(rate * 10_000) / 100));

export function supplierFormValues(s: SupplierRecord | null): SupplierFormValues {
  return {
    id: s?.id ?? "",
    name: s?.name ?? "",
    status: s?.status ?? "active",
    channel: s?.channel ?? "api",
    contactName: s?.contactName ?? "",
    email: s?.email ?? "",
    phone: s?.phone ?? "",
    apiUrl: s?.apiUrl ?? (s && s.channel === "edi" ? String((s.ediConfig as { url?: string } | null)?.url ?? "") : ""),
    apiKind: s?.apiKind ?? "json",
    // Never sent to the browser: an empty field keeps the stored token.
    apiToken: "",
    currency: s?.currency ?? "",
    timezone: s?.timezone ?? "",
    fillRateSeed: pctText(s?.fillRateSeed ?? null),
    onTimeRateSeed: pctText(s?.onTimeRateSeed ?? null),
    apiAvailabilitySeed: pctText(s?.apiAvailabilitySeed ?? null),
  };
}

const text = z.string().trim().max(2000).optional().default("");
const percentText = (label: string) =>
  text.transform((v, ctx) => {
    if (v === "") return null;
    const n = Number(v.replace(/%$/, ""));
    if (!Number.isFinite(n) || n < 0 || n > 100) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} must be a percentage between 0 and 100` });
      return z.NEVER;
    }
    return Math.round(n * 100) / 10_000;
  });

export const SupplierFormSchema = z.object({
  id: text,
  name: text,
  status: text,
  channel: text,
  contactName: text,
  email: text,
  phone: text,
  apiUrl: text,
  apiKind: text,
  apiToken: text,
  currency: text,
  timezone: text,
  fillRateSeed: percentText("Fill rate"),
  onTimeRateSeed: percentText("On-time rate"),
  apiAvailabilitySeed: percentText("API availability"),
});

/**
 * Creates (`mode: "create"`, the id must be new) or updates a supplier from the form. Fields the
 * form does not show — EDI partner settings — and an API token left blank keep their stored values.
 */
export async function saveSupplierForm(shop: string, input: unknown, mode: "create" | "update", id?: string): Promise<CommandResult & { supplierId?: string }> {
  const parsed = SupplierFormSchema.safeParse(input);
  if (!parsed.success) return fail(400, "Check the highlighted fields", zodFieldErrors(parsed.error));
  const f = parsed.data;
  const supplierId = mode === "update" ? (id ?? "") : f.id;
  const existing = supplierId ? await findSupplier(shop, supplierId) : null;
  if (mode === "update" && !existing) return fail(404, "Supplier not found");
  if (mode === "create" && existing) return fail(409, `A supplier with id "${supplierId}" already exists`, { id: "is already used by another supplier" });
  const edi = (existing?.ediConfig ?? null) as Record<string, unknown> | null;
  const result = await saveSupplier(shop, {
    id: supplierId,
    name: f.name,
    status: f.status || "active",
    channel: f.channel,
    contactName: f.contactName || null,
    email: f.email || null,
    phone: f.phone || null,
    apiUrl: f.apiUrl || null,
    apiKind: f.apiKind || existing?.apiKind || "json",
    apiToken: f.apiToken || existing?.apiToken || null,
    // An EDI endpoint typed into the URL field replaces the stored one; the partner ids stay.
    ediConfig: edi && f.channel === "edi" && f.apiUrl && edi.transport === "http" ? { ...edi, url: f.apiUrl } : edi,
    currency: f.currency || null,
    timezone: f.timezone || null,
    fillRateSeed: f.fillRateSeed,
    onTimeRateSeed: f.onTimeRateSeed,
    apiAvailabilitySeed: f.apiAvailabilitySeed,
  });
  if (!result.ok) return { ...fail(400, "Check the highlighted fields", serviceFieldErrors(result.errors, { "ediConfig.url": "apiUrl", ediConfig: "apiUrl" })) };
  return { ...ok(mode === "create" ? `Supplier ${result.value.name} added` : `Supplier ${result.value.name} saved`), supplierId: result.value.id };
}

export async function deleteSupplierCommand(shop: string, id: string): Promise<CommandResult> {
  const r = await removeSupplier(shop, id);
  if (r.ok) return ok("Supplier deleted");
  return r.errors[0]?.message === "Supplier not found" ? fail(404, "Supplier not found") : fail(409, r.errors[0]?.message ?? "The supplier cannot be deleted");
}

export type OfferView = {
  supplierId: string;
  sku: string;
  leadTimeDays: number;
  moq: number;
  packSize: number;
  unitCost: number;
  currency: string;
  available: number | null;
  supplierSku: string | null;
  lastUnitCostSeed: number | null;
};

const offerView = (o: OfferRecord, suppliers: Map<string, SupplierRecord>, fallbackCurrency: string): OfferView => ({
  supplierId: o.supplierId,
  sku: o.sku,
  leadTimeDays: o.leadTimeDays,
  moq: o.moq,
  packSize: o.packSize,
  unitCost: o.unitCost,
  currency: o.currency ?? suppliers.get(o.supplierId)?.currency ?? fallbackCurrency,
  available: o.available,
  supplierSku: o.supplierSku,
  lastUnitCostSeed: o.lastUnitCostSeed,
});

export type PurchaseOrderListRowView = {
  id: string;
  number: string;
  supplierId: string;
  supplierName: string;
  status: string;
  statusLabel: string;
  origin: string;
  lines: number;
  units: number;
  total: number;
  currency: string;
  createdAt: string;
  submittedAt: string | null;
  eta: string | null;
};

export async function loadSupplierDetail(shop: string, id: string) {
  const supplier = await findSupplier(shop, id);
  if (!supplier) return null;
  const overview = (await loadSupplierList(shop)).find((s) => s.id === id)!;
  const suppliers = new Map([[supplier.id, supplier]]);
  const offers = (await listOffers(shop, { supplierId: id })).map((o) => offerView(o, suppliers, "USD"));
  const recent = await purchaseOrderPage(shop, { supplierId: id }, { limit: 10, offset: 0 });
  return {
    supplier: overview,
    form: supplierFormValues(supplier),
    hasApiToken: Boolean(supplier.apiToken),
    offers,
    purchaseOrders: recent.rows.map(listRowView),
    purchaseOrderCount: recent.total,
  };
}

// ---------------------------------------------------------------------------------------------
// The offers matrix
// ---------------------------------------------------------------------------------------------

export const MatrixParams = z.object({
  q: z.string().trim().max(255).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type MatrixParams = z.infer<typeof MatrixParams>;
export const MATRIX_PAGE_SIZE = 50;

export async function loadOffersMatrix(shop: string, params: MatrixParams) {
  const suppliers = await listSuppliers(shop);
  const byId = new Map(suppliers.map((s) => [s.id, s]));
  const page = await offerSkuPage(shop, { query: params.q, limit: MATRIX_PAGE_SIZE, offset: (params.page - 1) * MATRIX_PAGE_SIZE });
  const offers = await offersOfSkus(shop, page.skus);
  const titles = await titlesOfSkus(shop, page.skus);
  const rows = page.skus.map((sku) => ({
    sku,
    title: titles.get(sku) ?? null,
    offers: Object.fromEntries(offers.filter((o) => o.sku === sku).map((o) => [o.supplierId, offerView(o, byId, "USD")])) as Record<string, OfferView>,
  }));
  return {
    suppliers: suppliers.map((s) => ({ id: s.id, name: s.name, status: s.status, currency: s.currency })),
    rows,
    total: page.total,
    page: params.page,
    pageCount: Math.max(1, Math.ceil(page.total / MATRIX_PAGE_SIZE)),
    query: params.q ?? "",
  };
}

const numberText = (label: string, o: { integer?: boolean; min?: number; optional?: boolean } = {}) =>
  z
    .union([z.string(), z.number()])
    .optional()
    .transform((raw, ctx) => {
      const v = typeof raw === "number" ? String(raw) : (raw ?? "").trim();
      if (v === "") {
        if (o.optional) return null;
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} is required` });
        return z.NEVER;
      }
      const n = Number(v);
      if (!Number.isFinite(n) || (o.integer && !Number.isInteger(n)) || (o.min !== undefined && n < o.min)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} must be ${o.integer ? "a whole number" : "a number"}${o.min !== undefined ? ` of at least ${o.min}` : ""}` });
        return z.NEVER;
      }
      return n;
    });

export const OfferFormSchema = z.object({
  supplierId: z.string().trim().min(1, "Choose a supplier"),
  sku: z.string().trim().min(1, "SKU is required").max(255),
  leadTimeDays: numberText("Lead time", { min: 0 }),
  moq: numberText("MOQ", { integer: true, min: 1 }),
  packSize: numberText("Pack size", { integer: true, min: 1 }),
  unitCost: numberText("Unit cost", { min: 0 }),
  currency: text,
  available: numberText("Available", { integer: true, min: 0, optional: true }),
  supplierSku: text,
  lastUnitCostSeed: numberText("Last unit cost", { min: 0, optional: true }),
});

/** Adds or edits one cell of the matrix. Performance seeds stored on the offer are kept. */
export async function saveOfferForm(shop: string, input: unknown): Promise<CommandResult> {
  const parsed = OfferFormSchema.safeParse(input);
  if (!parsed.success) return fail(400, "Check the highlighted fields", zodFieldErrors(parsed.error));
  const f = parsed.data;
  const [existing] = await listOffers(shop, { supplierId: f.supplierId, sku: f.sku });
  const r = await saveOffer(shop, {
    supplierId: f.supplierId,
    sku: f.sku,
    leadTimeDays: f.leadTimeDays,
    moq: f.moq,
    packSize: f.packSize,
    unitCost: f.unitCost,
    currency: f.currency || null,
    available: f.available,
    supplierSku: f.supplierSku || null,
    lastUnitCostSeed: f.lastUnitCostSeed,
    fillRateSeed: existing?.fillRateSeed ?? null,
    apiAvailabilitySeed: existing?.apiAvailabilitySeed ?? null,
  });
  if (!r.ok) return fail(400, r.errors[0]?.message ?? "Invalid offer", serviceFieldErrors(r.errors));
  return ok(`${existing ? "Saved" : "Added"} the offer of ${f.supplierId} for ${f.sku}`);
}

export async function deleteOfferCommand(shop: string, supplierId: string, sku: string): Promise<CommandResult> {
  return (await removeOffer(shop, supplierId, sku)) ? ok(`Removed the offer of ${supplierId} for ${sku}`) : fail(404, "Offer not found");
}

// ---------------------------------------------------------------------------------------------
// The suppliers screen: its tabs, and the commands of the suppliers screens
// ---------------------------------------------------------------------------------------------

export const SUPPLIER_TABS = ["suppliers", "offers", "import"] as const;
export const SuppliersScreenParams = MatrixParams.extend({ tab: z.enum(SUPPLIER_TABS).default("suppliers") });
export type SuppliersScreenParams = z.infer<typeof SuppliersScreenParams>;

export function parseSuppliersScreenParams(url: URL): SuppliersScreenParams {
  const raw = Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v !== ""));
  const r = SuppliersScreenParams.safeParse(raw);
  return r.success ? r.data : SuppliersScreenParams.parse({});
}

export async function loadSuppliersScreen(shop: string, params: SuppliersScreenParams) {
  return {
    tab: params.tab,
    suppliers: await loadSupplierList(shop),
    matrix: params.tab === "offers" ? await loadOffersMatrix(shop, params) : null,
  };
}

const Values = z.record(z.union([z.string(), z.number(), z.null()]));
export const SupplierCommandSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create-supplier"), values: Values }),
  z.object({ intent: z.literal("update-supplier"), values: Values }),
  z.object({ intent: z.literal("delete-supplier") }),
  z.object({ intent: z.literal("save-offer"), values: Values }),
  z.object({ intent: z.literal("delete-offer"), supplierId: z.string().min(1), sku: z.string().min(1) }),
]);
export type SupplierCommand = z.infer<typeof SupplierCommandSchema>;

const stringValues = (v: Record<string, string | number | null>) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === null ? "" : String(x)]));

/**
 * The suppliers screens' commands. `supplierId` is the supplier page's own (update and delete act
 * on it only); on the list, only creating suppliers and editing offers are allowed.
 */
export async function runSupplierCommand(shop: string, input: unknown, o: { supplierId?: string } = {}): Promise<CommandResult & { supplierId?: string }> {
  const parsed = SupplierCommandSchema.safeParse(input);
  if (!parsed.success) return fail(400, parsed.error.issues[0]?.message ?? "Invalid request", zodFieldErrors(parsed.error));
  const cmd = parsed.data;
  switch (cmd.intent) {
    case "create-supplier":
      return saveSupplierForm(shop, stringValues(cmd.values), "create");
    case "update-supplier":
      if (!o.supplierId) return fail(400, "Open the supplier to edit it");
      return saveSupplierForm(shop, stringValues(cmd.values), "update", o.supplierId);
    case "delete-supplier":
      if (!o.supplierId) return fail(400, "Open the supplier to delete it");
      return deleteSupplierCommand(shop, o.supplierId);
    case "save-offer":
      // On a supplier's page, offers are that supplier's.
      if (o.supplierId && cmd.values.supplierId !== o.supplierId) return fail(400, "This page edits its own supplier's offers only");
      return saveOfferForm(shop, stringValues(cmd.values));
    case "delete-offer":
      if (o.supplierId && cmd.supplierId !== o.supplierId) return fail(400, "This page edits its own supplier's offers only");
      return deleteOfferCommand(shop, cmd.supplierId, cmd.sku);
  }
}

/**
 * Saves a whole supplier matrix at once (suppliers, then their offers) in one transaction, each
 * row validated as the forms validate it: the demo seeds its shop with this. All or nothing: the
 * first invalid row names itself and nothing is saved.
 */
export async function saveSupplierMatrix(shop: string, input: { suppliers: SupplierInput[]; offers: OfferInput[] }): Promise<{ ok: true; suppliers: number; offers: number } | { ok: false; error: string }> {
  const suppliers: SupplierWrite[] = [];
  for (const [i, s] of input.suppliers.entries()) {
    const r = SupplierInputSchema.safeParse(s);
    if (!r.success) return { ok: false, error: `suppliers[${i}] (${s.id}): ${r.error.issues.map((x) => `${x.path.join(".")} ${x.message}`).join("; ")}` };
    suppliers.push({ ...r.data, ediConfig: (r.data.ediConfig as Prisma.InputJsonValue | null) ?? null });
  }
  const known = new Set([...suppliers.map((s) => s.id), ...(await listSuppliers(shop)).map((s) => s.id)]);
  const offers: OfferRecord[] = [];
  for (const [i, o] of input.offers.entries()) {
    const r = OfferInputSchema.safeParse(o);
    if (!r.success) return { ok: false, error: `offers[${i}] (${o.supplierId}/${o.sku}): ${r.error.issues.map((x) => `${x.path.join(".")} ${x.message}`).join("; ")}` };
    if (!known.has(r.data.supplierId)) return { ok: false, error: `offers[${i}]: unknown supplier "${r.data.supplierId}"` };
    offers.push(r.data);
  }
  const at = now();
  await withTransaction(async (tx) => {
    await upsertSuppliers(tx, shop, suppliers, at);
    await upsertOffers(tx, shop, offers, at);
  });
  return { ok: true, suppliers: suppliers.length, offers: offers.length };
}

// ---------------------------------------------------------------------------------------------
// CSV import / export
// ---------------------------------------------------------------------------------------------

export const CSV_KINDS = ["suppliers", "offers"] as const;
export type CsvKind = (typeof CSV_KINDS)[number];
export const MAX_CSV_BYTES = 2_000_000;

export type CsvImportView = { kind: CsvKind; fileName: string } & CsvImportReport;

export async function importSupplierMatrixCsv(shop: string, kind: CsvKind, fileName: string, text: string): Promise<CsvImportView> {
  const report = kind === "suppliers" ? await importSuppliersCsv(shop, text) : await importOffersCsv(shop, text);
  return { kind, fileName, ...report };
}

export async function exportSupplierMatrixCsv(shop: string, kind: CsvKind): Promise<string> {
  return kind === "suppliers" ? exportSuppliersCsv(shop) : exportOffersCsv(shop);
}

// ---------------------------------------------------------------------------------------------
// Purchase orders: the list
// ---------------------------------------------------------------------------------------------

export const PURCHASE_ORDER_PAGE_SIZE = 50;

export const PurchaseOrderListParams = z.object({
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").filter((s): s is PurchaseOrderStatus => (PURCHASE_ORDER_STATUSES as readonly string[]).includes(s)) : [])),
  supplier: z.string().trim().min(1).max(64).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type PurchaseOrderListParams = z.infer<typeof PurchaseOrderListParams>;

export function parsePurchaseOrderListParams(url: URL): PurchaseOrderListParams {
  const raw = Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v !== ""));
  const r = PurchaseOrderListParams.safeParse(raw);
  return r.success ? r.data : PurchaseOrderListParams.parse({});
}

function listRowView(r: Awaited<ReturnType<typeof purchaseOrderPage>>["rows"][number]): PurchaseOrderListRowView {
  return {
    id: r.id.toString(),
    number: r.number,
    supplierId: r.supplierId,
    supplierName: r.supplierName,
    status: r.status,
    statusLabel: PURCHASE_ORDER_STATUS_LABELS[r.status] ?? r.status,
    origin: r.origin,
    lines: r.lines,
    units: r.units,
    total: Math.round(r.total * 100) / 100,
    currency: r.currency,
    createdAt: r.createdAt.toISOString(),
    submittedAt: iso(r.submittedAt),
    eta: r.eta,
  };
}

export async function loadPurchaseOrderList(shop: string, params: PurchaseOrderListParams) {
  const page = await purchaseOrderPage(shop, { status: params.status, supplierId: params.supplier }, { limit: PURCHASE_ORDER_PAGE_SIZE, offset: (params.page - 1) * PURCHASE_ORDER_PAGE_SIZE });
  const counts = await purchaseOrderStatusCounts(shop);
  const suppliers = await listSuppliers(shop);
  return {
    rows: page.rows.map(listRowView),
    total: page.total,
    page: params.page,
    pageCount: Math.max(1, Math.ceil(page.total / PURCHASE_ORDER_PAGE_SIZE)),
    statusCounts: Object.fromEntries(PURCHASE_ORDER_STATUSES.map((s) => [s, counts.get(s) ?? 0])) as Record<PurchaseOrderStatus, number>,
    suppliers: suppliers.map((s) => ({ id: s.id, name: s.name })),
    openEscalations: await openEscalationCount(shop),
    hasSuppliers: suppliers.length > 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Purchase orders: the detail and its "why this supplier" table
// ---------------------------------------------------------------------------------------------

const StoredComponent = z.object({ value: z.number(), normalised: z.number(), weight: z.number(), points: z.number() });
const StoredEvaluation = z.object({
  scope: z.string(),
  supplierId: z.string(),
  orderQuantity: z.number(),
  failed: z.array(z.object({ code: z.string(), message: z.string() })).default([]),
  score: z.object({ total: z.number(), components: z.record(StoredComponent) }).nullable(),
  rank: z.number().nullable(),
});
const StoredWhy = z.object({
  sku: z.string(),
  customerUnits: z.number().default(0),
  bufferUnits: z.number().default(0),
  promiseWindowDays: z.number().nullable().default(null),
  strategy: z.string().default(""),
  excludedSupplierIds: z.array(z.string()).default([]),
  evaluations: z.array(StoredEvaluation).default([]),
  escalations: z.array(z.object({ code: z.string(), message: z.string() }).passthrough()).default([]),
  why: z.string().default(""),
});

const SCOPE_TITLES: Record<string, string> = {
  order: "Whole order",
  customer_units: "Units customers wait on",
  buffer_units: "Buffer stock",
  late_customer_units: "Units customers wait on, beyond the promise window",
};
const STRATEGY_LABELS: Record<string, string> = {
  single_supplier: "One supplier for the whole order",
  promise_window_split: "Split: customers' units inside the promise window, buffer from a slower supplier",
  capacity_split: "Split over suppliers with capacity",
  none: "No supplier could be used",
};

function componentDisplay(key: string, value: number, currency: string): string {
  switch (key) {
    case "leadTime":
      return `${value} d`;
    case "unitCost":
      return `${value.toFixed(2)} ${currency}`;
    default:
      return `${Math.round(value * 1000) / 10}%`;
  }
}

export type WhyCandidate = {
  supplierId: string;
  supplierName: string;
  eligible: boolean;
  rank: number | null;
  chosen: boolean;
  orderQuantity: number;
  failed: { code: string; message: string }[];
  total: number | null;
  components: { key: string; label: string; display: string; normalised: number; weight: number; points: number }[];
};

export type WhyTable = {
  sku: string;
  customerUnits: number;
  bufferUnits: number;
  promiseWindowDays: number | null;
  strategy: string;
  excluded: string[];
  scopes: { scope: string; title: string; candidates: WhyCandidate[] }[];
  escalations: { code: string; label: string; message: string }[];
  text: string;
};

export function whyTables(evaluations: unknown, o: { chosenSupplierId: string; supplierNames: Map<string, string>; currency: string }): WhyTable[] {
  const parsed = z.array(StoredWhy).safeParse(evaluations);
  if (!parsed.success) return [];
  return parsed.data.map((w) => {
    const scopes = [...new Set(w.evaluations.map((e) => e.scope))].map((scope) => ({
      scope,
      title: SCOPE_TITLES[scope] ?? scope,
      candidates: w.evaluations
        .filter((e) => e.scope === scope)
        .map(
          (e): WhyCandidate => ({
            supplierId: e.supplierId,
            supplierName: o.supplierNames.get(e.supplierId) ?? e.supplierId,
            eligible: e.score !== null && e.failed.length === 0,
            rank: e.rank,
            chosen: e.supplierId === o.chosenSupplierId,
            orderQuantity: e.orderQuantity,
            failed: e.failed,
            total: e.score?.total ?? null,
            components: e.score
              ? SCORE_COMPONENTS.filter((k) => e.score!.components[k]).map((k) => {
                  const c = e.score!.components[k];
                  return { key: k, label: SCORE_COMPONENT_LABELS[k], display: componentDisplay(k, c.value, o.currency), normalised: c.normalised, weight: c.weight, points: c.points };
                })
              : [],
          }),
        ),
    }));
    return {
      sku: w.sku,
      customerUnits: w.customerUnits,
      bufferUnits: w.bufferUnits,
      promiseWindowDays: w.promiseWindowDays,
      strategy: STRATEGY_LABELS[w.strategy] ?? w.strategy,
      excluded: w.excludedSupplierIds.map((id) => o.supplierNames.get(id) ?? id),
      scopes,
      escalations: w.escalations.map((e) => ({ code: e.code, label: ESCALATION_LABELS[e.code as EscalationCode] ?? e.code, message: e.message })),
      text: w.why,
    };
  });
}

function eventSentence(kind: string, detail: unknown, names: Map<string, string>): string {
  const d = (detail ?? {}) as Record<string, unknown>;
  const s = (k: string) => (typeof d[k] === "string" ? (d[k] as string) : null);
  switch (kind) {
    case "created":
      return d.origin === "fallback" ? "Created to replace a purchase order whose submission failed" : "Created by the closing run";
    case "escalated":
      return "Drafted and waiting for a person";
    case "approved":
      return `Approved${s("by") ? ` by ${s("by")}` : ""}${Array.isArray(d.edits) && d.edits.length ? ` with ${d.edits.length} edit(s)` : ""}`;
    case "dismissed":
      return `Escalation dismissed${s("by") ? ` by ${s("by")}` : ""}`;
    case "supplier_changed":
      return `Supplier changed from ${names.get(s("from") ?? "") ?? s("from")} to ${names.get(s("to") ?? "") ?? s("to")}${s("by") ? ` by ${s("by")}` : ""}`;
    case "submit_requested":
      return `Submission requested now${s("by") ? ` by ${s("by")}` : ""}`;
    case "submitted":
      return `Accepted by the supplier${s("supplierReference") ? ` (reference ${s("supplierReference")})` : ""}${s("eta") ? `, delivery ${s("eta")}` : ""}`;
    case "attempt_failed":
      return `Attempt ${typeof d.attempt === "number" ? d.attempt : "?"} failed: ${s("reason") ?? "no answer"}${s("retryAt") ? `; retry at ${new Date(s("retryAt")!).toLocaleTimeString("en-US", { timeZone: "UTC" })} UTC` : ""}`;
    case "submission_failed":
      return `Submission failed for good: ${s("reason") ?? ""}`;
    case "confirmed":
      return `Confirmed for ${s("eta") ?? "?"}${s("via") ? ` (${s("via")?.replace(/_/g, " ")})` : ""}`;
    case "eta_changed":
      return `Delivery date ${s("previousEta") ? `moved from ${s("previousEta")} ` : ""}to ${s("eta") ?? "?"}${s("note") ? `: ${s("note")}` : ""}`;
    case "received":
      return `Received ${Array.isArray(d.lines) ? (d.lines as { sku: string; quantity: number }[]).map((l) => `${l.quantity} × ${l.sku}`).join(", ") : ""}`;
    case "cancelled":
      return `Cancelled: ${s("reason") ?? ""}${d.reorder ? " (units ordered again)" : ""}`;
    default:
      return "";
  }
}

const RECEIVABLE: readonly PurchaseOrderStatus[] = ["submitted", "confirmed", "partially_received"];

export async function loadPurchaseOrderScreen(shop: string, rawId: string | undefined) {
  const id = parseId(rawId);
  if (id === null) return null;
  const detail = await getPurchaseOrderDetail(shop, id);
  if (!detail) return null;
  const po = detail.purchaseOrder;
  const suppliers = await listSuppliers(shop);
  const names = new Map(suppliers.map((s) => [s.id, s.name]));
  const supplier = suppliers.find((s) => s.id === po.supplierId) ?? null;
  const locations = await locationNames(shop, [po.locationId]);
  const windows = await deficitWindows(shop, [...new Set(po.lines.flatMap((l) => (l.deficitWindowId === null ? [] : [l.deficitWindowId])))]);
  const replaces = po.replacesId !== null ? await findPurchaseOrder(shop, po.replacesId) : null;
  const attempts = await submissionAttemptsOf(shop, id);
  const submission = await submissionOf(shop, id);
  const escalation = detail.escalation;
  const editable = po.status === "escalated" && escalation?.status === "open";
  const skus = [...new Set(po.lines.map((l) => l.sku))];
  const offers = editable ? await offersOfSkus(shop, skus) : [];
  const lines = po.lines.map((l) => ({
    id: l.id.toString(),
    sku: l.sku,
    title: l.title,
    quantity: l.quantity,
    customerUnits: l.customerUnits,
    bufferUnits: l.bufferUnits,
    roundingUnits: l.roundingUnits,
    unitCost: l.unitCost,
    lineTotal: Math.round(l.quantity * l.unitCost * 100) / 100,
    leadTimeDays: l.leadTimeDays,
    received: l.receivedQuantity,
    outstanding: Math.max(0, l.quantity - l.receivedQuantity),
    live: l.live,
  }));
  return {
    id: po.id.toString(),
    number: po.number,
    status: po.status,
    statusLabel: PURCHASE_ORDER_STATUS_LABELS[po.status] ?? po.status,
    origin: po.origin,
    supplier: { id: po.supplierId, name: supplier?.name ?? po.supplierId, channel: supplier?.channel ?? null, email: supplier?.email ?? null },
    location: locations.get(po.locationId) ?? `Location ${po.locationId}`,
    currency: po.currency,
    createdAt: po.createdAt.toISOString(),
    detectedAt: po.detectedAt.toISOString(),
    submittedAt: iso(po.submittedAt),
    confirmedAt: iso(po.confirmedAt),
    receivedAt: iso(po.receivedAt),
    cancelledAt: iso(po.cancelledAt),
    cancelReason: po.cancelReason,
    eta: po.eta,
    supplierReference: po.supplierReference,
    replaces: replaces ? { id: replaces.id.toString(), number: replaces.number, supplierName: names.get(replaces.supplierId) ?? replaces.supplierId } : null,
    replacedBy: (await purchaseOrdersReplacing(shop, id)).map((r) => ({ id: r.id.toString(), number: r.number, supplierName: names.get(r.supplierId) ?? r.supplierId })),
    lines,
    total: Math.round(lines.reduce((s, l) => s + l.quantity * l.unitCost, 0) * 100) / 100,
    why: whyTables(po.evaluations, { chosenSupplierId: po.supplierId, supplierNames: names, currency: po.currency }),
    coverage: (await coveredBackorderLines(shop, id)).map((c) => ({
      backorderLineId: c.backorderLineId.toString(),
      order: c.orderName,
      sku: c.sku,
      channel: channelLabel(c.channel),
      quantityBackordered: c.quantityBackordered,
      status: c.status,
      units: c.units,
      detectedAt: c.detectedAt.toISOString(),
    })),
    windows: windows.map((w) => ({
      id: w.id.toString(),
      sku: w.sku,
      status: w.status,
      oversoldUnits: w.oversoldUnits,
      cancelledUnits: w.cancelledUnits,
      orderedUnits: w.orderedUnits,
      outstandingUnits: w.outstandingUnits,
      openedAt: w.openedAt.toISOString(),
      closedAt: iso(w.closedAt),
    })),
    attempts: attempts.map((a) => ({ at: a.at.toISOString(), supplierName: names.get(a.supplierId) ?? a.supplierId, outcome: a.outcome, reason: a.reason })),
    submission: submission
      ? { status: submission.status, attempts: submission.attempts, nextAt: submission.status === "pending" ? submission.availableAt.toISOString() : null, lastError: submission.lastError }
      : null,
    events: detail.events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, label: PURCHASE_ORDER_EVENT_LABELS[e.kind] ?? e.kind, sentence: eventSentence(e.kind, e.detail, names) })),
    escalation: escalation
      ? {
          id: escalation.id.toString(),
          status: escalation.status,
          code: escalation.code,
          label: ESCALATION_LABELS[escalation.code as EscalationCode] ?? escalation.code,
          message: escalation.message,
        }
      : null,
    // A fresh link (valid for the link lifetime from now) for staff to send the supplier.
    supplierLink: RECEIVABLE.includes(po.status) ? supplierLinkUrl(shop, po.id, now()) : null,
    actions: {
      approve: editable,
      editDraft: editable,
      submitNow: po.status === "draft" && submission?.status === "pending",
      cancel: po.status !== "cancelled" && po.status !== "received",
      receive: RECEIVABLE.includes(po.status),
      confirm: RECEIVABLE.includes(po.status),
      // An API supplier reports the PO's status (the replenishment run asks every 30 minutes).
      checkStatus: RECEIVABLE.includes(po.status) && po.supplierReference !== null && supplier?.channel === "api" && Boolean(supplier.apiUrl),
    },
    // Suppliers the draft could move to: active, with an offer for every SKU on it.
    supplierChoices: editable
      ? suppliers
          .filter((s) => s.id !== po.supplierId && s.status === "active" && skus.every((sku) => offers.some((o) => o.sku === sku && o.supplierId === s.id)))
          .map((s) => ({ id: s.id, name: s.name }))
      : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Purchase orders: commands
// ---------------------------------------------------------------------------------------------

const Edits = z
  .array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive("Quantity must be a whole number above 0"), unitCost: z.number().finite().nonnegative("Unit cost cannot be negative").optional() }))
  .max(500)
  .optional();

export const PurchaseOrderCommandSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), edits: Edits }),
  z.object({ intent: z.literal("change-supplier"), supplierId: z.string().trim().min(1, "Choose a supplier") }),
  z.object({ intent: z.literal("submit-now") }),
  z.object({ intent: z.literal("cancel"), reason: z.string().trim().min(3, "Give a reason (at least 3 characters)").max(500), reorder: z.boolean().default(false) }),
  z.object({
    intent: z.literal("receive"),
    mode: z.enum(["full", "lines"]),
    lines: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().nonnegative("Quantities must be whole numbers") })).max(500).default([]),
  }),
  z.object({ intent: z.literal("confirm"), eta: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Give the delivery date as YYYY-MM-DD") }),
  z.object({ intent: z.literal("check-status") }),
]);
export type PurchaseOrderCommand = z.infer<typeof PurchaseOrderCommandSchema>;

export function parsePurchaseOrderCommand(input: unknown): { ok: true; command: PurchaseOrderCommand } | { ok: false; result: CommandResult } {
  const r = PurchaseOrderCommandSchema.safeParse(input);
  if (r.success) return { ok: true, command: r.data };
  return { ok: false, result: fail(400, r.error.issues[0]?.message ?? "Invalid request", zodFieldErrors(r.error)) };
}

const fromService = (r: { ok: false; status: 400 | 404 | 409; error: string }): CommandResult => fail(r.status, r.error);

export async function runPurchaseOrderCommand(shop: string, rawId: string | undefined, cmd: PurchaseOrderCommand, o: { by?: string } = {}): Promise<CommandResult> {
  const id = parseId(rawId);
  if (id === null) return fail(404, "Purchase order not found");
  switch (cmd.intent) {
    case "approve": {
      const detail = await getPurchaseOrderDetail(shop, id);
      if (!detail) return fail(404, "Purchase order not found");
      if (!detail.escalation) return fail(409, `${detail.purchaseOrder.number} is not waiting for approval`);
      return runEscalationCommand(shop, detail.escalation.id.toString(), { intent: "approve", edits: cmd.edits }, o);
    }
    case "change-supplier":
      return changeDraftSupplier(shop, id, cmd.supplierId, o);
    case "submit-now":
      return submitDraftNow(shop, id, o);
    case "cancel": {
      const r = await cancelPurchaseOrder(shop, id, { reason: cmd.reason, reorder: cmd.reorder, by: o.by });
      if (!r.ok) return fromService(r);
      if (cmd.reorder) await wakeReplenishment(shop);
      return ok(`${r.value.number} cancelled${cmd.reorder ? "; its units will be ordered again" : ""}`);
    }
    case "receive": {
      const po = await findPurchaseOrder(shop, id);
      if (!po) return fail(404, "Purchase order not found");
      const lines =
        cmd.mode === "full"
          ? po.lines.filter((l) => l.live && l.quantity > l.receivedQuantity).map((l) => ({ sku: l.sku, quantity: l.quantity - l.receivedQuantity }))
          : cmd.lines.filter((l) => l.quantity > 0);
      if (lines.length === 0) return fail(400, cmd.mode === "full" ? "Nothing is left to receive" : "Enter a quantity received for at least one line", cmd.mode === "lines" ? { lines: "Enter at least one quantity" } : undefined);
      const r = await receivePurchaseOrder(shop, id, lines);
      if (!r.ok) return fromService(r);
      return ok(`${r.value.number}: ${lines.reduce((s, l) => s + l.quantity, 0)} unit(s) received (${PURCHASE_ORDER_STATUS_LABELS[r.value.status]})`);
    }
    case "confirm": {
      const r = await confirmPurchaseOrder(shop, id, { eta: cmd.eta, via: "admin" });
      if (!r.ok) return fail(r.status, r.error, r.status === 400 ? { eta: r.error } : undefined);
      return ok(`${r.value.number} confirmed for ${r.value.eta}`);
    }
    case "check-status": {
      const r = await refreshSupplierStatus(shop, id);
      if (!r.ok) return fromService(r);
      const reported = `${PURCHASE_ORDER_STATUS_LABELS[r.value.status]}${r.value.eta ? `, delivery ${r.value.eta}` : ""}`;
      return ok(r.value.changed ? `The supplier reports: ${reported}` : `The supplier reports no change (${reported})`);
    }
  }
}

/**
 * Moves an escalated draft to another active supplier with an offer for every SKU on it: the
 * lines take that supplier's cost and lead time, and quantities are re-rounded to its MOQ and
 * pack size (customer and buffer units stay). Under the shop's stock lock, like every change of
 * what covers a deficit.
 */
export async function changeDraftSupplier(shop: string, poId: bigint, supplierId: string, o: { by?: string } = {}): Promise<CommandResult> {
  const at = now();
  const supplier = await findSupplier(shop, supplierId);
  if (!supplier) return fail(400, `Unknown supplier "${supplierId}"`, { supplierId: "Unknown supplier" });
  if (supplier.status !== "active") return fail(409, `${supplier.name} is ${supplier.status}`, { supplierId: `${supplier.name} is ${supplier.status}` });
  return withTransaction(async (tx): Promise<CommandResult> => {
    await lockShopStock(tx, shop);
    const po = await lockPurchaseOrder(tx, shop, poId);
    if (!po) return fail(404, "Purchase order not found");
    if (po.status !== "escalated") return fail(409, `A ${PURCHASE_ORDER_STATUS_LABELS[po.status]?.toLowerCase() ?? po.status} purchase order cannot change supplier`);
    const escalation = await escalationOfPurchaseOrder(shop, po.id, tx);
    if (!escalation || escalation.status !== "open") return fail(409, "The draft is no longer waiting for approval");
    if (po.supplierId === supplierId) return fail(400, `${po.number} is already drafted for ${supplier.name}`, { supplierId: "Choose another supplier" });
    const offers = await offersForSkus(tx, shop, [...new Set(po.lines.map((l) => l.sku))]);
    const rewrites: DraftLineRewrite[] = [];
    for (const l of po.lines) {
      const offer = offers.find((x) => x.sku === l.sku && x.supplierId === supplierId);
      if (!offer) return fail(409, `${supplier.name} has no offer for ${l.sku}`, { supplierId: `${supplier.name} has no offer for ${l.sku}` });
      const quantity = roundOrderQuantity(l.customerUnits + l.bufferUnits, offer);
      rewrites.push({ id: l.id, quantity, customerUnits: l.customerUnits, bufferUnits: l.bufferUnits, roundingUnits: quantity - l.customerUnits - l.bufferUnits, unitCost: offer.unitCost, leadTimeDays: offer.leadTimeDays });
    }
    const windowIds = po.lines.flatMap((l) => (l.deficitWindowId === null ? [] : [l.deficitWindowId]));
    if (await otherLiveLineForWindows(tx, shop, windowIds, supplierId, po.id)) return fail(409, `${supplier.name} already has a purchase order for this deficit`);
    const currency = offers.find((x) => x.supplierId === supplierId)?.currency ?? supplier.currency ?? po.currency;
    if (!(await rewriteDraftSupplier(tx, shop, po.id, { supplierId, currency, lines: rewrites }, at))) return fail(409, "The draft is no longer waiting for approval");
    await addPurchaseOrderEvent(tx, shop, po.id, at, "supplier_changed", { from: po.supplierId, to: supplierId, by: o.by ?? null });
    await refreshCoverage(tx, shop, [...new Map(po.lines.map((l) => [`${l.inventoryItemId}:${l.locationId}`, [l.inventoryItemId, l.locationId] as StockPosition])).values()]);
    return ok(`${po.number} now drafted for ${supplier.name}`);
  });
}

/** A draft waiting out its submission backoff is submitted now (the next run claims it). */
export async function submitDraftNow(shop: string, poId: bigint, o: { by?: string } = {}): Promise<CommandResult> {
  const po = await findPurchaseOrder(shop, poId);
  if (!po) return fail(404, "Purchase order not found");
  if (po.status !== "draft") return fail(409, `A ${PURCHASE_ORDER_STATUS_LABELS[po.status]?.toLowerCase() ?? po.status} purchase order is not waiting for submission`);
  const at = now();
  if (!(await makeSubmissionDue(shop, poId, at))) return fail(409, `${po.number} is being submitted right now`);
  await withTransaction((tx) => addPurchaseOrderEvent(tx, shop, poId, at, "submit_requested", { by: o.by ?? null }));
  await wakeReplenishment(shop);
  return ok(`${po.number} will be submitted now`);
}

// ---------------------------------------------------------------------------------------------
// The escalation inbox
// ---------------------------------------------------------------------------------------------

export const EscalationInboxParams = z.object({ status: z.enum(["open", "approved", "dismissed", "all"]).default("open") });
export type EscalationInboxParams = z.infer<typeof EscalationInboxParams>;

export function parseEscalationInboxParams(url: URL): EscalationInboxParams {
  const r = EscalationInboxParams.safeParse(Object.fromEntries(url.searchParams.entries()));
  return r.success ? r.data : EscalationInboxParams.parse({});
}

export const INBOX_LIMIT = 100;

async function escalationView(shop: string, e: EscalationRecord, names: Map<string, string>) {
  const po = e.purchaseOrderId === null ? null : await findPurchaseOrder(shop, e.purchaseOrderId);
  const reasons = z.array(z.object({ code: z.string(), message: z.string() }).passthrough()).safeParse(e.reasons);
  const lines = po?.lines.filter((l) => l.live) ?? [];
  return {
    id: e.id.toString(),
    status: e.status,
    code: e.code,
    label: ESCALATION_LABELS[e.code as EscalationCode] ?? e.code,
    message: e.message,
    reasons: (reasons.success ? reasons.data : []).map((r) => ({ code: r.code, label: ESCALATION_LABELS[r.code as EscalationCode] ?? r.code, message: r.message })),
    sku: e.sku,
    supplier: e.supplierId ? { id: e.supplierId, name: names.get(e.supplierId) ?? e.supplierId } : null,
    units: e.units,
    createdAt: e.createdAt.toISOString(),
    resolvedAt: iso(e.resolvedAt),
    resolvedBy: e.resolvedBy,
    draft: po
      ? {
          id: po.id.toString(),
          number: po.number,
          status: po.status,
          statusLabel: PURCHASE_ORDER_STATUS_LABELS[po.status] ?? po.status,
          currency: po.currency,
          supplierName: names.get(po.supplierId) ?? po.supplierId,
          lines: lines.map((l) => ({
            sku: l.sku,
            title: l.title,
            quantity: l.quantity,
            customerUnits: l.customerUnits,
            bufferUnits: l.bufferUnits,
            roundingUnits: l.roundingUnits,
            unitCost: l.unitCost,
            leadTimeDays: l.leadTimeDays,
          })),
          total: Math.round(lines.reduce((s, l) => s + l.quantity * l.unitCost, 0) * 100) / 100,
        }
      : null,
    canApprove: e.status === "open" && po?.status === "escalated",
    canDismiss: e.status === "open",
  };
}
export type EscalationView = Awaited<ReturnType<typeof escalationView>>;

export async function loadEscalationInbox(shop: string, params: EscalationInboxParams) {
  const statuses: EscalationStatus[] = params.status === "all" ? ["open", "approved", "dismissed"] : [params.status];
  const all = await listEscalations(shop, { status: statuses });
  // Open ones oldest first (the queue to work through); resolved ones newest first.
  const ordered = params.status === "open" ? all : [...all].reverse();
  const names = new Map((await listSuppliers(shop)).map((s) => [s.id, s.name]));
  const items = [];
  for (const e of ordered.slice(0, INBOX_LIMIT)) items.push(await escalationView(shop, e, names));
  return { status: params.status, items, total: all.length, open: await openEscalationCount(shop) };
}

export async function loadEscalation(shop: string, rawId: string | undefined): Promise<EscalationView | null> {
  const id = parseId(rawId);
  if (id === null) return null;
  const e = await findEscalation(undefined, shop, id);
  if (!e) return null;
  return escalationView(shop, e, new Map((await listSuppliers(shop)).map((s) => [s.id, s.name])));
}

export const EscalationCommandSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), edits: Edits }),
  z.object({ intent: z.literal("dismiss"), reason: z.string().trim().min(3, "Give a reason (at least 3 characters)").max(300) }),
]);
export type EscalationCommand = z.infer<typeof EscalationCommandSchema>;

export function parseEscalationCommand(input: unknown): { ok: true; command: EscalationCommand } | { ok: false; result: CommandResult } {
  const r = EscalationCommandSchema.safeParse(input);
  if (r.success) return { ok: true, command: r.data };
  return { ok: false, result: fail(400, r.error.issues[0]?.message ?? "Invalid request", zodFieldErrors(r.error)) };
}

export async function runEscalationCommand(shop: string, rawId: string | undefined, cmd: EscalationCommand, o: { by?: string } = {}): Promise<CommandResult> {
  const id = parseId(rawId);
  if (id === null) return fail(404, "Escalation not found");
  if (cmd.intent === "approve") {
    const r = await approveEscalation(shop, id, { by: o.by, edits: cmd.edits });
    if (!r.ok) return fromService(r);
    await wakeReplenishment(shop);
    return ok(`${r.value.purchaseOrder.number} approved and queued for submission`);
  }
  const r = await dismissEscalation(shop, id, { by: o.by, reason: cmd.reason });
  if (!r.ok) return fromService(r);
  // Deficits of the same SKU that waited for this decision are planned now.
  await wakeReplenishment(shop);
  return ok("Escalation dismissed: its draft will not be ordered");
}

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

export type SettingsFormValues = {
  weights: { leadTime: string; fillRate: string; unitCost: string; apiAvailability: string };
  dedupQuietSeconds: string;
  dedupWindowSeconds: string;
  costDeviationPct: string;
  promiseDefaultDays: string;
  promiseChannels: { channel: string; days: string }[];
  safetyStockDefault: string;
  slackWebhookUrl: string;
  opsEmails: string;
  purchasingEmail: string;
  submissionMaxAttempts: string;
  submissionRetrySeconds: string;
};

const pct = (w: number) => String(Math.round(w * 10_000) / 100);

export function settingsFormValues(s: ShopReplenishmentSettings): SettingsFormValues {
  const { default: promiseDefault, ...channels } = s.promiseWindowDays;
  return {
    weights: { leadTime: pct(s.weights.leadTime), fillRate: pct(s.weights.fillRate), unitCost: pct(s.weights.unitCost), apiAvailability: pct(s.weights.apiAvailability) },
    dedupQuietSeconds: String(s.window.quietSeconds),
    dedupWindowSeconds: String(s.window.maxSeconds),
    costDeviationPct: String(s.costDeviationPct),
    promiseDefaultDays: String(promiseDefault),
    promiseChannels: Object.entries(channels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([channel, days]) => ({ channel, days: String(days) })),
    safetyStockDefault: String(s.safetyStockDefault),
    slackWebhookUrl: s.slackWebhookUrl ?? "",
    opsEmails: s.opsEmails.join(", "),
    purchasingEmail: s.purchasingEmail ?? "",
    submissionMaxAttempts: String(s.submissionMaxAttempts),
    submissionRetrySeconds: String(s.submissionRetrySeconds),
  };
}

const KNOWN_CHANNELS = ["web", "pos", "shopify_draft_order", "amazon", "ebay", "walmart"];

export async function loadSettingsScreen(shop: string) {
  const settings = await getReplenishmentSettings(shop);
  const facets = await queueFacets(shop);
  const channels = [...new Set([...KNOWN_CHANNELS, ...facets.channels])];
  return { values: settingsFormValues(settings), channels: channels.map((c) => ({ value: c, label: channelLabel(c) })) };
}

const field = z.union([z.string(), z.number()]).optional().transform((v) => (v === undefined ? "" : String(v).trim()));
const num = (label: string, o: { integer?: boolean; min?: number; max?: number; positive?: boolean }) =>
  field.transform((v, ctx) => {
    const n = Number(v);
    const bad =
      v === "" ||
      !Number.isFinite(n) ||
      (o.integer && !Number.isInteger(n)) ||
      (o.positive && n <= 0) ||
      (o.min !== undefined && n < o.min) ||
      (o.max !== undefined && n > o.max);
    if (bad) {
      const range = [o.positive ? "above 0" : o.min !== undefined ? `at least ${o.min}` : null, o.max !== undefined ? `at most ${o.max}` : null].filter(Boolean).join(" and ");
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} must be ${o.integer ? "a whole number" : "a number"}${range ? ` ${range}` : ""}` });
      return z.NEVER;
    }
    return n;
  });

export const SettingsFormSchema = z
  .object({
    weights: z.object({
      leadTime: num("Lead time weight", { min: 0, max: 100 }),
      fillRate: num("Fill rate weight", { min: 0, max: 100 }),
      unitCost: num("Unit cost weight", { min: 0, max: 100 }),
      apiAvailability: num("API availability weight", { min: 0, max: 100 }),
    }),
    dedupQuietSeconds: num("Quiet period", { positive: true, max: 86_400 }),
    dedupWindowSeconds: num("Longest window", { positive: true, max: 86_400 }),
    costDeviationPct: num("Cost deviation threshold", { min: 0, max: 1000 }),
    promiseDefaultDays: num("Default promise window", { positive: true, max: 365 }),
    promiseChannels: z
      .array(z.object({ channel: field, days: num("Promise window", { positive: true, max: 365 }) }))
      .max(50)
      .default([]),
    safetyStockDefault: num("Default safety stock", { integer: true, min: 0, max: 100_000 }),
    slackWebhookUrl: field,
    opsEmails: field,
    purchasingEmail: field,
    submissionMaxAttempts: num("Submission attempts", { integer: true, min: 1, max: 20 }),
    submissionRetrySeconds: num("First retry delay", { integer: true, min: 1, max: 3600 }),
  })
  .superRefine((s, ctx) => {
    const sum = s.weights.leadTime + s.weights.fillRate + s.weights.unitCost + s.weights.apiAvailability;
    if (Math.abs(sum - 100) > 0.01) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["weights"], message: `Weights must add up to 100% (now ${Math.round(sum * 100) / 100}%)` });
    if (s.dedupQuietSeconds > s.dedupWindowSeconds) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["dedupQuietSeconds"], message: "The quiet period cannot be longer than the longest window" });
    const seen = new Set<string>();
    s.promiseChannels.forEach((row, i) => {
      if (!row.channel) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["promiseChannels", i, "channel"], message: "Choose a channel" });
      else if (row.channel === "default") ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["promiseChannels", i, "channel"], message: "Use the default field for the default window" });
      else if (seen.has(row.channel)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["promiseChannels", i, "channel"], message: `${channelLabel(row.channel)} is listed twice` });
      seen.add(row.channel);
    });
    for (const email of splitEmails(s.opsEmails)) {
      if (!z.string().email().safeParse(email).success) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["opsEmails"], message: `"${email}" is not an email address` });
        break;
      }
    }
  });
export type SettingsFormInput = z.input<typeof SettingsFormSchema>;

function splitEmails(v: string): string[] {
  return v
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The engine's names -> the form's fields, for errors the engine finds. */
const SETTINGS_FIELDS: Record<string, string> = {
  supplierWeights: "weights",
  dedupQuietSeconds: "dedupQuietSeconds",
  dedupWindowSeconds: "dedupWindowSeconds",
  costDeviationEscalationPct: "costDeviationPct",
  safetyStockDefault: "safetyStockDefault",
  slackWebhookUrl: "slackWebhookUrl",
  purchasingEmail: "purchasingEmail",
  submissionMaxAttempts: "submissionMaxAttempts",
  submissionRetrySeconds: "submissionRetrySeconds",
  promiseWindowDays: "promiseDefaultDays",
};

export async function saveSettingsForm(shop: string, input: unknown): Promise<{ ok: true; message: string; values: SettingsFormValues } | { ok: false; status: 400; error: string; fieldErrors: FieldErrors }> {
  const parsed = SettingsFormSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, error: "Check the highlighted fields", fieldErrors: zodFieldErrors(parsed.error) };
  const f = parsed.data;
  const r = await updateReplenishmentSettings(shop, {
    supplierWeights: { leadTime: f.weights.leadTime / 100, fillRate: f.weights.fillRate / 100, unitCost: f.weights.unitCost / 100, apiAvailability: f.weights.apiAvailability / 100 },
    dedupQuietSeconds: f.dedupQuietSeconds,
    dedupWindowSeconds: f.dedupWindowSeconds,
    costDeviationEscalationPct: f.costDeviationPct,
    promiseWindowDays: { default: f.promiseDefaultDays, ...Object.fromEntries(f.promiseChannels.map((c) => [c.channel, c.days])) },
    safetyStockDefault: f.safetyStockDefault,
    slackWebhookUrl: f.slackWebhookUrl || null,
    opsEmails: splitEmails(f.opsEmails),
    purchasingEmail: f.purchasingEmail || null,
    submissionMaxAttempts: f.submissionMaxAttempts,
    submissionRetrySeconds: f.submissionRetrySeconds,
  });
  if (!r.ok) {
    const errors: FieldErrors = {};
    for (const e of r.errors) {
      const head = e.field.split(".")[0];
      const key = head === "opsEmails" ? "opsEmails" : (SETTINGS_FIELDS[head] ?? "form");
      errors[key] ??= e.message === "Invalid url" ? "must be a URL" : e.message;
    }
    return { ok: false, status: 400, error: "Check the highlighted fields", fieldErrors: errors };
  }
  return { ok: true, message: "Settings saved", values: settingsFormValues(r.settings) };
}
