// Re-evaluates one (inventory item, location) position: the locked, transactional step that turns
// the inventory mirror and known orders into backorder lines with an audit trail.
import prisma from "../db.server";
import { now } from "../clock.server";
import { detectBackorders, type BackorderChange, type DetectionCause, type DemandLine } from "../domain/detection";
import {
  appendBackorderEvent,
  createBackorderLine,
  positionBackorders,
  positionDemand,
  updateBackorderLine,
} from "../models/backorders.server";
import { findItem, findLevel } from "../models/inventory.server";

export type EvaluationSummary = {
  evaluated: boolean;
  reason?: string;
  deficit: number;
  unattributed: number;
  changes: BackorderChange["kind"][];
};

export async function evaluateStockPosition(
  shop: string,
  inventoryItemId: bigint,
  locationId: bigint,
  cause: DetectionCause,
  source: string,
  at: Date = now(),
): Promise<EvaluationSummary> {
  return prisma.$transaction(
    async (tx) => {
      // Serialises evaluations of one position across workers and processes (released at commit).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${shop}), hashtext(${`${inventoryItemId}:${locationId}`}))`;
      const level = await findLevel(tx, shop, inventoryItemId, locationId);
      if (!level) return { evaluated: false, reason: "no inventory level known for this position", deficit: 0, unattributed: 0, changes: [] };
      const item = await findItem(tx, shop, inventoryItemId);
      if (item && !item.tracked) return { evaluated: false, reason: "inventory not tracked", deficit: 0, unattributed: 0, changes: [] };

      const current = await positionBackorders(tx, shop, inventoryItemId, locationId);
      const lines = await positionDemand(tx, shop, inventoryItemId, locationId, current.map((c) => c.lineItemId));
      const demand: DemandLine[] = lines.map((l) => ({
        lineItemId: l.id.toString(),
        orderId: l.orderId.toString(),
        orderName: l.order.name,
        orderCreatedAt: l.order.createdAt,
        channel: l.order.channel,
        openQuantity: l.openQuantity,
        cancelled: l.order.cancelledAt !== null,
      }));
      const result = detectBackorders({
        available: level.available,
        inventoryPolicy: item?.inventoryPolicy === "CONTINUE" ? "CONTINUE" : "DENY",
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
            orderName: l.order.name,
            orderCreatedAt: l.order.createdAt,
            lineItemId: l.id,
            variantId: l.variantId,
            inventoryItemId,
            sku: l.sku ?? item?.sku ?? null,
            title: l.title,
            locationId,
            channel: l.order.channel,
            quantityOrdered: l.quantity,
            quantityBackordered: change.quantity,
            status: "backordered",
            reasonCode: change.reasonCode,
            detectedAt: at,
            customerId: l.order.customerId,
            customerEmail: l.order.email,
            customerName: l.order.customerName,
          });
          await appendBackorderEvent(tx, {
            shop, backorderLineId: created.id, at, kind: "detected", toStatus: "backordered",
            toQuantity: change.quantity, reasonCode: change.reasonCode, source,
            detail: { available: level.available, deficit: result.deficit },
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
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}
