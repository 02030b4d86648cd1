// Read models of promises for the admin pages and scenario results: plain, serialisable objects.
import { PROMISE_REASON_LABELS, type PromiseReason } from "../../domain/promises";
import { noticesOfShop, promiseHistoryOf, promisesOfLines, promisesOfShop, type LinePromiseView } from "../../models/promises.server";

export type PromiseRange = { version: number; at: string; earliest: string; latest: string; phase: string; reason: string; reasonLabel: string; change: string };

export type LinePromiseSummary = {
  backorderLineId: string;
  /** The line still waits under this promise. */
  open: boolean;
  closedReason: string | null;
  earliest: string | null;
  latest: string | null;
  phase: string;
  version: number;
  setAt: string;
};

export type PromiseHistoryEntry = PromiseRange;

const PHASE_LABELS: Record<string, string> = {
  awaiting_po: "Waiting for a purchase order",
  submitted: "Ordered from the supplier",
  confirmed: "Supplier confirmed a date",
  slipped: "Supplier moved the date",
  received: "Stock received",
  unknown: "No estimate (no supplier offer)",
};

export const phaseLabel = (phase: string) => PHASE_LABELS[phase] ?? phase;
export const reasonLabel = (reason: string) => PROMISE_REASON_LABELS[reason as PromiseReason] ?? reason;

function summary(p: LinePromiseView): LinePromiseSummary {
  return {
    backorderLineId: p.backorderLineId.toString(),
    open: p.status === "open",
    closedReason: p.closedReason,
    earliest: p.earliest,
    latest: p.latest,
    phase: p.phase,
    version: p.version,
    setAt: p.setAt.toISOString(),
  };
}

/** Current promises of these lines, by line id. */
export async function promisesByLine(shop: string, lineIds: bigint[]): Promise<Map<string, LinePromiseSummary>> {
  return new Map((await promisesOfLines(shop, lineIds)).map((p) => [p.backorderLineId.toString(), summary(p)]));
}

/** Every range given for one line, oldest first. */
export async function promiseHistory(shop: string, lineId: bigint): Promise<PromiseHistoryEntry[]> {
  return (await promiseHistoryOf(shop, [lineId])).map((h) => ({
    version: h.version,
    at: h.at.toISOString(),
    earliest: h.earliest,
    latest: h.latest,
    phase: h.phase,
    reason: h.reason,
    reasonLabel: reasonLabel(h.reason),
    change: h.change,
  }));
}

/** Notices of an order (the detail page shows what the customer was told). */
export async function noticesOfOrder(shop: string, orderId: bigint) {
  return (await noticesOfShop(shop, { orderIds: [orderId] })).map((n) => ({
    id: n.id.toString(),
    kind: n.kind,
    status: n.status,
    to: n.to,
    createdAt: n.createdAt.toISOString(),
    sentAt: n.sentAt?.toISOString() ?? null,
    lastError: n.lastError,
  }));
}

/** Everything about a shop's promises: each line's current promise and history, and every notice. */
export async function promiseReport(shop: string) {
  const promises = await promisesOfShop(shop);
  const history = await promiseHistoryOf(shop, promises.map((p) => p.backorderLineId));
  const notices = await noticesOfShop(shop);
  return {
    lines: promises.map((p) => ({
      ...summary(p),
      history: history
        .filter((h) => h.backorderLineId === p.backorderLineId)
        .map((h) => ({ version: h.version, at: h.at.toISOString(), earliest: h.earliest, latest: h.latest, phase: h.phase, reason: h.reason, change: h.change })),
    })),
    notices: notices.map((n) => ({ order: n.orderName, orderId: n.orderId.toString(), kind: n.kind, status: n.status, to: n.to, at: n.sentAt?.toISOString() ?? null, createdAt: n.createdAt.toISOString() })),
  };
}
