// The replenishment outbox: one row per external effect, written in the transaction that decided
// it (unique per shop, kind and subject), claimed after commit with a lease (FOR UPDATE SKIP
// LOCKED, so two workers never hold the same row), settled only by the claim that holds it.
import type { Prisma } from "@prisma/client";
import prisma from "../../db.server";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

export const OUTBOX_KINDS = ["submit_purchase_order", "slack_alert", "ops_email"] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export type OutboxRow = { id: bigint; shop: string; kind: OutboxKind; subjectId: bigint; attempts: number; createdAt: Date };

/** Adds effects to perform; an effect already recorded for the subject is not added twice. */
export async function addOutbox(tx: Tx, shop: string, rows: { kind: OutboxKind; subjectId: bigint }[], at: Date): Promise<number> {
  if (rows.length === 0) return 0;
  return tx.$executeRaw`
    INSERT INTO "ReplenishmentOutbox" ("shop", "kind", "subjectId", "availableAt", "createdAt")
    SELECT ${shop}, x.kind, x.subject, ${at}, ${at}
      FROM unnest(${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.subjectId)}::bigint[]) AS x(kind, subject)
    ON CONFLICT ("shop", "kind", "subjectId") DO NOTHING`;
}

/** Claims due rows of a shop (or of every shop) until `at + leaseMs`; attempts counts claims. */
export function claimOutbox(token: string, o: { shop?: string; at: Date; leaseMs: number; limit: number; kinds?: readonly OutboxKind[] }): Promise<OutboxRow[]> {
  const until = new Date(o.at.getTime() + o.leaseMs);
  const kinds = [...(o.kinds ?? [])];
  return prisma.$queryRaw<OutboxRow[]>`
    UPDATE "ReplenishmentOutbox" r
       SET "claimToken" = ${token}, "claimedUntil" = ${until}, "attempts" = r."attempts" + 1
      FROM (SELECT "id" FROM "ReplenishmentOutbox"
             WHERE "status" = 'pending' AND "availableAt" <= ${o.at}
               AND (${o.shop ?? null}::text IS NULL OR "shop" = ${o.shop ?? null})
               AND (cardinality(${kinds}::text[]) = 0 OR "kind" = ANY(${kinds}::text[]))
               AND ("claimedUntil" IS NULL OR "claimedUntil" < ${o.at})
             ORDER BY "availableAt", "id"
             LIMIT ${o.limit}
             FOR UPDATE SKIP LOCKED) c
     WHERE r."id" = c."id"
    RETURNING r."id", r."shop", r."kind", r."subjectId", r."attempts", r."createdAt"`;
}

/** Settles a claimed row; false when the claim was lost (another worker took the row over). */
export async function settleOutbox(
  client: Client | undefined,
  id: bigint,
  token: string,
  outcome: { status: "done" | "failed"; at: Date; error?: string | null } | { status: "pending"; retryAt: Date; error: string },
): Promise<boolean> {
  const db = client ?? prisma;
  const n =
    outcome.status === "pending"
      ? await db.$executeRaw`
          UPDATE "ReplenishmentOutbox" SET "availableAt" = ${outcome.retryAt}, "claimToken" = NULL, "claimedUntil" = NULL, "lastError" = ${outcome.error}
           WHERE "id" = ${id} AND "claimToken" = ${token} AND "status" = 'pending'`
      : await db.$executeRaw`
          UPDATE "ReplenishmentOutbox" SET "status" = ${outcome.status}, "doneAt" = ${outcome.at}, "claimToken" = NULL, "claimedUntil" = NULL,
                 "lastError" = COALESCE(${outcome.error ?? null}, "lastError")
           WHERE "id" = ${id} AND "claimToken" = ${token} AND "status" = 'pending'`;
  return n === 1;
}

/** Marks a subject's pending effect done without performing it (e.g. the PO was cancelled meanwhile). */
export async function closeOutboxFor(tx: Tx, shop: string, kind: OutboxKind, subjectId: bigint, at: Date, note: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "ReplenishmentOutbox" SET "status" = 'done', "doneAt" = ${at}, "lastError" = ${note}, "claimToken" = NULL, "claimedUntil" = NULL
     WHERE "shop" = ${shop} AND "kind" = ${kind} AND "subjectId" = ${subjectId} AND "status" = 'pending'`;
}

/** Whether a worker holds the subject's pending effect right now (e.g. a submission in flight). */
export async function outboxInFlight(tx: Tx, shop: string, kind: OutboxKind, subjectId: bigint, at: Date): Promise<boolean> {
  const rows = await tx.$queryRaw<{ one: number }[]>`
    SELECT 1 AS one FROM "ReplenishmentOutbox"
     WHERE "shop" = ${shop} AND "kind" = ${kind} AND "subjectId" = ${subjectId} AND "status" = 'pending' AND "claimedUntil" > ${at}
     FOR UPDATE`;
  return rows.length > 0;
}

/** When the shop's next outbox row is due (a claimed row: when its lease runs out). */
export async function nextOutboxAt(shop: string, client: Client = prisma): Promise<Date | null> {
  const rows = await client.$queryRaw<{ at: Date | null }[]>`
    SELECT min(GREATEST("availableAt", COALESCE("claimedUntil", "availableAt"))) AS "at"
      FROM "ReplenishmentOutbox" WHERE "shop" = ${shop} AND "status" = 'pending'`;
  return rows[0]?.at ?? null;
}

export async function shopsWithDueOutbox(at: Date): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ shop: string }[]>`
    SELECT DISTINCT "shop" FROM "ReplenishmentOutbox"
     WHERE "status" = 'pending' AND "availableAt" <= ${at} AND ("claimedUntil" IS NULL OR "claimedUntil" < ${at})`;
  return rows.map((r) => r.shop);
}

export function outboxRows(shop: string, client: Client = prisma) {
  return client.replenishmentOutbox.findMany({ where: { shop }, orderBy: { id: "asc" } });
}
