// The escalation inbox: plans a person must look at, each with its pre-filled draft PO.
import type { Prisma } from "@prisma/client";
import prisma from "../../db.server";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

export type EscalationStatus = "open" | "approved" | "dismissed";

export type NewEscalation = {
  code: string;
  reasons: Prisma.InputJsonValue;
  message: string;
  sku: string | null;
  supplierId: string | null;
  units: number;
  purchaseOrderId: bigint | null;
  deficitWindowId: bigint | null;
  createdAt: Date;
};

export type EscalationRecord = {
  id: bigint;
  status: EscalationStatus;
  code: string;
  reasons: unknown;
  message: string;
  sku: string | null;
  supplierId: string | null;
  units: number;
  purchaseOrderId: bigint | null;
  deficitWindowId: bigint | null;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
};

const SELECT = {
  id: true, status: true, code: true, reasons: true, message: true, sku: true, supplierId: true, units: true, purchaseOrderId: true,
  deficitWindowId: true, createdAt: true, resolvedAt: true, resolvedBy: true,
} as const;

export async function insertEscalation(tx: Tx, shop: string, e: NewEscalation): Promise<bigint> {
  const row = await tx.escalation.create({ data: { shop, status: "open", ...e }, select: { id: true } });
  return row.id;
}

export async function findEscalation(client: Client | undefined, shop: string, id: bigint): Promise<EscalationRecord | null> {
  const row = await (client ?? prisma).escalation.findFirst({ where: { shop, id }, select: SELECT });
  return row ? { ...row, status: row.status as EscalationStatus } : null;
}

export async function listEscalations(shop: string, o: { status?: EscalationStatus[]; take?: number } = {}, client: Client = prisma): Promise<EscalationRecord[]> {
  const rows = await client.escalation.findMany({
    where: { shop, ...(o.status ? { status: { in: o.status } } : {}) },
    select: SELECT,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    ...(o.take ? { take: o.take } : {}),
  });
  return rows.map((r) => ({ ...r, status: r.status as EscalationStatus }));
}

/** open -> approved | dismissed, once: false when it was not open (anymore). */
export async function resolveEscalation(tx: Tx, shop: string, id: bigint, status: "approved" | "dismissed", at: Date, by: string | null): Promise<boolean> {
  const { count } = await tx.escalation.updateMany({ where: { shop, id, status: "open" }, data: { status, resolvedAt: at, resolvedBy: by } });
  return count === 1;
}

export async function escalationOfPurchaseOrder(shop: string, purchaseOrderId: bigint, client: Client = prisma): Promise<EscalationRecord | null> {
  const row = await client.escalation.findFirst({ where: { shop, purchaseOrderId }, select: SELECT });
  return row ? { ...row, status: row.status as EscalationStatus } : null;
}

/**
 * Positions (item x location) a person is already deciding about: an open escalation's draft lines
 * or window. The closing run holds further deficits of these positions until the decision, so one
 * shortage does not pile up one escalated draft per window.
 */
export async function positionsUnderOpenEscalation(tx: Tx, shop: string): Promise<Set<string>> {
  const rows = await tx.$queryRaw<{ inventoryItemId: bigint; locationId: bigint }[]>`
    SELECT l."inventoryItemId", l."locationId"
      FROM "Escalation" e JOIN "PurchaseOrderLine" l ON l."shop" = e."shop" AND l."purchaseOrderId" = e."purchaseOrderId"
     WHERE e."shop" = ${shop} AND e."status" = 'open'
    UNION
    SELECT w."inventoryItemId", w."locationId"
      FROM "Escalation" e JOIN "DeficitWindow" w ON w."shop" = e."shop" AND w."id" = e."deficitWindowId"
     WHERE e."shop" = ${shop} AND e."status" = 'open'`;
  return new Set(rows.map((r) => `${r.inventoryItemId}:${r.locationId}`));
}
