// The app's purchase orders, their lines, timeline and submission attempts, and the coverage links
// from backorder lines to PO lines. Every function is scoped by shop.
import { Prisma } from "@prisma/client";
import prisma from "../../db.server";
import type { StockPosition } from "../backorders.server";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

export const PURCHASE_ORDER_STATUSES = ["draft", "submitted", "confirmed", "partially_received", "received", "cancelled", "escalated"] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];
/** Statuses in which a PO still brings (or may bring) goods. */
export const OPEN_PO_STATUSES: readonly PurchaseOrderStatus[] = ["draft", "escalated", "submitted", "confirmed", "partially_received"];

export type NewPurchaseOrderLine = {
  deficitWindowId: bigint | null;
  inventoryItemId: bigint;
  locationId: bigint;
  sku: string;
  title: string | null;
  quantity: number;
  customerUnits: number;
  bufferUnits: number;
  roundingUnits: number;
  unitCost: number;
  leadTimeDays: number;
};

export type NewPurchaseOrder = {
  supplierId: string;
  locationId: bigint;
  status: "draft" | "escalated";
  currency: string;
  origin: "auto" | "fallback" | "manual";
  replacesId: bigint | null;
  evaluations: Prisma.InputJsonValue;
  detectedAt: Date;
  createdAt: Date;
  lines: NewPurchaseOrderLine[];
};

/** PO-1001, PO-1002 ... per shop. Callers hold the shop's stock lock, so numbers never race. */
async function nextNumber(tx: Tx, shop: string): Promise<string> {
  const rows = await tx.$queryRaw<{ n: number }[]>`
    SELECT COALESCE(max(substring("number" from 4)::int), 1000)::int + 1 AS n
      FROM "PurchaseOrder" WHERE "shop" = ${shop} AND "number" ~ '^PO-[0-9]+$'`;
  return `PO-${rows[0].n}`;
}

export async function insertPurchaseOrder(tx: Tx, shop: string, po: NewPurchaseOrder): Promise<{ id: bigint; number: string }> {
  const number = await nextNumber(tx, shop);
  const created = await tx.purchaseOrder.create({
    data: {
      shop, number, supplierId: po.supplierId, locationId: po.locationId, status: po.status, currency: po.currency, origin: po.origin,
      replacesId: po.replacesId, evaluations: po.evaluations, detectedAt: po.detectedAt, createdAt: po.createdAt, updatedAt: po.createdAt,
      lines: { create: po.lines.map((l) => ({ shop, supplierId: po.supplierId, ...l })) },
      events: { create: [{ shop, at: po.createdAt, kind: po.status === "escalated" ? "escalated" : "created", detail: { origin: po.origin, replacesId: po.replacesId?.toString() ?? null } }] },
    },
    select: { id: true, number: true },
  });
  return created;
}

export async function addPurchaseOrderEvent(client: Client, shop: string, purchaseOrderId: bigint, at: Date, kind: string, detail: Prisma.InputJsonValue | null = null): Promise<void> {
  await client.purchaseOrderEvent.create({ data: { shop, purchaseOrderId, at, kind, detail: detail ?? Prisma.DbNull } });
}

export type PurchaseOrderLineRecord = {
  id: bigint;
  deficitWindowId: bigint | null;
  inventoryItemId: bigint;
  locationId: bigint;
  sku: string;
  title: string | null;
  quantity: number;
  customerUnits: number;
  bufferUnits: number;
  roundingUnits: number;
  unitCost: number;
  leadTimeDays: number;
  receivedQuantity: number;
  firstReceivedAt: Date | null;
  live: boolean;
};

export type PurchaseOrderRecord = {
  id: bigint;
  number: string;
  supplierId: string;
  locationId: bigint;
  status: PurchaseOrderStatus;
  currency: string;
  origin: string;
  replacesId: bigint | null;
  evaluations: unknown;
  detectedAt: Date;
  createdAt: Date;
  submittedAt: Date | null;
  confirmedAt: Date | null;
  eta: string | null;
  supplierReference: string | null;
  receivedAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  lines: PurchaseOrderLineRecord[];
};

