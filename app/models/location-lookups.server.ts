// Assigned-location lookups waiting for the per-shop lookup job (services/location-lookup.server.ts).
import type { Prisma } from "@prisma/client";
import prisma from "../db.server";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

export type LookupKind = "fulfillment_order" | "order";

/** Asks for lookups; one already waiting keeps its (earlier or backed-off) schedule. Returns how many are new. */
export async function requestLookups(tx: Tx, shop: string, kind: LookupKind, targetIds: bigint[], at: Date, notBefore: Date): Promise<number> {
  if (targetIds.length === 0) return 0;
  return tx.$executeRaw`
    INSERT INTO "LocationLookup" ("shop", "kind", "targetId", "requestedAt", "notBefore")
    SELECT ${shop}, ${kind}, t, ${at}, ${notBefore} FROM unnest(${[...new Set(targetIds)]}::bigint[]) AS t
    ON CONFLICT ("shop", "kind", "targetId") DO NOTHING`;
}

export type DueLookup = { kind: LookupKind; targetId: bigint; attempts: number };

export function dueLookups(shop: string, now: Date, limit: number): Promise<DueLookup[]> {
  return prisma.$queryRaw`
    SELECT "kind", "targetId", "attempts" FROM "LocationLookup"
     WHERE "shop" = ${shop} AND "notBefore" <= ${now}
     ORDER BY "notBefore", "kind", "targetId" LIMIT ${limit}`;
}

export async function completeLookups(tx: Tx, shop: string, kind: LookupKind, targetIds: bigint[]): Promise<void> {
  if (targetIds.length === 0) return;
  await tx.$executeRaw`DELETE FROM "LocationLookup" WHERE "shop" = ${shop} AND "kind" = ${kind} AND "targetId" = ANY(${targetIds}::bigint[])`;
}

export async function deferLookups(shop: string, lookups: { kind: LookupKind; targetId: bigint }[], error: string, notBefore: Date): Promise<void> {
  if (lookups.length === 0) return;
  await prisma.$executeRaw`
    UPDATE "LocationLookup" l SET "attempts" = l."attempts" + 1, "lastError" = ${error}, "notBefore" = ${notBefore}
      FROM unnest(${lookups.map((x) => x.kind)}::text[], ${lookups.map((x) => x.targetId)}::bigint[]) AS t(kind, id)
     WHERE l."shop" = ${shop} AND l."kind" = t.kind AND l."targetId" = t.id`;
}

/** When the shop's next lookup is due (null: none waiting). */
export async function nextLookupAt(shop: string, client: Client = prisma): Promise<Date | null> {
  const [row] = await client.$queryRaw<{ next: Date | null }[]>`SELECT min("notBefore") AS next FROM "LocationLookup" WHERE "shop" = ${shop}`;
  return row.next;
}

/** Shops with lookups due by `now` (the maintenance sweep re-enqueues their job). */
export async function shopsWithDueLookups(now: Date): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ shop: string }[]>`SELECT DISTINCT "shop" FROM "LocationLookup" WHERE "notBefore" <= ${now}`;
  return rows.map((r) => r.shop);
}

export async function countLookups(shop: string, client: Client = prisma): Promise<number> {
  const [row] = await client.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "LocationLookup" WHERE "shop" = ${shop}`;
  return row.n;
}
