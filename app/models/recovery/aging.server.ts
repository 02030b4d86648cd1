// The aging state of backordered lines (LineAging), the reads the aging run plans from, and the
// "due today" work list.
import type { Prisma } from "@prisma/client";
import prisma from "../../db.server";
import { jsonRows } from "../json-rows";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

export type AgingCandidate = {
  id: bigint;
  orderId: bigint;
  orderName: string;
  title: string | null;
  sku: string | null;
  quantityBackordered: number;
  detectedAt: Date;
  customerEmail: string | null;
  promiseEarliest: string | null;
  promiseLatest: string | null;
  /** When the range the customer was last emailed (promise notices) was given: an indexed read, not a scan of notices. */
  lastNoticeAt: Date | null;
  hasAging: boolean;
  lastNotifiedAt: string | null;
  escalatedAt: string | null;
  outreachAt: string | null;
  consentRequestedAt: string | null;
  consentGivenAt: string | null;
  cancelRequestedAt: string | null;
  nextReviewOn: string | null;
};

/**
 * Open (backordered) lines to plan: every one (`all`: a new day) or those without a plan yet or
 * whose review day has come. Locked for the transaction: two runs never act on one line.
 */
export function agingCandidates(tx: Tx, shop: string, o: { all: boolean; today: string; limit: number; afterId: bigint }): Promise<AgingCandidate[]> {
  return tx.$queryRaw<AgingCandidate[]>`
    SELECT b."id", b."orderId", b."orderName", b."title", b."sku", b."quantityBackordered", b."detectedAt", b."customerEmail",
           CASE WHEN p."status" = 'open' THEN p."earliest" END AS "promiseEarliest",
           CASE WHEN p."status" = 'open' THEN p."latest" END AS "promiseLatest",
           (SELECT h."at" FROM "PromiseHistory" h WHERE h."backorderLineId" = b."id" AND h."version" = p."notifiedVersion") AS "lastNoticeAt",
           (a."backorderLineId" IS NOT NULL) AS "hasAging",
           a."lastNotifiedAt", a."escalatedAt", a."outreachAt", a."consentRequestedAt", a."consentGivenAt", a."cancelRequestedAt", a."nextReviewOn"
      FROM "BackorderLine" b
      LEFT JOIN "LineAging" a ON a."backorderLineId" = b."id"
      LEFT JOIN "LinePromise" p ON p."backorderLineId" = b."id"
     WHERE b."shop" = ${shop} AND b."status" = 'backordered' AND b."id" > ${o.afterId}
       AND (${o.all} OR a."backorderLineId" IS NULL OR a."nextReviewOn" <= ${o.today})
     ORDER BY b."id"
     LIMIT ${o.limit}
     FOR UPDATE OF b SKIP LOCKED`;
}

export type LineAgingWrite = {
  backorderLineId: bigint;
  orderId: bigint;
  bucket: string;
  action: string;
  reason: string;
  dueToday: boolean;
  nextReviewOn: string;
  lastNotifiedAt: string | null;
  escalatedAt: string | null;
  outreachAt: string | null;
  consentRequestedAt: string | null;
  consentGivenAt: string | null;
  cancelRequestedAt: string | null;
};

