// Recovery settings, allowed substitutes per SKU and oversell cap rules: read and written per shop.
import type { Prisma } from "@prisma/client";
import prisma from "../../db.server";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

export type RecoverySettingsRow = {
  holdRule: string;
  aging: unknown;
  priorityPolicy: unknown;
  choiceLinkDays: number;
  updatedAt: Date;
};

/** What stock evaluation reads of a shop's settings, in one round trip: every stock transaction reads it. */
export type EvaluationSettingsRow = {
  /** The shop's IANA time zone (null: unknown shop). */
  timezone: string | null;
  /** RecoverySettings.priorityPolicy as stored (null: none, or no settings row). */
  priorityPolicy: unknown;
  /** ReplenishmentSettings.promiseWindowDays as stored (null: no settings row). */
  promiseWindowDays: unknown;
};

export async function findEvaluationSettings(shop: string, client: Client = prisma): Promise<EvaluationSettingsRow> {
  const [row] = await client.$queryRaw<EvaluationSettingsRow[]>`
    SELECT (SELECT "timezone" FROM "Shop" WHERE "domain" = ${shop}) AS "timezone",
           (SELECT "priorityPolicy" FROM "RecoverySettings" WHERE "shop" = ${shop}) AS "priorityPolicy",
           (SELECT "promiseWindowDays" FROM "ReplenishmentSettings" WHERE "shop" = ${shop}) AS "promiseWindowDays"`;
  return row ?? { timezone: null, priorityPolicy: null, promiseWindowDays: null };
}

export function findRecoverySettings(shop: string, client: Client = prisma): Promise<RecoverySettingsRow | null> {
  return client.recoverySettings.findUnique({ where: { shop }, select: { holdRule: true, aging: true, priorityPolicy: true, choiceLinkDays: true, updatedAt: true } });
}

export async function saveRecoverySettings(
  tx: Tx,
  shop: string,
  row: { holdRule: string; aging: Prisma.InputJsonValue; priorityPolicy: Prisma.InputJsonValue | null; choiceLinkDays: number; updatedAt: Date },
): Promise<void> {
  const data = { ...row, priorityPolicy: row.priorityPolicy === null ? (null as unknown as Prisma.InputJsonValue) : row.priorityPolicy };
  await tx.$executeRaw`
    INSERT INTO "RecoverySettings" ("shop", "holdRule", "aging", "priorityPolicy", "choiceLinkDays", "updatedAt")
    VALUES (${shop}, ${data.holdRule}, ${JSON.stringify(data.aging)}::jsonb, ${row.priorityPolicy === null ? null : JSON.stringify(row.priorityPolicy)}::jsonb, ${data.choiceLinkDays}, ${data.updatedAt})
    ON CONFLICT ("shop") DO UPDATE SET "holdRule" = EXCLUDED."holdRule", "aging" = EXCLUDED."aging", "priorityPolicy" = EXCLUDED."priorityPolicy",
           "choiceLinkDays" = EXCLUDED."choiceLinkDays", "updatedAt" = EXCLUDED."updatedAt"`;
}

// ---- substitutes -------------------------------------------------------------------------------

export type SubstituteRow = { sku: string; substituteSku: string };

export function listSubstitutes(shop: string, client: Client = prisma): Promise<SubstituteRow[]> {
  return client.substituteOption.findMany({ where: { shop }, orderBy: [{ sku: "asc" }, { substituteSku: "asc" }], select: { sku: true, substituteSku: true } });
}

export async function replaceSubstitutes(tx: Tx, shop: string, rows: SubstituteRow[]): Promise<void> {
  await tx.substituteOption.deleteMany({ where: { shop } });
  if (rows.length) await tx.substituteOption.createMany({ data: rows.map((r) => ({ shop, ...r })), skipDuplicates: true });
}

export type SubstituteVariant = { sku: string; substituteSku: string; variantId: bigint; title: string | null };

/** "Lamp XL - Default Title" (a variant's display name) -> "Lamp XL". */
const productTitle = (title: string | null) => (title ? title.replace(/ - Default Title$/, "") : title);

/** The allowed substitutes of these SKUs with their variants (substitutes the shop does not stock are left out). */
export async function substituteVariants(shop: string, skus: string[], client: Client = prisma): Promise<SubstituteVariant[]> {
  if (skus.length === 0) return [];
  const rows = await client.$queryRaw<SubstituteVariant[]>`
    SELECT s."sku", s."substituteSku", i."variantId", i."title"
      FROM "SubstituteOption" s
      JOIN LATERAL (SELECT "variantId", "title" FROM "InventoryItem"
                     WHERE "shop" = s."shop" AND "sku" = s."substituteSku" AND "variantId" IS NOT NULL
                     ORDER BY "id" LIMIT 1) i ON true
     WHERE s."shop" = ${shop} AND s."sku" = ANY(${skus}::text[])
     ORDER BY s."sku", s."substituteSku"`;
  return rows.map((r) => ({ ...r, title: productTitle(r.title) }));
}

// ---- caps --------------------------------------------------------------------------------------

export type CapRuleRow = { sku: string | null; channel: string | null; eligible: boolean; maxUnits: number | null; resumeMargin: number | null };

export function listCapRules(shop: string, client: Client = prisma): Promise<CapRuleRow[]> {
  return client.capRule.findMany({
    where: { shop },
    orderBy: { id: "asc" },
    select: { sku: true, channel: true, eligible: true, maxUnits: true, resumeMargin: true },
  });
}

export async function replaceCapRules(tx: Tx, shop: string, rows: CapRuleRow[]): Promise<void> {
  await tx.capRule.deleteMany({ where: { shop } });
  if (rows.length) await tx.capRule.createMany({ data: rows.map((r) => ({ shop, ...r })) });
}
