// Allocations: stock that reached waiting lines, written set-based in the evaluation transaction,
// and the follow-ups (holds of a fully served line released, the customer told) planned once.
import { jsonRows } from "../json-rows";
import type { Prisma } from "@prisma/client";
import prisma from "../../db.server";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

export type NewAllocation = {
  backorderLineId: bigint;
  orderId: bigint;
  lineItemId: bigint;
  inventoryItemId: bigint;
  locationId: bigint;
  units: number;
  fromQuantity: number;
  toQuantity: number;
  cause: "restock" | "released";
  source: string | null;
};


export async function insertAllocations(tx: Tx, shop: string, rows: NewAllocation[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "Allocation" ("shop", "backorderLineId", "orderId", "lineItemId", "inventoryItemId", "locationId", "units",
                              "fromQuantity", "toQuantity", "cause", "source", "at")
    SELECT ${shop}, x."backorderLineId", x."orderId", x."lineItemId", x."inventoryItemId", x."locationId", x."units",
           x."fromQuantity", x."toQuantity", x."cause", x."source", ${at}
      FROM jsonb_to_recordset(${jsonRows(rows)}::jsonb) AS x("backorderLineId" bigint, "orderId" bigint, "lineItemId" bigint, "inventoryItemId" bigint,
           "locationId" bigint, "units" int, "fromQuantity" int, "toQuantity" int, "cause" text, "source" text)`;
}

export type FollowUpRow = {
  id: bigint;
  backorderLineId: bigint;
  orderId: bigint;
  orderName: string;
  units: number;
  toQuantity: number;
  at: Date;
  lineStatus: string;
  title: string | null;
  sku: string | null;
  quantityOrdered: number;
  /** The customer was told the line is backordered (a promise notice, or one of recovery's: all indexed reads). */
  told: boolean;
};

/** Allocations whose follow-up was not planned yet, oldest first (locked: one run plans each). */
export function openFollowUps(tx: Tx, shop: string, limit: number): Promise<FollowUpRow[]> {
  return tx.$queryRaw<FollowUpRow[]>`
    SELECT a."id", a."backorderLineId", a."orderId", b."orderName", a."units", a."toQuantity", a."at", b."status" AS "lineStatus",
           b."title", b."sku", b."quantityOrdered",
           (p."notifiedVersion" IS NOT NULL OR g."lastNotifiedAt" IS NOT NULL OR g."consentRequestedAt" IS NOT NULL OR g."outreachAt" IS NOT NULL) AS "told"
      FROM "Allocation" a JOIN "BackorderLine" b ON b."id" = a."backorderLineId" AND b."shop" = a."shop"
      LEFT JOIN "LinePromise" p ON p."backorderLineId" = a."backorderLineId"
      LEFT JOIN "LineAging" g ON g."backorderLineId" = a."backorderLineId"
     WHERE a."shop" = ${shop} AND a."followedUpAt" IS NULL
     ORDER BY a."id"
     LIMIT ${limit}
     FOR UPDATE OF a SKIP LOCKED`;
}

export async function markFollowedUp(tx: Tx, shop: string, ids: bigint[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.$executeRaw`UPDATE "Allocation" SET "followedUpAt" = ${at} WHERE "shop" = ${shop} AND "id" = ANY(${ids}::bigint[])`;
}

export async function hasOpenFollowUps(shop: string): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ one: number }[]>`SELECT 1 AS one FROM "Allocation" WHERE "shop" = ${shop} AND "followedUpAt" IS NULL LIMIT 1`;
  return rows.length > 0;
}

export async function shopsWithOpenFollowUps(): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ shop: string }[]>`SELECT DISTINCT "shop" FROM "Allocation" WHERE "followedUpAt" IS NULL`;
  return rows.map((r) => r.shop);
}

export type AllocationView = {
  id: bigint;
  backorderLineId: bigint;
  orderId: bigint;
  orderName: string;
  sku: string | null;
  units: number;
  fromQuantity: number;
  toQuantity: number;
  cause: string;
  source: string | null;
  at: Date;
};

export function allocationsOfShop(shop: string, o: { backorderLineIds?: bigint[] } = {}, client: Client = prisma): Promise<AllocationView[]> {
  const lines = o.backorderLineIds ?? null;
  return client.$queryRaw<AllocationView[]>`
    SELECT a."id", a."backorderLineId", a."orderId", b."orderName", b."sku", a."units", a."fromQuantity", a."toQuantity", a."cause", a."source", a."at"
      FROM "Allocation" a JOIN "BackorderLine" b ON b."id" = a."backorderLineId" AND b."shop" = a."shop"
     WHERE a."shop" = ${shop} AND (${lines}::bigint[] IS NULL OR a."backorderLineId" = ANY(${lines}::bigint[]))
     ORDER BY a."at", a."id"`;
}
