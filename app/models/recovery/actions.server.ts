// The recovery outbox: every Admin effect recovery decides (holds of an order, a customer's choice,
// an automatic cancellation, a variant's inventory policy, a received restock) is a row written in
// the transaction that decided it, claimed after commit with a lease (FOR UPDATE SKIP LOCKED) and
// settled only by the claim that holds it. Keys are unique per shop:
// - state rows ("holds:<order>", "policy:<variant>") carry the desired state; a newer decision
//   bumps `version`, and a claim that executed an older version leaves the row pending;
// - event rows ("choice:<nonce>", "auto_cancel:<line>", "restock:<request>") are written once.
import type { Prisma } from "@prisma/client";
import prisma from "../../db.server";
import { jsonRows } from "../json-rows";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

export const RECOVERY_ACTION_KINDS = ["sync_holds", "customer_choice", "cancel_line", "set_inventory_policy", "adjust_inventory"] as const;
export type RecoveryActionKind = (typeof RECOVERY_ACTION_KINDS)[number];

export type NewAction = { kind: RecoveryActionKind; key: string; orderId: bigint | null; payload: Prisma.InputJsonValue };

export type ActionRow = {
  id: bigint;
  shop: string;
  kind: RecoveryActionKind;
  key: string;
  orderId: bigint | null;
  payload: unknown;
  version: number;
  attempts: number;
  progress: unknown;
  createdAt: Date;
};

/**
 * State rows: inserted, or their desired state replaced (version + 1, due now, a failed row armed
 * again). Returns how many rows were written.
 */
export async function upsertStateActions(tx: Tx, shop: string, rows: NewAction[], at: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const unique = [...new Map(rows.map((r) => [r.key, r])).values()];
  return tx.$executeRaw`
    INSERT INTO "RecoveryAction" AS r ("shop", "kind", "key", "orderId", "payload", "availableAt", "createdAt")
    SELECT ${shop}, x.kind, x.key, x."orderId", x.payload, ${at}, ${at}
      FROM jsonb_to_recordset(${jsonRows(unique)}::jsonb) AS x(kind text, key text, "orderId" bigint, payload jsonb)
    ON CONFLICT ("shop", "key") DO UPDATE
       SET "payload" = EXCLUDED."payload", "version" = r."version" + 1, "status" = 'pending',
           "availableAt" = LEAST(CASE WHEN r."status" = 'pending' THEN r."availableAt" ELSE EXCLUDED."availableAt" END, EXCLUDED."availableAt"),
           "attempts" = CASE WHEN r."status" = 'pending' THEN r."attempts" ELSE 0 END,
           "lastError" = CASE WHEN r."status" = 'pending' THEN r."lastError" ELSE NULL END, "doneAt" = NULL`;
}

