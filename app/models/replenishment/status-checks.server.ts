// Status checks of open purchase orders at API suppliers: which are due, claimed atomically (the
// claim moves `statusCheckedAt` forward in the statement that picks them, so two workers never ask
// the supplier twice for one check), and when the next one falls due. Scoped by shop.
import { Prisma } from "@prisma/client";
import prisma from "../../db.server";

// The rows the partial index "PurchaseOrder_status_check_idx" covers, at an API supplier.
const CHECKABLE = Prisma.sql`
  p."status" IN ('submitted', 'confirmed', 'partially_received') AND p."supplierReference" IS NOT NULL
  AND EXISTS (SELECT 1 FROM "Supplier" s WHERE s."shop" = p."shop" AND s."id" = p."supplierId" AND s."channel" = 'api' AND s."apiUrl" IS NOT NULL)`;
const DUE = (dueBefore: Date) => Prisma.sql`${CHECKABLE} AND COALESCE(p."statusCheckedAt", p."submittedAt") <= ${dueBefore}`;

/** Claims up to `limit` due checks (oldest first), marking them checked at `at`; returns their PO ids. */
export async function claimStatusChecks(shop: string, o: { at: Date; dueBefore: Date; limit: number }): Promise<bigint[]> {
  const rows = await prisma.$queryRaw<{ id: bigint }[]>`
    UPDATE "PurchaseOrder" SET "statusCheckedAt" = ${o.at}
     WHERE "id" IN (SELECT p."id" FROM "PurchaseOrder" p
                     WHERE p."shop" = ${shop} AND ${DUE(o.dueBefore)}
                     ORDER BY COALESCE(p."statusCheckedAt", p."submittedAt"), p."id"
                     LIMIT ${o.limit} FOR UPDATE SKIP LOCKED)
    RETURNING "id"`;
  return rows.map((r) => r.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The oldest last check (or submission, if never checked) among the shop's checkable POs; null: none. */
export async function oldestStatusCheck(shop: string): Promise<Date | null> {
  const [row] = await prisma.$queryRaw<{ at: Date | null }[]>`
    SELECT min(COALESCE(p."statusCheckedAt", p."submittedAt")) AS "at" FROM "PurchaseOrder" p
     WHERE p."shop" = ${shop} AND ${CHECKABLE}`;
  return row?.at ?? null;
}

/** Shops with a status check due (the minute sweep queues their replenishment run). */
export async function shopsWithDueStatusChecks(dueBefore: Date): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ shop: string }[]>`SELECT DISTINCT p."shop" FROM "PurchaseOrder" p WHERE ${DUE(dueBefore)}`;
  return rows.map((r) => r.shop);
}