export async function upsertLineAgings(tx: Tx, shop: string, rows: LineAgingWrite[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "LineAging" ("backorderLineId", "shop", "orderId", "bucket", "action", "reason", "dueToday", "nextReviewOn", "lastNotifiedAt",
                             "escalatedAt", "outreachAt", "consentRequestedAt", "consentGivenAt", "cancelRequestedAt", "updatedAt")
    SELECT x."backorderLineId", ${shop}, x."orderId", x."bucket", x."action", x."reason", x."dueToday", x."nextReviewOn", x."lastNotifiedAt",
           x."escalatedAt", x."outreachAt", x."consentRequestedAt", x."consentGivenAt", x."cancelRequestedAt", ${at}
      FROM jsonb_to_recordset(${jsonRows(rows)}::jsonb) AS x("backorderLineId" bigint, "orderId" bigint, "bucket" text, "action" text, "reason" text,
           "dueToday" boolean, "nextReviewOn" text, "lastNotifiedAt" text, "escalatedAt" text, "outreachAt" text, "consentRequestedAt" text,
           "consentGivenAt" text, "cancelRequestedAt" text)
    ON CONFLICT ("backorderLineId") DO UPDATE SET
      "bucket" = EXCLUDED."bucket", "action" = EXCLUDED."action", "reason" = EXCLUDED."reason", "dueToday" = EXCLUDED."dueToday",
      "nextReviewOn" = EXCLUDED."nextReviewOn", "lastNotifiedAt" = EXCLUDED."lastNotifiedAt", "escalatedAt" = EXCLUDED."escalatedAt",
      "outreachAt" = EXCLUDED."outreachAt", "consentRequestedAt" = EXCLUDED."consentRequestedAt", "consentGivenAt" = EXCLUDED."consentGivenAt",
      "cancelRequestedAt" = EXCLUDED."cancelRequestedAt", "updatedAt" = EXCLUDED."updatedAt"`;
}

/** The customer agreed to keep waiting: no automatic cancellation or outreach for these lines (planned again today). */
export async function recordConsent(tx: Tx, shop: string, rows: { backorderLineId: bigint; orderId: bigint }[], day: string, at: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "LineAging" ("backorderLineId", "shop", "orderId", "bucket", "action", "reason", "nextReviewOn", "consentGivenAt", "updatedAt")
    SELECT x.line, ${shop}, x.o, '0-3', 'monitor', 'customer_agreed_to_wait', ${day}, ${day}, ${at}
      FROM unnest(${rows.map((r) => r.backorderLineId)}::bigint[], ${rows.map((r) => r.orderId)}::bigint[]) AS x(line, o)
    ON CONFLICT ("backorderLineId") DO UPDATE SET "consentGivenAt" = COALESCE("LineAging"."consentGivenAt", EXCLUDED."consentGivenAt"),
           "nextReviewOn" = EXCLUDED."nextReviewOn", "updatedAt" = EXCLUDED."updatedAt"`;
}

/** Records a manual close's reason on the line's aging row (created if the line had none). */
export async function recordManualClose(tx: Tx, shop: string, rows: { backorderLineId: bigint; orderId: bigint }[], reason: string, note: string | null, day: string, at: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "LineAging" ("backorderLineId", "shop", "orderId", "bucket", "action", "reason", "nextReviewOn", "closedReason", "closedNote", "updatedAt")
    SELECT x.line, ${shop}, x.o, '0-3', 'none', 'closed', ${day}, ${reason}, ${note}, ${at}
      FROM unnest(${rows.map((r) => r.backorderLineId)}::bigint[], ${rows.map((r) => r.orderId)}::bigint[]) AS x(line, o)
    ON CONFLICT ("backorderLineId") DO UPDATE SET "action" = 'none', "reason" = 'closed', "dueToday" = false,
           "closedReason" = EXCLUDED."closedReason", "closedNote" = EXCLUDED."closedNote", "updatedAt" = EXCLUDED."updatedAt"`;
}

/** Records that the customer was told about these lines today (a staff notification). */
export async function recordNotified(tx: Tx, shop: string, rows: { backorderLineId: bigint; orderId: bigint }[], day: string, at: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "LineAging" ("backorderLineId", "shop", "orderId", "bucket", "action", "reason", "nextReviewOn", "lastNotifiedAt", "updatedAt")
    SELECT x.line, ${shop}, x.o, '0-3', 'monitor', 'monitoring', ${day}, ${day}, ${at}
      FROM unnest(${rows.map((r) => r.backorderLineId)}::bigint[], ${rows.map((r) => r.orderId)}::bigint[]) AS x(line, o)
    ON CONFLICT ("backorderLineId") DO UPDATE SET "lastNotifiedAt" = EXCLUDED."lastNotifiedAt", "nextReviewOn" = LEAST("LineAging"."nextReviewOn", EXCLUDED."nextReviewOn"), "updatedAt" = EXCLUDED."updatedAt"`;
}

/** Marks lines whose cancellation the app requested (a staff bulk cancel, or auto-cancel). */
export async function recordCancelRequested(tx: Tx, shop: string, rows: { backorderLineId: bigint; orderId: bigint }[], day: string, at: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "LineAging" ("backorderLineId", "shop", "orderId", "bucket", "action", "reason", "nextReviewOn", "cancelRequestedAt", "updatedAt")
    SELECT x.line, ${shop}, x.o, '0-3', 'none', 'auto_cancel_due', ${day}, ${day}, ${at}
      FROM unnest(${rows.map((r) => r.backorderLineId)}::bigint[], ${rows.map((r) => r.orderId)}::bigint[]) AS x(line, o)
    ON CONFLICT ("backorderLineId") DO UPDATE SET "cancelRequestedAt" = COALESCE("LineAging"."cancelRequestedAt", EXCLUDED."cancelRequestedAt"), "updatedAt" = EXCLUDED."updatedAt"`;
}

export type LineAgingView = {
  backorderLineId: bigint;
  bucket: string;
  action: string;
  reason: string;
  dueToday: boolean;
  nextReviewOn: string;
  lastNotifiedAt: string | null;
  escalatedAt: string | null;
  outreachAt: string | null;
  consentRequestedAt: string | null;
  consentGivenAt: string | null;
  cancelRequestedAt: string | null;
  closedReason: string | null;
  closedNote: string | null;
};

const VIEW_SELECT = {
  backorderLineId: true, bucket: true, action: true, reason: true, dueToday: true, nextReviewOn: true, lastNotifiedAt: true, escalatedAt: true,
  outreachAt: true, consentRequestedAt: true, consentGivenAt: true, cancelRequestedAt: true, closedReason: true, closedNote: true,
} as const;

export function agingOfLines(shop: string, ids: bigint[], client: Client = prisma): Promise<LineAgingView[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return client.lineAging.findMany({ where: { shop, backorderLineId: { in: ids } }, select: VIEW_SELECT });
}

export type DueLine = {
  id: bigint;
  orderId: bigint;
  orderName: string;
  sku: string | null;
  title: string | null;
  channel: string;
  locationId: bigint;
  quantityBackordered: number;
  quantityOrdered: number;
  detectedAt: Date;
  bucket: string;
  action: string;
  reason: string;
  nextReviewOn: string;
  escalatedAt: string | null;
};

/**
 * Staff's work list for `today`: open lines whose review day has come, and lines escalated to
 * staff (until they leave the queue), most urgent first.
 */
export function dueLines(shop: string, today: string, limit: number): Promise<DueLine[]> {
  return prisma.$queryRaw<DueLine[]>`
    SELECT b."id", b."orderId", b."orderName", b."sku", b."title", b."channel", b."locationId", b."quantityBackordered", b."quantityOrdered",
           b."detectedAt", a."bucket", a."action", a."reason", a."nextReviewOn", a."escalatedAt"
      FROM "LineAging" a JOIN "BackorderLine" b ON b."id" = a."backorderLineId" AND b."shop" = a."shop"
     WHERE a."shop" = ${shop} AND b."status" = 'backordered' AND (a."nextReviewOn" <= ${today} OR a."escalatedAt" IS NOT NULL)
     ORDER BY (a."escalatedAt" IS NULL), a."nextReviewOn", b."detectedAt", b."id"
     LIMIT ${limit}`;
}

export type AgingShop = { shop: string; timezone: string | null; country: string | null; agingRunOn: string | null; unplanned: boolean; earliestReview: string | null };

/** Installed shops with open lines: their day bookkeeping, lines without a plan, the earliest review day. */
export function agingShops(): Promise<AgingShop[]> {
  return prisma.$queryRaw<AgingShop[]>`
    SELECT s."domain" AS "shop", s."timezone", s."country", st."agingRunOn",
           EXISTS (SELECT 1 FROM "BackorderLine" b LEFT JOIN "LineAging" a ON a."backorderLineId" = b."id"
                    WHERE b."shop" = s."domain" AND b."status" = 'backordered' AND a."backorderLineId" IS NULL) AS "unplanned",
           (SELECT min(a."nextReviewOn") FROM "LineAging" a JOIN "BackorderLine" b ON b."id" = a."backorderLineId"
             WHERE a."shop" = s."domain" AND b."status" = 'backordered') AS "earliestReview"
      FROM "Shop" s LEFT JOIN "RecoveryShopState" st ON st."shop" = s."domain"
     WHERE s."uninstalledAt" IS NULL
       AND EXISTS (SELECT 1 FROM "BackorderLine" b WHERE b."shop" = s."domain" AND b."status" = 'backordered')`;
}

export function findRecoveryShopState(shop: string, client: Client = prisma) {
  return client.recoveryShopState.findUnique({ where: { shop } });
}

export async function saveRecoveryShopState(shop: string, data: { agingRunOn?: string | null; capsCheckedAt?: Date | null; capsDirty?: boolean }, client: Client = prisma): Promise<void> {
  await client.recoveryShopState.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

/** Marks the shop's caps for a check (something they read moved), in the caller's transaction. */
export async function markCapsDirty(tx: Tx, shop: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "RecoveryShopState" ("shop", "capsDirty") VALUES (${shop}, true)
    ON CONFLICT ("shop") DO UPDATE SET "capsDirty" = true WHERE "RecoveryShopState"."capsDirty" = false`;
}

/**
 * Shops whose caps need a check: marked dirty (a stock position moved), or a purchase order changed
 * since the last check (units on order make room) — with cap rules, or decisions left to drop.
 */
export async function shopsWithDirtyCaps(shop: string | null = null): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ shop: string }[]>`
    SELECT st."shop" FROM "RecoveryShopState" st
     WHERE (${shop}::text IS NULL OR st."shop" = ${shop})
       AND (st."capsDirty" OR EXISTS (SELECT 1 FROM "PurchaseOrder" po
                                       WHERE po."shop" = st."shop" AND po."updatedAt" > COALESCE(st."capsCheckedAt", 'epoch'::timestamp)))
       AND (EXISTS (SELECT 1 FROM "CapRule" r WHERE r."shop" = st."shop") OR EXISTS (SELECT 1 FROM "VariantCap" v WHERE v."shop" = st."shop"))`;
  return rows.map((r) => r.shop);
}