/** Event rows: written once per key; false when the key was taken already. */
export async function insertEventAction(tx: Tx, shop: string, row: NewAction, at: Date): Promise<bigint | null> {
  const out = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "RecoveryAction" ("shop", "kind", "key", "orderId", "payload", "availableAt", "createdAt")
    VALUES (${shop}, ${row.kind}, ${row.key}, ${row.orderId}, ${JSON.stringify(row.payload)}::jsonb, ${at}, ${at})
    ON CONFLICT ("shop", "key") DO NOTHING RETURNING "id"`;
  return out[0]?.id ?? null;
}

/**
 * Claims due rows until `at + leaseMs`. Never two rows of one order at once (a claimed sibling
 * keeps the others waiting), so an order's effects run one after another.
 */
export function claimActions(token: string, o: { shop?: string; at: Date; leaseMs: number; limit: number }): Promise<ActionRow[]> {
  const until = new Date(o.at.getTime() + o.leaseMs);
  return prisma.$queryRaw<ActionRow[]>`
    UPDATE "RecoveryAction" r
       SET "claimToken" = ${token}, "claimedUntil" = ${until}, "attempts" = r."attempts" + 1, "claimedVersion" = r."version"
      FROM (SELECT a."id" FROM "RecoveryAction" a
             WHERE a."id" IN (
                     SELECT min(e."id") FROM "RecoveryAction" e
                      WHERE e."status" = 'pending' AND e."availableAt" <= ${o.at}
                        AND (${o.shop ?? null}::text IS NULL OR e."shop" = ${o.shop ?? null})
                        AND (e."claimedUntil" IS NULL OR e."claimedUntil" < ${o.at})
                        AND (e."orderId" IS NULL OR NOT EXISTS (
                              SELECT 1 FROM "RecoveryAction" b
                               WHERE b."shop" = e."shop" AND b."orderId" = e."orderId" AND b."id" <> e."id"
                                 AND b."status" = 'pending' AND b."claimedUntil" >= ${o.at}))
                      GROUP BY e."shop", COALESCE(e."orderId", -e."id"))
             ORDER BY a."availableAt", a."id"
             LIMIT ${o.limit}
             FOR UPDATE SKIP LOCKED) c
     WHERE r."id" = c."id"
    RETURNING r."id", r."shop", r."kind", r."key", r."orderId", r."payload", r."version", r."attempts", r."progress", r."createdAt"`;
}

export type ActionOutcome =
  | { status: "done"; at: Date; result?: Prisma.InputJsonValue | null }
  | { status: "failed"; at: Date; error: string; result?: Prisma.InputJsonValue | null }
  | { status: "pending"; retryAt: Date; error: string | null };

/**
 * Settles a claimed row; false when the claim was lost. Done/failed with a newer desired version
 * than the one executed: the row stays pending, due now.
 */
export async function settleAction(client: Client | undefined, id: bigint, token: string, outcome: ActionOutcome): Promise<boolean> {
  const db = client ?? prisma;
  if (outcome.status === "pending") {
    const n = await db.$executeRaw`
      UPDATE "RecoveryAction" SET "availableAt" = ${outcome.retryAt}, "claimToken" = NULL, "claimedUntil" = NULL, "lastError" = ${outcome.error}
       WHERE "id" = ${id} AND "claimToken" = ${token} AND "status" = 'pending'`;
    return n === 1;
  }
  const result = outcome.result === undefined || outcome.result === null ? null : JSON.stringify(outcome.result);
  const error = outcome.status === "failed" ? outcome.error : null;
  const n = await db.$executeRaw`
    UPDATE "RecoveryAction"
       SET "status" = CASE WHEN "version" = "claimedVersion" THEN ${outcome.status} ELSE 'pending' END,
           "doneAt" = CASE WHEN "version" = "claimedVersion" THEN ${outcome.at}::timestamp ELSE NULL END,
           "availableAt" = CASE WHEN "version" = "claimedVersion" THEN "availableAt" ELSE ${outcome.at}::timestamp END,
           "result" = COALESCE(${result}::jsonb, "result"), "lastError" = ${error},
           "claimToken" = NULL, "claimedUntil" = NULL
     WHERE "id" = ${id} AND "claimToken" = ${token} AND "status" = 'pending'`;
  return n === 1;
}

/** Records a multi-step effect's journal (before and after each step) under the claim. */
export async function saveProgress(id: bigint, token: string, progress: Prisma.InputJsonValue): Promise<boolean> {
  const n = await prisma.$executeRaw`
    UPDATE "RecoveryAction" SET "progress" = ${JSON.stringify(progress)}::jsonb WHERE "id" = ${id} AND "claimToken" = ${token} AND "status" = 'pending'`;
  return n === 1;
}

/** When the shop's next row is due (a claimed row: when its lease runs out). */
export async function nextActionAt(shop: string): Promise<Date | null> {
  const rows = await prisma.$queryRaw<{ at: Date | null }[]>`
    SELECT min(GREATEST("availableAt", COALESCE("claimedUntil", "availableAt"))) AS "at"
      FROM "RecoveryAction" WHERE "shop" = ${shop} AND "status" = 'pending'`;
  return rows[0]?.at ?? null;
}

export async function shopsWithDueActions(at: Date): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ shop: string }[]>`
    SELECT DISTINCT "shop" FROM "RecoveryAction"
     WHERE "status" = 'pending' AND "availableAt" <= ${at} AND ("claimedUntil" IS NULL OR "claimedUntil" < ${at})`;
  return rows.map((r) => r.shop);
}

export type ActionView = {
  id: bigint;
  kind: string;
  key: string;
  orderId: bigint | null;
  status: string;
  attempts: number;
  payload: unknown;
  result: unknown;
  lastError: string | null;
  createdAt: Date;
  doneAt: Date | null;
};

export function actionsOfShop(shop: string, o: { orderId?: bigint; kinds?: RecoveryActionKind[] } = {}): Promise<ActionView[]> {
  return prisma.recoveryAction.findMany({
    where: { shop, ...(o.orderId !== undefined ? { orderId: o.orderId } : {}), ...(o.kinds ? { kind: { in: o.kinds } } : {}) },
    orderBy: { id: "asc" },
    select: { id: true, kind: true, key: true, orderId: true, status: true, attempts: true, payload: true, result: true, lastError: true, createdAt: true, doneAt: true },
  }) as Promise<ActionView[]>;
}

export function findActionByKey(shop: string, key: string, client: Client = prisma) {
  return client.recoveryAction.findUnique({ where: { shop_key: { shop, key } } });
}

/** The payloads of a kind's pending rows, by key (what is already on its way to Shopify). */
export async function pendingPayloads(tx: Tx, shop: string, kind: RecoveryActionKind): Promise<Map<string, unknown>> {
  const rows = await tx.$queryRaw<{ key: string; payload: unknown }[]>`
    SELECT "key", "payload" FROM "RecoveryAction" WHERE "shop" = ${shop} AND "kind" = ${kind} AND "status" = 'pending'`;
  return new Map(rows.map((r) => [r.key, r.payload]));
}
