// Re-evaluates one (inventory item, location) position: the locked, transactional step that turns
// the inventory mirror and known orders into backorder lines with an audit trail.
import prisma from "../db.server";
import { now } from "../clock.server";
import type { Prisma } from "@prisma/client";
import { detectBackorders, type BackorderChange, type DetectionCause, type DemandLine } from "../domain/detection";
import {
  appendBackorderEvent,
  createBackorderLine,
  lockStockPositions,
  positionBackorders,
  positionDemand,
  positionHead,
  updateBackorderLine,
  type StockPosition,
} from "../models/backorders.server";

export type EvaluationSummary = {
  evaluated: boolean;
  reason?: string;
  deficit: number;
  unattributed: number;
  changes: BackorderChange["kind"][];
};

type Tx = Prisma.TransactionClient;

const notEvaluated = (reason: string): EvaluationSummary => ({ evaluated: false, reason, deficit: 0, unattributed: 0, changes: [] });

/**
 * Runs `work` in one transaction holding the locks of the given positions: a processor writes the
 * mirror (order lines, a level) and re-evaluates the positions it touched atomically, so a crash
 * or retry never leaves the mirror changed and the backorders not re-evaluated.
 */
export function withStockPositions<T>(shop: string, positions: readonly StockPosition[], work: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      await lockStockPositions(tx, shop, positions);
      return work(tx);
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

/** The locked re-evaluation of one position, in its own transaction (sync, reconciliation). */
export function evaluateStockPosition(
  shop: string,
  inventoryItemId: bigint,
  locationId: bigint,
  cause: DetectionCause,
  source: string,
  at: Date = now(),
): Promise<EvaluationSummary> {
  return withStockPositions(shop, [[inventoryItemId, locationId]], (tx) =>
    evaluateLockedPosition(tx, shop, inventoryItemId, locationId, cause, source, at),
  );
}

/** Re-evaluates a position whose lock the transaction already holds (see withStockPositions). */
export async function evaluateLockedPosition(
  tx: Tx,
  shop: string,
  inventoryItemId: bigint,
  locationId: bigint,
  cause: DetectionCause,
  source: string,
  at: Date = now(),
): Promise<EvaluationSummary> {
  const head = await positionHead(tx, shop, inventoryItemId, locationId);
  if (!head) return notEvaluated("no inventory level known for this position");
  if (head.tracked === false) return notEvaluated("inventory not tracked");
  // Nothing short and nothing backordered: detection cannot change anything, so the position's
  // demand is not loaded (the common case for every order on a SKU that is in stock).
  if (head.available >= 0 && !head.hasOpenBackorders) return { evaluated: true, deficit: 0, unattributed: 0, changes: [] };

  const current = await positionBackorders(tx, shop, inventoryItemId, locationId);
  const lines = await positionDemand(tx, shop, inventoryItemId, locationId);
  const demand: DemandLine[] = lines.map((l) => ({
    lineItemId: l.id.toString(),
    orderId: l.orderId.toString(),
    orderName: l.orderName,
    orderCreatedAt: l.orderCreatedAt,
    channel: l.channel,
    openQuantity: l.openQuantity,
    cancelled: l.cancelledAt !== null,
  }));
  const result = detectBackorders({
    available: head.available,
    inventoryPolicy: head.inventoryPolicy === "CONTINUE" ? "CONTINUE" : "DENY",
    lines: demand,
    current: current.map((c) => ({
      lineItemId: c.lineItemId.toString(),
      quantityBackordered: c.quantityBackordered,
      status: c.status as "backordered" | "resolved" | "cancelled",
    })),
    cause,
  });

  const lineById = new Map(lines.map((l) => [l.id.toString(), l]));
  const currentById = new Map(current.map((c) => [c.lineItemId.toString(), c]));
  for (const change of result.changes) {
    const stored = currentById.get(change.lineItemId);
    if (change.kind === "detected") {
      const l = lineById.get(change.lineItemId)!;
      const created = await createBackorderLine(tx, {
        shop,
        orderId: l.orderId,
        orderName: l.orderName,
        orderCreatedAt: l.orderCreatedAt,
        lineItemId: l.id,
        variantId: l.variantId,
        inventoryItemId,
        sku: l.sku ?? head.sku ?? null,
        title: l.title,
        locationId,
        channel: l.channel,
        quantityOrdered: l.quantity,
        quantityBackordered: change.quantity,
        status: "backordered",
        reasonCode: change.reasonCode,
        detectedAt: at,
        customerId: l.customerId,
        customerEmail: l.email,
        customerName: l.customerName,
      });
      await appendBackorderEvent(tx, {
        shop, backorderLineId: created.id, at, kind: "detected", toStatus: "backordered",
        toQuantity: change.quantity, reasonCode: change.reasonCode, source,
        detail: { available: head.available, deficit: result.deficit },
      });
      continue;
    }
    if (!stored) continue;
    const base = { shop, backorderLineId: stored.id, at, reasonCode: change.reasonCode, source, fromStatus: stored.status };
    if (change.kind === "quantity_changed") {
      await updateBackorderLine(tx, shop, stored.id, { quantityBackordered: change.to });
      await appendBackorderEvent(tx, { ...base, kind: "quantity_changed", toStatus: stored.status, fromQuantity: change.from, toQuantity: change.to });
    } else if (change.kind === "reopened") {
      await updateBackorderLine(tx, shop, stored.id, { status: "backordered", quantityBackordered: change.quantity, resolvedAt: null, reasonCode: change.reasonCode });
      await appendBackorderEvent(tx, { ...base, kind: "reopened", toStatus: "backordered", fromQuantity: stored.quantityBackordered, toQuantity: change.quantity });
    } else {
      const status = change.kind === "cancelled" ? "cancelled" : "resolved";
      await updateBackorderLine(tx, shop, stored.id, { status, resolvedAt: at });
      await appendBackorderEvent(tx, { ...base, kind: change.kind, toStatus: status, fromQuantity: change.from, toQuantity: 0 });
    }
  }
  return { evaluated: true, deficit: result.deficit, unattributed: result.unattributed, changes: result.changes.map((c) => c.kind) };
}