const LINE_SELECT = {
  id: true, deficitWindowId: true, inventoryItemId: true, locationId: true, sku: true, title: true, quantity: true, customerUnits: true,
  bufferUnits: true, roundingUnits: true, unitCost: true, leadTimeDays: true, receivedQuantity: true, firstReceivedAt: true, live: true,
} as const;
const PO_SELECT = {
  id: true, number: true, supplierId: true, locationId: true, status: true, currency: true, origin: true, replacesId: true, evaluations: true,
  detectedAt: true, createdAt: true, submittedAt: true, confirmedAt: true, eta: true, supplierReference: true, receivedAt: true,
  cancelledAt: true, cancelReason: true, lines: { select: LINE_SELECT, orderBy: { id: "asc" as const } },
} as const;

type RawPo = Prisma.PurchaseOrderGetPayload<{ select: typeof PO_SELECT }>;
const toRecord = (p: RawPo): PurchaseOrderRecord => ({
  ...p,
  status: p.status as PurchaseOrderStatus,
  lines: p.lines.map((l) => ({ ...l, unitCost: Number(l.unitCost) })),
});

export async function findPurchaseOrder(shop: string, id: bigint, client: Client = prisma): Promise<PurchaseOrderRecord | null> {
  const p = await client.purchaseOrder.findFirst({ where: { shop, id }, select: PO_SELECT });
  return p ? toRecord(p) : null;
}

/** Locks the PO row for the rest of the transaction (status transitions). */
export async function lockPurchaseOrder(tx: Tx, shop: string, id: bigint): Promise<PurchaseOrderRecord | null> {
  const rows = await tx.$queryRaw<{ id: bigint }[]>`SELECT "id" FROM "PurchaseOrder" WHERE "shop" = ${shop} AND "id" = ${id} FOR UPDATE`;
  return rows.length ? findPurchaseOrder(shop, id, tx) : null;
}

export type PurchaseOrderFilter = { status?: PurchaseOrderStatus[]; supplierId?: string; sku?: string; take?: number; skip?: number };

export async function listPurchaseOrders(shop: string, f: PurchaseOrderFilter = {}, client: Client = prisma): Promise<PurchaseOrderRecord[]> {
  const rows = await client.purchaseOrder.findMany({
    where: {
      shop,
      ...(f.status ? { status: { in: f.status } } : {}),
      ...(f.supplierId ? { supplierId: f.supplierId } : {}),
      ...(f.sku ? { lines: { some: { sku: f.sku } } } : {}),
    },
    select: PO_SELECT,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    ...(f.take ? { take: f.take } : {}),
    ...(f.skip ? { skip: f.skip } : {}),
  });
  return rows.map(toRecord);
}

export async function updatePurchaseOrder(
  client: Client,
  shop: string,
  id: bigint,
  fromStatuses: readonly PurchaseOrderStatus[],
  data: Partial<Pick<PurchaseOrderRecord, "status" | "submittedAt" | "confirmedAt" | "eta" | "supplierReference" | "receivedAt" | "cancelledAt" | "cancelReason">> & { updatedAt: Date },
): Promise<boolean> {
  const { count } = await client.purchaseOrder.updateMany({ where: { shop, id, status: { in: [...fromStatuses] } }, data });
  return count === 1;
}

/** A person's edit of an escalated draft's line before approving it. */
export async function editDraftLine(
  tx: Tx,
  shop: string,
  lineId: bigint,
  v: { quantity: number; customerUnits: number; bufferUnits: number; roundingUnits: number; unitCost: number },
): Promise<void> {
  await tx.purchaseOrderLine.updateMany({ where: { shop, id: lineId }, data: v });
}

/** A cancelled PO's lines stop covering anything; their window may get a live PO from another supplier. */
export async function retireLines(tx: Tx, shop: string, purchaseOrderId: bigint): Promise<void> {
  await tx.purchaseOrderLine.updateMany({ where: { shop, purchaseOrderId }, data: { live: false } });
}

