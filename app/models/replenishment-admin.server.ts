// Reads and the few writes the replenishment admin screens need beyond what the engine's models
// offer (app/models/replenishment/): the purchase-order list page (newest first, totals, counts),
// a PO's submission attempts, pending submission and covered backorder lines, the offers matrix's
// SKU pages, and the edit of an escalated draft's supplier. Every function is scoped by shop.
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import type { PurchaseOrderStatus } from "./replenishment/purchase-orders.server";
import { offersForSkus, type OfferRecord } from "./replenishment/suppliers.server";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

export type PurchaseOrderListFilter = { status?: readonly PurchaseOrderStatus[]; supplierId?: string };

export type PurchaseOrderListRow = {
  id: bigint;
  number: string;
  supplierId: string;
  supplierName: string;
  status: PurchaseOrderStatus;
  currency: string;
  origin: string;
  createdAt: Date;
  submittedAt: Date | null;
  eta: string | null;
  lines: number;
  units: number;
  total: number;
};

function listConditions(shop: string, f: PurchaseOrderListFilter): Prisma.Sql {
  const conditions = [Prisma.sql`p."shop" = ${shop}`];
  if (f.status?.length) conditions.push(Prisma.sql`p."status" = ANY(${[...f.status]}::text[])`);
  if (f.supplierId) conditions.push(Prisma.sql`p."supplierId" = ${f.supplierId}`);
  return Prisma.join(conditions, " AND ");
}

