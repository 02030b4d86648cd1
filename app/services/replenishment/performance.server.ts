// Fill rate, on-time rate and API availability per supplier, computed from this app's own purchase
// orders and submission attempts; the typed-in values (supplier or offer) only seed them
// (app/domain/replenishment/supplier-performance).
import type { Tx } from "../../models/transaction.server";
import { submissionOutcomes, supplierLineHistory, type HistoryLine } from "../../models/replenishment/purchase-orders.server";
import type { SupplierRecord } from "../../models/replenishment/suppliers.server";
import {
  supplierPerformance,
  type PerformanceEstimate,
  type PerformanceHistory,
  type PerformanceSeed,
  type PurchaseOrderLineRecord,
} from "../../domain/replenishment/supplier-performance";
import { addDays, zonedDateReader, type LocalDate } from "../../domain/calendar/local-date";

export type SupplierHistory = PerformanceHistory & { asOf: string };

function safeReader(timezone: string | null, fallback: string): (d: Date) => LocalDate {
  try {
    return zonedDateReader(timezone ?? fallback);
  } catch {
    return zonedDateReader("UTC");
  }
}

function lineRecord(l: HistoryLine, day: (d: Date) => LocalDate): PurchaseOrderLineRecord {
  const due = l.eta ?? addDays(day(l.submittedAt), Math.ceil(l.leadTimeDays));
  return {
    orderedQty: l.quantity,
    receivedQty: l.receivedQuantity,
    dueDate: due,
    receivedDate: l.firstReceivedAt ? day(l.firstReceivedAt) : null,
    closed: l.status === "received" || l.status === "cancelled" || l.receivedQuantity >= l.quantity,
  };
}

/** Each supplier's record in this app, dated in its business calendar's zone. */
export async function supplierHistories(tx: Tx | undefined, shop: string, suppliers: SupplierRecord[], o: { at: Date; shopTimezone: string | null }): Promise<Map<string, SupplierHistory>> {
  const ids = suppliers.map((s) => s.id);
  const { lines, outcomes } = await readHistory(tx, shop, ids);
  const out = new Map<string, SupplierHistory>();
  for (const s of suppliers) {
    const day = safeReader(s.timezone, o.shopTimezone ?? "UTC");
    const mine = lines.filter((l) => l.supplierId === s.id);
    const counts = outcomes.find((x) => x.supplierId === s.id) ?? { ok: 0, failed: 0 };
    out.set(s.id, {
      lines: mine.map((l) => lineRecord(l, day)),
      submissions: [...Array.from({ length: counts.ok }, () => ({ ok: true })), ...Array.from({ length: counts.failed }, () => ({ ok: false }))],
      asOf: day(o.at),
    });
  }
  return out;
}

async function readHistory(tx: Tx | undefined, shop: string, ids: string[]) {
  return { lines: await supplierLineHistory(shop, ids, tx), outcomes: await submissionOutcomes(shop, ids, tx) };
}

export function estimatePerformance(history: SupplierHistory, seed: PerformanceSeed, priorWeight: number): PerformanceEstimate {
  return supplierPerformance({ seed, history, priorWeight, asOf: history.asOf });
}