export async function recordReceipt(tx: Tx, shop: string, lineId: bigint, receivedQuantity: number, at: Date): Promise<void> {
  await tx.$executeRaw`
    UPDATE "PurchaseOrderLine" SET "receivedQuantity" = ${receivedQuantity}, "firstReceivedAt" = COALESCE("firstReceivedAt", ${at})
     WHERE "shop" = ${shop} AND "id" = ${lineId}`;
}

export async function recordSubmissionAttempt(client: Client, shop: string, a: { supplierId: string; purchaseOrderId: bigint; at: Date; outcome: string; reason: string | null }): Promise<void> {
  await client.supplierSubmissionAttempt.create({ data: { shop, ...a } });
}

export type LiveWindowLine = { id: bigint; deficitWindowId: bigint; customerUnits: number; purchaseOrderId: bigint };

/** The live PO lines of windows, oldest line first. */
export function liveLinesOfWindows(tx: Tx, shop: string, windowIds: bigint[]): Promise<LiveWindowLine[]> {
  if (windowIds.length === 0) return Promise.resolve([]);
  return tx.$queryRaw<LiveWindowLine[]>`
    SELECT l."id", l."deficitWindowId", l."customerUnits", l."purchaseOrderId"
      FROM "PurchaseOrderLine" l
     WHERE l."shop" = ${shop} AND l."live" AND l."deficitWindowId" = ANY(${windowIds}::bigint[])
     ORDER BY l."id"`;
}

const items = (ps: readonly StockPosition[]) => ps.map((p) => p[0]);
const locs = (ps: readonly StockPosition[]) => ps.map((p) => p[1]);