/** One page of a shop's purchase orders, newest first, with line counts and totals. */
export async function purchaseOrderPage(shop: string, f: PurchaseOrderListFilter, page: { limit: number; offset: number }): Promise<{ rows: PurchaseOrderListRow[]; total: number }> {
  const where = listConditions(shop, f);
  const rows = await prisma.$queryRaw<PurchaseOrderListRow[]>`
    SELECT p."id", p."number", p."supplierId", COALESCE(s."name", p."supplierId") AS "supplierName", p."status", p."currency",
           p."origin", p."createdAt", p."submittedAt", p."eta",
           count(l."id")::int AS "lines",
           COALESCE(sum(l."quantity"), 0)::int AS "units",
           COALESCE(sum(l."quantity" * l."unitCost"), 0)::float8 AS "total"
      FROM "PurchaseOrder" p
      LEFT JOIN "Supplier" s ON s."shop" = p."shop" AND s."id" = p."supplierId"
      LEFT JOIN "PurchaseOrderLine" l ON l."purchaseOrderId" = p."id"
     WHERE ${where}
     GROUP BY p."id", s."name"
     ORDER BY p."createdAt" DESC, p."id" DESC
     LIMIT ${page.limit} OFFSET ${page.offset}`;
  const count = await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS "n" FROM "PurchaseOrder" p WHERE ${where}`;
  return { rows, total: count[0]?.n ?? 0 };
}

/** Purchase orders per status (the list's filter counts). */
export async function purchaseOrderStatusCounts(shop: string): Promise<Map<string, number>> {
  const rows = await prisma.purchaseOrder.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.status, r._count._all]));
}

export type SubmissionAttemptRow = { at: Date; supplierId: string; outcome: string; reason: string | null };

export function submissionAttemptsOf(shop: string, purchaseOrderId: bigint): Promise<SubmissionAttemptRow[]> {
  return prisma.supplierSubmissionAttempt.findMany({
    where: { shop, purchaseOrderId },
    select: { at: true, supplierId: true, outcome: true, reason: true },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
}

export type PendingSubmission = { status: string; attempts: number; availableAt: Date; lastError: string | null; claimedUntil: Date | null };

/** The PO's submission effect in the outbox (pending, done or failed), if any. */
export function submissionOf(shop: string, purchaseOrderId: bigint): Promise<PendingSubmission | null> {
  return prisma.replenishmentOutbox.findFirst({
    where: { shop, kind: "submit_purchase_order", subjectId: purchaseOrderId },
    select: { status: true, attempts: true, availableAt: true, lastError: true, claimedUntil: true },
  });
}

/** A pending submission waiting out its backoff becomes due at `at` (not one a worker holds). */
export async function makeSubmissionDue(shop: string, purchaseOrderId: bigint, at: Date): Promise<boolean> {
  const n = await prisma.$executeRaw`
    UPDATE "ReplenishmentOutbox" SET "availableAt" = ${at}
     WHERE "shop" = ${shop} AND "kind" = 'submit_purchase_order' AND "subjectId" = ${purchaseOrderId} AND "status" = 'pending'
       AND ("claimedUntil" IS NULL OR "claimedUntil" < ${at})`;
  return n === 1;
}

export type CoveredBackorderLine = {
  backorderLineId: bigint;
  orderName: string;
  sku: string | null;
  channel: string;
  quantityBackordered: number;
  status: string;
  detectedAt: Date;
  units: number;
};

/** The backorder lines this PO's lines cover, and with how many units. */
export async function coveredBackorderLines(shop: string, purchaseOrderId: bigint): Promise<CoveredBackorderLine[]> {
  const rows = await prisma.purchaseOrderCoverage.findMany({
    where: { shop, purchaseOrderLine: { purchaseOrderId, shop } },
    select: {
      units: true,
      backorderLine: { select: { id: true, orderName: true, sku: true, channel: true, quantityBackordered: true, status: true, detectedAt: true } },
    },
    orderBy: [{ backorderLineId: "asc" }],
  });
  return rows.map((r) => ({
    backorderLineId: r.backorderLine.id,
    orderName: r.backorderLine.orderName,
    sku: r.backorderLine.sku,
    channel: r.backorderLine.channel,
    quantityBackordered: r.backorderLine.quantityBackordered,
    status: r.backorderLine.status,
    detectedAt: r.backorderLine.detectedAt,
    units: r.units,
  }));
}

/** A page of the SKUs the supplier matrix has offers for (optionally those containing `query`). */
export async function offerSkuPage(shop: string, o: { query?: string; limit: number; offset: number }): Promise<{ skus: string[]; total: number }> {
  const like = o.query ? `%${o.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await prisma.$queryRaw<{ sku: string }[]>`
    SELECT DISTINCT "sku" FROM "SupplierOffer"
     WHERE "shop" = ${shop} AND (${like}::text IS NULL OR "sku" ILIKE ${like})
     ORDER BY "sku" LIMIT ${o.limit} OFFSET ${o.offset}`;
  const count = await prisma.$queryRaw<{ n: number }[]>`
    SELECT count(DISTINCT "sku")::int AS "n" FROM "SupplierOffer" WHERE "shop" = ${shop} AND (${like}::text IS NULL OR "sku" ILIKE ${like})`;
  return { skus: rows.map((r) => r.sku), total: count[0]?.n ?? 0 };
}

/** The offers for these SKUs (every supplier), outside a transaction. */
export function offersOfSkus(shop: string, skus: string[]): Promise<OfferRecord[]> {
  return offersForSkus(prisma, shop, skus);
}

/** Product titles by SKU (the shop's inventory items). */
export async function titlesOfSkus(shop: string, skus: string[]): Promise<Map<string, string>> {
  if (skus.length === 0) return new Map();
  const rows = await prisma.inventoryItem.findMany({ where: { shop, sku: { in: skus } }, select: { sku: true, title: true }, orderBy: { id: "asc" } });
  const out = new Map<string, string>();
  for (const r of rows) if (r.sku && r.title && !out.has(r.sku)) out.set(r.sku, r.title);
  return out;
}

/** Whether another live PO line already orders from this supplier for one of these deficit windows. */
export async function otherLiveLineForWindows(tx: Tx, shop: string, windowIds: bigint[], supplierId: string, exceptPurchaseOrderId: bigint): Promise<boolean> {
  if (windowIds.length === 0) return false;
  const n = await tx.purchaseOrderLine.count({
    where: { shop, supplierId, live: true, deficitWindowId: { in: windowIds }, purchaseOrderId: { not: exceptPurchaseOrderId } },
  });
  return n > 0;
}

export type DraftLineRewrite = {
  id: bigint;
  quantity: number;
  customerUnits: number;
  bufferUnits: number;
  roundingUnits: number;
  unitCost: number;
  leadTimeDays: number;
};

/**
 * Moves an escalated draft to another supplier: the PO, its lines (with the new supplier's terms)
 * and its open escalation. False when the PO is no longer an escalated draft.
 */
export async function rewriteDraftSupplier(
  tx: Tx,
  shop: string,
  purchaseOrderId: bigint,
  to: { supplierId: string; currency: string; lines: DraftLineRewrite[] },
  at: Date,
): Promise<boolean> {
  const { count } = await tx.purchaseOrder.updateMany({
    where: { shop, id: purchaseOrderId, status: "escalated" },
    data: { supplierId: to.supplierId, currency: to.currency, updatedAt: at },
  });
  if (count !== 1) return false;
  for (const l of to.lines) {
    const { id, ...data } = l;
    await tx.purchaseOrderLine.updateMany({ where: { shop, id, purchaseOrderId }, data: { ...data, supplierId: to.supplierId } });
  }
  await tx.escalation.updateMany({ where: { shop, purchaseOrderId, status: "open" }, data: { supplierId: to.supplierId } });
  return true;
}

/** The purchase orders placed to replace this one after its submission failed. */
export function purchaseOrdersReplacing(shop: string, purchaseOrderId: bigint): Promise<{ id: bigint; number: string; supplierId: string }[]> {
  return prisma.purchaseOrder.findMany({ where: { shop, replacesId: purchaseOrderId }, select: { id: true, number: true, supplierId: true }, orderBy: { id: "asc" } });
}

/** Open escalations (the navigation badge and the inbox's count). */
export function openEscalationCount(shop: string, client: Client = prisma): Promise<number> {
  return client.escalation.count({ where: { shop, status: "open" } });
}
