// WebhookDelivery: every delivery recorded once per (shop, X-Shopify-Webhook-Id), and the unit of
// work of the pipeline (docs/decisions/0004-delivery-queue.md). A row in `received` is pending; a
// worker claims a batch with a lease, processes it, and settles every row in the same transaction
// as its effects. Nothing acknowledged can lack its processing: the row IS the job.
import type pg from "pg";
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { utcText } from "../database/pg-pool.server";

type Tx = Prisma.TransactionClient;

export type IncomingDelivery = {
  shop: string;
  webhookId: string;
  eventId: string | null;
  topic: string;
  apiVersion: string | null;
  triggeredAt: Date | null;
  body: Buffer;
};

/**
 * Records a group of deliveries in one statement and one commit (the acknowledgement path's group
 * commit). A repeat of a stored webhook id is ignored by the unique key, so concurrent repeats
 * cannot both win. The same statement NOTIFYs the workers (delivered at commit); they also poll.
 */
export async function insertDeliveries(pool: pg.Pool, batch: IncomingDelivery[]): Promise<void> {
  const cols = {
    shop: [] as string[],
    webhookId: [] as string[],
    eventId: [] as (string | null)[],
    topic: [] as string[],
    apiVersion: [] as (string | null)[],
    triggeredAt: [] as (string | null)[],
    body: [] as Buffer[],
  };
  for (const d of batch) {
    cols.shop.push(d.shop);
    cols.webhookId.push(d.webhookId);
    cols.eventId.push(d.eventId);
    cols.topic.push(d.topic);
    cols.apiVersion.push(d.apiVersion);
    cols.triggeredAt.push(d.triggeredAt ? utcText(d.triggeredAt) : null);
    cols.body.push(d.body);
  }
  await pool.query(
    `WITH ins AS (
       INSERT INTO "WebhookDelivery" ("shop", "webhookId", "eventId", "topic", "apiVersion", "triggeredAt", "body")
       SELECT s, w, e, t, v, tr, b
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamp[], $7::bytea[])
              AS x(s, w, e, t, v, tr, b)
       ON CONFLICT ("shop", "webhookId") DO NOTHING
       RETURNING 1)
     SELECT pg_notify('${DELIVERY_CHANNEL}', count(*)::text) FROM ins`,
    [cols.shop, cols.webhookId, cols.eventId, cols.topic, cols.apiVersion, cols.triggeredAt, cols.body],
  );
}

/** The NOTIFY channel workers LISTEN on to wake as soon as deliveries commit. */
export const DELIVERY_CHANNEL = "bp_deliveries";

export type ClaimedDelivery = {
  id: bigint;
  shop: string;
  webhookId: string;
  topic: string;
  triggeredAt: Date | null;
  receivedAt: Date;
  attempts: number;
  body: Uint8Array;
};

/**
 * Claims up to `limit` pending deliveries for `leaseMs`: rows nobody holds, or whose holder's lease
 * ran out (a killed worker). SKIP LOCKED lets concurrent workers take disjoint batches without
 * waiting on each other. Each claim counts as an attempt, so a delivery that keeps killing its
 * worker ends up failed instead of looping forever.
 */
export async function claimDeliveries(token: string, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const rows = await prisma.$queryRaw<(Omit<ClaimedDelivery, "body"> & { body64: string })[]>`
    UPDATE "WebhookDelivery" d
       SET "claimToken" = ${token},
           "claimedUntil" = timezone('UTC', now()) + ${leaseMs} * interval '1 millisecond',
           "attempts" = d."attempts" + 1
      FROM (SELECT "id" FROM "WebhookDelivery"
             WHERE "status" = 'received' AND "availableAt" <= timezone('UTC', now())
               AND ("claimedUntil" IS NULL OR "claimedUntil" < timezone('UTC', now()))
             ORDER BY "availableAt", "id"
             LIMIT ${limit}
             FOR UPDATE SKIP LOCKED) c
     WHERE d."id" = c."id"
    RETURNING d."id", d."shop", d."webhookId", d."topic", d."triggeredAt", d."receivedAt", d."attempts", encode(d."body", 'base64') AS "body64"`;
  // The body as base64 text, decoded natively: the driver adapter turns a bytea into an array of
  // numbers, one element per byte — for a batch of 400 bodies of ~11 KB that was the worker's
  // single biggest cost (and most of its garbage). Node's base64 decoder skips the line breaks
  // PostgreSQL puts every 76 characters.
  return rows.map(withBody);
}