/** Replaces the coverage links of every backorder line at these positions. */
export async function replaceCoverage(tx: Tx, shop: string, positions: readonly StockPosition[], links: { backorderLineId: bigint; purchaseOrderLineId: bigint; units: number }[]): Promise<void> {
  if (positions.length === 0) return;
  await tx.$executeRaw`
    DELETE FROM "PurchaseOrderCoverage" c
     USING "BackorderLine" b
     WHERE c."backorderLineId" = b."id" AND b."shop" = ${shop} AND c."shop" = ${shop}
       AND (b."inventoryItemId", b."locationId") IN (SELECT * FROM unnest(${items(positions)}::bigint[], ${locs(positions)}::bigint[]))`;
  if (links.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "PurchaseOrderCoverage" ("shop", "backorderLineId", "purchaseOrderLineId", "units")
    SELECT ${shop}, x.b, x.p, x.u
      FROM unnest(${links.map((l) => l.backorderLineId)}::bigint[], ${links.map((l) => l.purchaseOrderLineId)}::bigint[], ${links.map((l) => l.units)}::int[]) AS x(b, p, u)`;
}

/** Coverage of backorder lines (for the queue and detail pages): which PO line covers how many units. */
export function coverageOfBackorderLines(shop: string, backorderLineIds: bigint[], client: Client = prisma) {
  return client.purchaseOrderCoverage.findMany({
    where: { shop, backorderLineId: { in: backorderLineIds } },
    select: { backorderLineId: true, units: true, purchaseOrderLine: { select: { sku: true, purchaseOrder: { select: { id: true, number: true, status: true, supplierId: true, eta: true } } } } },
  });
}

export type HistoryLine = {
  supplierId: string;
  status: PurchaseOrderStatus;
  submittedAt: Date;
  eta: string | null;
  leadTimeDays: number;
  quantity: number;
  receivedQuantity: number;
  firstReceivedAt: Date | null;
};

/** Lines of every PO the suppliers accepted: what fill and on-time rates are computed from. */
export function supplierLineHistory(shop: string, supplierIds: string[], client: Client = prisma): Promise<HistoryLine[]> {
  if (supplierIds.length === 0) return Promise.resolve([]);
  return client.$queryRaw<HistoryLine[]>`
    SELECT p."supplierId", p."status", p."submittedAt", p."eta", l."leadTimeDays", l."quantity", l."receivedQuantity", l."firstReceivedAt"
      FROM "PurchaseOrder" p JOIN "PurchaseOrderLine" l ON l."purchaseOrderId" = p."id"
     WHERE p."shop" = ${shop} AND p."supplierId" = ANY(${supplierIds}::text[]) AND p."submittedAt" IS NOT NULL`;
}

export function submissionOutcomes(shop: string, supplierIds: string[], client: Client = prisma): Promise<{ supplierId: string; ok: number; failed: number }[]> {
  if (supplierIds.length === 0) return Promise.resolve([]);
  return client.$queryRaw`
    SELECT "supplierId", count(*) FILTER (WHERE "outcome" = 'accepted')::int AS "ok", count(*) FILTER (WHERE "outcome" <> 'accepted')::int AS "failed"
      FROM "SupplierSubmissionAttempt" WHERE "shop" = ${shop} AND "supplierId" = ANY(${supplierIds}::text[])
     GROUP BY "supplierId"`;
}

/**
 * The unit cost on the last accepted PO line per (SKU, supplier): submitted, or approved by a
 * person from the escalation inbox (their decision counts before the draft has gone out).
 */
export async function lastUnitCosts(client: Client, shop: string, skus: string[]): Promise<Map<string, number>> {
  if (skus.length === 0) return new Map();
  const rows = await client.$queryRaw<{ sku: string; supplierId: string; unitCost: number }[]>`
    SELECT DISTINCT ON (l."sku", p."supplierId") l."sku", p."supplierId", l."unitCost"::float8 AS "unitCost"
      FROM "PurchaseOrderLine" l JOIN "PurchaseOrder" p ON p."id" = l."purchaseOrderId"
      LEFT JOIN "Escalation" e ON e."shop" = p."shop" AND e."purchaseOrderId" = p."id" AND e."status" = 'approved'
     WHERE p."shop" = ${shop} AND l."sku" = ANY(${skus}::text[]) AND l."live"
       AND (p."submittedAt" IS NOT NULL OR e."id" IS NOT NULL)
     ORDER BY l."sku", p."supplierId", COALESCE(p."submittedAt", e."resolvedAt") DESC, l."id" DESC`;
  return new Map(rows.map((r) => [JSON.stringify([r.sku, r.supplierId]), r.unitCost]));
}

/** Buffer and rounding units still on their way per position (live lines of POs not received yet). */
export async function surplusOnOrder(client: Client, shop: string, positions: readonly StockPosition[]): Promise<Map<string, number>> {
  if (positions.length === 0) return new Map();
  const rows = await client.$queryRaw<{ inventoryItemId: bigint; locationId: bigint; units: number }[]>`
    SELECT l."inventoryItemId", l."locationId", sum(l."bufferUnits" + l."roundingUnits")::int AS "units"
      FROM "PurchaseOrderLine" l JOIN "PurchaseOrder" p ON p."id" = l."purchaseOrderId"
     WHERE l."shop" = ${shop} AND l."live" AND p."status" IN ('draft', 'escalated', 'submitted', 'confirmed')
       AND (l."inventoryItemId", l."locationId") IN (SELECT * FROM unnest(${items(positions)}::bigint[], ${locs(positions)}::bigint[]))
     GROUP BY 1, 2`;
  return new Map(rows.map((r) => [`${r.inventoryItemId}:${r.locationId}`, r.units]));
}

/** The open PO of a supplier that includes a SKU, oldest first (scenario `poReceived`). */
export async function openPurchaseOrdersFor(shop: string, supplierId: string, sku: string, client: Client = prisma): Promise<bigint[]> {
  const rows = await client.purchaseOrder.findMany({
    where: { shop, supplierId, status: { in: ["submitted", "confirmed", "partially_received"] }, lines: { some: { sku, live: true } } },
    select: { id: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => r.id);
}

export function purchaseOrderEvents(shop: string, purchaseOrderId: bigint, client: Client = prisma) {
  return client.purchaseOrderEvent.findMany({ where: { shop, purchaseOrderId }, orderBy: [{ at: "asc" }, { id: "asc" }], select: { at: true, kind: true, detail: true } });
}
