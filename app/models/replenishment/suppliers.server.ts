// Suppliers, their offers (the supplier matrix), safety stock per SKU and the shop's replenishment
// settings row. Every function is scoped by shop.
import { Prisma } from "@prisma/client";
import prisma from "../../db.server";
import { openStoredSecret, sealStoredSecret } from "../../security/stored-secrets.server";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

export type SupplierRecord = {
  id: string;
  name: string;
  status: string;
  channel: string;
  contactName: string | null;
  email: string | null;
  phone: string | null;
  apiUrl: string | null;
  apiKind: string;
  apiToken: string | null;
  ediConfig: unknown;
  currency: string | null;
  timezone: string | null;
  fillRateSeed: number | null;
  onTimeRateSeed: number | null;
  apiAvailabilitySeed: number | null;
};

export type SupplierWrite = Omit<SupplierRecord, "ediConfig"> & { ediConfig: Prisma.InputJsonValue | null };

export type OfferRecord = {
  supplierId: string;
  sku: string;
  leadTimeDays: number;
  moq: number;
  packSize: number;
  unitCost: number;
  currency: string | null;
  available: number | null;
  supplierSku: string | null;
  lastUnitCostSeed: number | null;
  fillRateSeed: number | null;
  apiAvailabilitySeed: number | null;
};

const SUPPLIER_SELECT = {
  id: true, name: true, status: true, channel: true, contactName: true, email: true, phone: true, apiUrl: true, apiKind: true,
  apiToken: true, ediConfig: true, currency: true, timezone: true, fillRateSeed: true, onTimeRateSeed: true, apiAvailabilitySeed: true,
} as const;

// A supplier's API token and its EDI endpoint's token are sealed at rest (security/secret-box.ts):
// sealed here on every write, opened here on every read, so no other code sees the stored form.
// Each is bound to its shop, supplier and field: a sealed value copied elsewhere does not open.
const API_TOKEN = (shop: string, id: string) => `supplier.apiToken:${shop}:${id}`;
const EDI_TOKEN = (shop: string, id: string) => `supplier.ediConfig.token:${shop}:${id}`;

function mapEdiToken<T>(config: T, f: (token: string) => string | null): T {
  if (config === null || typeof config !== "object" || Array.isArray(config)) return config;
  const { token, ...rest } = config as Record<string, unknown>;
  if (typeof token !== "string") return config;
  const mapped = f(token);
  return (mapped === null ? rest : { ...rest, token: mapped }) as T;
}

/**
 * A token no configured key opens (the keys changed: SECRETS_KEY unset and the app secret rotated)
 * reads as absent, with a warning: the supplier pages keep working and ask for the token again, and
 * a submission without it is refused by the supplier and escalated like any other refusal.
 */
function openOrAbsent(stored: string, purpose: string): string | null {
  try {
    return openStoredSecret(stored, purpose);
  } catch (e) {
    console.warn(`[suppliers] ${(e as Error).message}: enter the token again (or restore SECRETS_KEY)`);
    return null;
  }
}

const opened =
  (shop: string) =>
  <T extends { id: string; apiToken: string | null; ediConfig: unknown }>(row: T): T => ({
    ...row,
    apiToken: row.apiToken === null ? null : openOrAbsent(row.apiToken, API_TOKEN(shop, row.id)),
    ediConfig: mapEdiToken(row.ediConfig, (t) => openOrAbsent(t, EDI_TOKEN(shop, row.id))),
  });

export async function listSuppliers(shop: string, client: Client = prisma): Promise<SupplierRecord[]> {
  return (await client.supplier.findMany({ where: { shop }, select: SUPPLIER_SELECT, orderBy: { id: "asc" } })).map(opened(shop));
}

export async function findSuppliers(client: Client, shop: string, ids: string[]): Promise<SupplierRecord[]> {
  return (await client.supplier.findMany({ where: { shop, id: { in: ids } }, select: SUPPLIER_SELECT })).map(opened(shop));
}

export async function findSupplier(shop: string, id: string, client: Client = prisma): Promise<SupplierRecord | null> {
  const row = await client.supplier.findUnique({ where: { shop_id: { shop, id } }, select: SUPPLIER_SELECT });
  return row ? opened(shop)(row) : null;
}

/** Whether the shop has set up replenishment at all (any supplier). */
export async function hasSuppliers(client: Client, shop: string): Promise<boolean> {
  const rows = await client.$queryRaw<{ one: number }[]>`SELECT 1 AS one FROM "Supplier" WHERE "shop" = ${shop} LIMIT 1`;
  return rows.length > 0;
}

const jsonOrNull = (v: Prisma.InputJsonValue | null) => (v === null ? Prisma.DbNull : v);

export async function upsertSuppliers(client: Client | undefined, shop: string, rows: SupplierWrite[], at: Date): Promise<void> {
  const db = client ?? prisma;
  for (const r of rows) {
    const data = {
      ...r,
      apiToken: r.apiToken === null ? null : sealStoredSecret(r.apiToken, API_TOKEN(shop, r.id)),
      ediConfig: jsonOrNull(mapEdiToken(r.ediConfig, (t) => sealStoredSecret(t, EDI_TOKEN(shop, r.id)))),
      updatedAt: at,
    };
    await db.supplier.upsert({
      where: { shop_id: { shop, id: r.id } },
      create: { shop, ...data, createdAt: at },
      update: data,
    });
  }
}

/** Deletes a supplier and its offers; refused (false) while purchase orders reference it. */
export async function deleteSupplier(shop: string, id: string): Promise<boolean> {
  const used = await prisma.purchaseOrder.count({ where: { shop, supplierId: id } });
  if (used > 0) return false;
  const { count } = await prisma.supplier.deleteMany({ where: { shop, id } });
  return count > 0;
}