/** A body read as base64 text (see claimDeliveries), as bytes. */
function withBody<T extends { body64: string }>({ body64, ...rest }: T): Omit<T, "body64"> & { body: Buffer } {
  return { ...rest, body: Buffer.from(body64, "base64") };
}

/**
 * Inside the transaction that applies a batch: locks the batch's rows and keeps those still held by
 * this claim and still pending. A row another worker took over (our lease ran out) is dropped from
 * this batch, so two workers never both settle it.
 */
export async function confirmClaim(tx: Tx, token: string, ids: bigint[]): Promise<Set<bigint>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.$queryRaw<{ id: bigint }[]>`
    SELECT "id" FROM "WebhookDelivery"
     WHERE "id" = ANY(${ids}::bigint[]) AND "claimToken" = ${token} AND "status" = 'received'
     FOR UPDATE`;
  return new Set(rows.map((r) => r.id));
}

export type Settlement = { id: bigint; status: "processed" | "skipped" | "failed"; reason: string | null };

/** Settles claimed deliveries (set-based, one statement). */
export async function settleDeliveries(tx: Tx, token: string, settlements: Settlement[], at: Date): Promise<number> {
  if (settlements.length === 0) return 0;
  return tx.$executeRaw`
    UPDATE "WebhookDelivery" d
       SET "status" = s.status, "statusReason" = s.reason, "processedAt" = ${at},
           "claimToken" = NULL, "claimedUntil" = NULL
      FROM unnest(${settlements.map((s) => s.id)}::bigint[], ${settlements.map((s) => s.status)}::text[],
                  ${settlements.map((s) => s.reason)}::text[]) AS s(id, status, reason)
     WHERE d."id" = s.id AND d."claimToken" = ${token} AND d."status" = 'received'`;
}

/**
 * A claimed delivery whose processing failed: released for a later attempt after `retryInMs`, or
 * failed for good once it has had `maxAttempts`. Returns the status it was left in.
 */
export async function releaseAfterFailure(
  token: string,
  id: bigint,
  error: string,
  o: { retryInMs: number; maxAttempts: number; at: Date },
): Promise<"received" | "failed" | null> {
  const rows = await prisma.$queryRaw<{ status: string }[]>`
    UPDATE "WebhookDelivery"
       SET "status" = CASE WHEN "attempts" >= ${o.maxAttempts} THEN 'failed' ELSE 'received' END,
           "statusReason" = CASE WHEN "attempts" >= ${o.maxAttempts}
                                 THEN 'gave up after ' || "attempts" || ' attempt(s): ' || ${error}
                                 ELSE 'attempt ' || "attempts" || ' failed, will retry: ' || ${error} END,
           "processedAt" = CASE WHEN "attempts" >= ${o.maxAttempts} THEN ${o.at}::timestamp ELSE NULL END,
           "availableAt" = timezone('UTC', now()) + ${o.retryInMs} * interval '1 millisecond',
           "claimToken" = NULL, "claimedUntil" = NULL
     WHERE "id" = ${id} AND "claimToken" = ${token} AND "status" = 'received'
    RETURNING "status"`;
  return (rows[0]?.status as "received" | "failed" | undefined) ?? null;
}

/** Gives a claim back untouched (shutdown before processing): claimable again at once. */
export async function releaseClaim(token: string, ids: bigint[]): Promise<void> {
  if (ids.length === 0) return;
  await prisma.$executeRaw`
    UPDATE "WebhookDelivery" SET "claimToken" = NULL, "claimedUntil" = NULL, "attempts" = GREATEST(0, "attempts" - 1)
     WHERE "id" = ANY(${ids}::bigint[]) AND "claimToken" = ${token} AND "status" = 'received'`;
}

export type PendingStats = { pending: number; oldestReceivedAt: Date | null; nextAvailableAt: Date | null };