type OfferRow = {
  supplierId: string;
  sku: string;
  leadTimeDays: number;
  moq: number;
  packSize: number;
  unitCost: Prisma.Decimal;
  currency: string | null;
  available: number | null;
  supplierSku: string | null;
  lastUnitCostSeed: Prisma.Decimal | null;
  fillRateSeed: number | null;
  apiAvailabilitySeed: number | null;
};

const toOffer = (o: OfferRow): OfferRecord => ({
  ...o,
  unitCost: Number(o.unitCost),
  lastUnitCostSeed: o.lastUnitCostSeed === null ? null : Number(o.lastUnitCostSeed),
});

const OFFER_SELECT = {
  supplierId: true, sku: true, leadTimeDays: true, moq: true, packSize: true, unitCost: true, currency: true, available: true,
  supplierSku: true, lastUnitCostSeed: true, fillRateSeed: true, apiAvailabilitySeed: true,
} as const;

export async function listOffers(shop: string, o: { supplierId?: string; sku?: string } = {}, client: Client = prisma): Promise<OfferRecord[]> {
  const rows = await client.supplierOffer.findMany({
    where: { shop, ...(o.supplierId ? { supplierId: o.supplierId } : {}), ...(o.sku ? { sku: o.sku } : {}) },
    select: OFFER_SELECT,
    orderBy: [{ sku: "asc" }, { supplierId: "asc" }],
  });
  return rows.map(toOffer);
}

export async function offersForSkus(client: Client, shop: string, skus: string[]): Promise<OfferRecord[]> {
  if (skus.length === 0) return [];
  const rows = await client.supplierOffer.findMany({ where: { shop, sku: { in: skus } }, select: OFFER_SELECT, orderBy: [{ sku: "asc" }, { supplierId: "asc" }] });
  return rows.map(toOffer);
}

export async function upsertOffers(client: Client | undefined, shop: string, rows: OfferRecord[], at: Date): Promise<void> {
  const db = client ?? prisma;
  for (const r of rows) {
    const data = { ...r, updatedAt: at };
    await db.supplierOffer.upsert({
      where: { shop_supplierId_sku: { shop, supplierId: r.supplierId, sku: r.sku } },
      create: { shop, ...data },
      update: data,
    });
  }
}

export async function deleteOffer(shop: string, supplierId: string, sku: string): Promise<boolean> {
  const { count } = await prisma.supplierOffer.deleteMany({ where: { shop, supplierId, sku } });
  return count > 0;
}

export async function safetyStockFor(client: Client, shop: string, skus: string[]): Promise<Map<string, number>> {
  if (skus.length === 0) return new Map();
  const rows = await client.safetyStock.findMany({ where: { shop, sku: { in: skus } } });
  return new Map(rows.map((r) => [r.sku, r.units]));
}

export function listSafetyStock(shop: string): Promise<{ sku: string; units: number }[]> {
  return prisma.safetyStock.findMany({ where: { shop }, select: { sku: true, units: true }, orderBy: { sku: "asc" } });
}

/** Sets safety stock per SKU; null removes the SKU's own value (the default applies). */
export async function setSafetyStock(client: Client, shop: string, values: { sku: string; units: number | null }[]): Promise<void> {
  for (const v of values) {
    if (v.units === null) await client.safetyStock.deleteMany({ where: { shop, sku: v.sku } });
    else await client.safetyStock.upsert({ where: { shop_sku: { shop, sku: v.sku } }, create: { shop, sku: v.sku, units: v.units }, update: { units: v.units } });
  }
}

export type SettingsRow = {
  supplierWeights: unknown;
  dedupQuietSeconds: number;
  dedupWindowSeconds: number;
  promiseWindowDays: unknown;
  costDeviationPct: number;
  safetyStockDefault: number;
  performancePriorWeight: number;
  submissionMaxAttempts: number;
  submissionRetrySeconds: number;
  slackWebhookUrl: string | null;
  opsEmails: string[];
  purchasingEmail: string | null;
};

export function findSettingsRow(client: Client | undefined, shop: string): Promise<SettingsRow | null> {
  return (client ?? prisma).replenishmentSettings.findUnique({
    where: { shop },
    select: {
      supplierWeights: true, dedupQuietSeconds: true, dedupWindowSeconds: true, promiseWindowDays: true, costDeviationPct: true,
      safetyStockDefault: true, performancePriorWeight: true, submissionMaxAttempts: true, submissionRetrySeconds: true,
      slackWebhookUrl: true, opsEmails: true, purchasingEmail: true,
    },
  });
}

export type SettingsWrite = Omit<SettingsRow, "supplierWeights" | "promiseWindowDays"> & {
  supplierWeights: Prisma.InputJsonValue;
  promiseWindowDays: Prisma.InputJsonValue;
};

export async function saveSettingsRow(client: Client, shop: string, row: SettingsWrite, at: Date): Promise<void> {
  await client.replenishmentSettings.upsert({ where: { shop }, create: { shop, ...row, updatedAt: at }, update: { ...row, updatedAt: at } });
}

export async function shopCurrencyAndZone(client: Client | undefined, shop: string): Promise<{ currency: string | null; timezone: string | null; name: string }> {
  const s = await (client ?? prisma).shop.findUnique({ where: { domain: shop }, select: { currency: true, timezone: true } });
  return { currency: s?.currency ?? null, timezone: s?.timezone ?? null, name: shop };
}