/** What waits: count, the oldest pending arrival, and when the next deferred one becomes due. */
export async function pendingDeliveryStats(): Promise<PendingStats> {
  const [row] = await prisma.$queryRaw<{ pending: bigint; oldest: Date | null; next: Date | null }[]>`
    SELECT count(*) AS pending, min("receivedAt") AS oldest, min("availableAt") AS next
      FROM "WebhookDelivery" WHERE "status" = 'received'`;
  return { pending: Number(row.pending), oldestReceivedAt: row.oldest, nextAvailableAt: row.next };
}

/** A few deliveries still waiting, described for a "why is this not idle" message (tests, replay). */
export async function describePendingDeliveries(limit = 5): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ id: bigint; shop: string; topic: string; attempts: number; availableAt: Date; claimedUntil: Date | null; statusReason: string | null }[]>`
    SELECT "id", "shop", "topic", "attempts", "availableAt", "claimedUntil", "statusReason"
      FROM "WebhookDelivery" WHERE "status" = 'received' ORDER BY "availableAt", "id" LIMIT ${limit}`;
  return rows.map(
    (r) =>
      `delivery ${r.id} ${r.topic} (${r.shop}): ${r.attempts} claim(s), available ${r.availableAt.toISOString()}` +
      (r.claimedUntil ? `, claimed until ${r.claimedUntil.toISOString()}` : "") +
      (r.statusReason ? `, last failure: ${r.statusReason.slice(0, 200)}` : ""),
  );
}

export function countDeliveries(shop: string, where: Prisma.WebhookDeliveryWhereInput = {}) {
  return prisma.webhookDelivery.count({ where: { ...where, shop } });
}

export function findDelivery(shop: string, webhookId: string) {
  return prisma.webhookDelivery.findUnique({ where: { shop_webhookId: { shop, webhookId } } });
}

// ---- privacy: stored bodies ------------------------------------------------------------------

export type StoredBody = { id: bigint; topic: string; body: Uint8Array };

/** Settled deliveries older than `before` whose body still holds the full payload (a page of them). */
export async function untrimmedDeliveries(before: Date, limit: number): Promise<(StoredBody & { shop: string })[]> {
  const rows = await prisma.$queryRaw<(Omit<StoredBody, "body"> & { shop: string; body64: string })[]>`
    SELECT "id", "shop", "topic", encode("body", 'base64') AS "body64" FROM "WebhookDelivery"
     WHERE "trimmedAt" IS NULL AND "status" <> 'received' AND "processedAt" < ${before}
     ORDER BY "processedAt" LIMIT ${limit}`;
  return rows.map(withBody);
}

/**
 * A shop's stored bodies that contain any of the needles as bytes (a customer's email, ids): a
 * superset the caller narrows by parsing.
 */
export function deliveriesContaining(tx: Tx, shop: string, needles: string[]): Promise<StoredBody[]> {
  if (needles.length === 0) return Promise.resolve([]);
  return tx
    .$queryRaw<(Omit<StoredBody, "body"> & { body64: string })[]>`
    SELECT "id", "topic", encode("body", 'base64') AS "body64" FROM "WebhookDelivery"
     WHERE "shop" = ${shop}
       AND EXISTS (SELECT 1 FROM unnest(${needles}::text[]) n WHERE position(convert_to(n, 'UTF8') IN "body") > 0)`
    .then((rows) => rows.map(withBody));
}

/** Replaces bodies with their trimmed form (personal data removed). */
export async function replaceBodies(rows: { id: bigint; body: Buffer }[], at: Date, tx: Tx | typeof prisma = prisma): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    UPDATE "WebhookDelivery" d SET "body" = r.body, "trimmedAt" = ${at}
      FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.body)}::bytea[]) AS r(id, body)
     WHERE d."id" = r.id`;
}

/** Deletes settled deliveries received before `before` (retention), a page at a time. */
export async function deleteSettledBefore(before: Date, limit: number): Promise<number> {
  return prisma.$executeRaw`
    DELETE FROM "WebhookDelivery" WHERE "id" IN (
      SELECT "id" FROM "WebhookDelivery" WHERE "status" <> 'received' AND "receivedAt" < ${before} ORDER BY "receivedAt" LIMIT ${limit})`;
}
