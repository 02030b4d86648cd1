// One backorder line's promise from what covers it: the purchase order lines linked to it (each in
// its own phase), and for units nothing covers yet, the supplier offer the shop would order from.
// Pure: the service reads the rows, this decides. A line ships when its LAST unit is in, so the
// parts combine to the latest window (the latest start and the latest end).
import type { BusinessDays } from "../calendar/business-calendar";
import type { LocalDate } from "../calendar/local-date";
import { computePromise, type CustomerPromise, type FulfilmentSettings, type PromisePhase, type PromiseWindow, type SupplyHistory, type SupplyState } from "./compute-promise";
import type { LearningTuning } from "./learn-lead-time";
import { promiseChange, type PromiseChange } from "./promise-change";

/** A purchase order line covering (some of) a backorder line's units, as the app records it. */
export type CoveringOrder = {
  /** draft | escalated | submitted | confirmed | partially_received | received | cancelled */
  status: string;
  /** The shop's day the PO went out (submittedAt), null before. */
  submittedOn: LocalDate | null;
  /** The supplier's current ETA and the first one it gave for this PO. */
  eta: LocalDate | null;
  firstEta: LocalDate | null;
  /** The business days ahead the first ETA looked when the supplier gave it. */
  firstEtaHorizonDays?: number;
  /** The lead time stated on the PO line (days; whole business days are used, rounded up). */
  statedLeadDays: number;
  /** The shop's day the PO line's units came in, when they did (all the customer units it carries). */
  receivedOn: LocalDate | null;
};

export type SupplierOfferChoice = { supplierId: string; leadTimeDays: number; active: boolean };

const wholeDays = (d: number) => Math.max(0, Math.ceil(d - 1e-9));

/**
 * What a covering PO line says about when its stock comes in; null when it brings nothing
 * (cancelled). An escalated draft waits for a person: it may take `approvalDays` to go out.
 */
export function supplyForOrder(po: CoveringOrder, o: { approvalDays: number }): SupplyState | null {
  const statedLeadDays = wholeDays(po.statedLeadDays);
  if (po.status === "cancelled") return null;
  if (po.receivedOn) return { phase: "received", receivedOn: po.receivedOn };
  if (po.status === "draft") return { phase: "awaiting_po", statedLeadDays, orderWithinDays: 0 };
  if (po.status === "escalated") return { phase: "awaiting_po", statedLeadDays, orderWithinDays: o.approvalDays };
  if (po.eta) {
    return {
      phase: "confirmed",
      statedLeadDays,
      supplierEta: po.eta,
      firstEta: po.firstEta ?? po.eta,
      ...(po.firstEtaHorizonDays !== undefined ? { firstEtaHorizonDays: po.firstEtaHorizonDays } : {}),
    };
  }
  if (po.submittedOn) return { phase: "submitted", submittedOn: po.submittedOn, statedLeadDays };
  return { phase: "awaiting_po", statedLeadDays, orderWithinDays: 0 };
}

/**
 * The offer units nothing covers yet would be ordered from. The planner only orders inside the
 * channel's promise window when an active offer fits it, and which of those it picks depends on
 * scores this code does not see: so the slowest of them (conservative when uncertain). With none
 * inside the window a person decides: the slowest active offer. Null without any active offer.
 */
export function offerForUncovered(offers: readonly SupplierOfferChoice[], promiseWindowDays: number | null): SupplierOfferChoice | null {
  const active = offers.filter((o) => o.active);
  if (active.length === 0) return null;
  const fitting = promiseWindowDays === null ? [] : active.filter((o) => o.leadTimeDays <= promiseWindowDays);
  const pool = fitting.length ? fitting : active;
  return pool.reduce((a, b) => (b.leadTimeDays > a.leadTimeDays || (b.leadTimeDays === a.leadTimeDays && b.supplierId < a.supplierId) ? b : a));
}

/** A past PO line that came in: what lead times and lateness are learned from. */
export type ReceiptRecord = {
  supplierId: string;
  sku: string;
  submittedOn: LocalDate;
  receivedOn: LocalDate;
  statedLeadDays: number;
  /** The first ETA the supplier confirmed for the PO, if any, and the day it was given. */
  firstEta: LocalDate | null;
  firstEtaGivenOn?: LocalDate | null;
};

export const HISTORY_LIMITS = { sku: 30, supplier: 60, slips: 60 };

/**
 * The supplier's (and this SKU's) history in business days of the shop's calendar, the most recent
 * receipts first kept (rolling: old behaviour ages out).
 */
export function supplyHistoryFor(records: readonly ReceiptRecord[], calendar: BusinessDays, supplierId: string, sku: string | null): SupplyHistory {
  const mine = records.filter((r) => r.supplierId === supplierId).sort((a, b) => (a.receivedOn < b.receivedOn ? 1 : a.receivedOn > b.receivedOn ? -1 : 0));
  const lead = (r: ReceiptRecord) => calendar.businessDaysBetween(r.submittedOn, r.receivedOn);
  const slips = mine.filter((r) => r.firstEta !== null).slice(0, HISTORY_LIMITS.slips);
  const horizons = slips.every((r) => r.firstEtaGivenOn) ? slips.map((r) => calendar.businessDaysBetween(r.firstEtaGivenOn!, r.firstEta!)).reverse() : null;
  return {
    skuLeadDays: mine.filter((r) => r.sku === sku).slice(0, HISTORY_LIMITS.sku).map(lead).reverse(),
    supplierLeadDays: mine.slice(0, HISTORY_LIMITS.supplier).map((r) => ({ actualDays: lead(r), statedDays: wholeDays(r.statedLeadDays) })).reverse(),
    slipDays: slips.map((r) => calendar.businessDaysBetween(r.firstEta!, r.receivedOn)).reverse(),
    ...(horizons ? { slipHorizonDays: horizons } : {}),
  };
}

export type PromisePart = { units: number; supply: SupplyState; history: SupplyHistory; supplierId: string | null };

export type LinePromiseInput = {
  calendar: BusinessDays;
  now: Date;
  settings: FulfilmentSettings;
  tuning?: { leadTime?: LearningTuning; slip?: LearningTuning };
  parts: readonly PromisePart[];
};

export type LinePromiseResult = CustomerPromise & {
  /** The part that decides the end of the window (the line waits for it). */
  limitingSupplier: string | null;
  parts: number;
};

/** The line's window: every part computed, the latest start and the latest end. Null without parts. */
export function linePromise(input: LinePromiseInput): LinePromiseResult | null {
  let result = null as LinePromiseResult | null;
  for (const part of input.parts) {
    if (part.units <= 0) continue;
    const p = computePromise({ calendar: input.calendar, now: input.now, supply: part.supply, history: part.history, settings: input.settings, tuning: input.tuning });
    if (!result) {
      result = { ...p, limitingSupplier: part.supplierId, parts: 1 };
      continue;
    }
    const limiting: boolean = p.latest > result.latest || (p.latest === result.latest && p.earliest > result.earliest);
    result = {
      earliest: p.earliest > result.earliest ? p.earliest : result.earliest,
      latest: p.latest > result.latest ? p.latest : result.latest,
      basis: limiting ? p.basis : result.basis,
      limitingSupplier: limiting ? part.supplierId : result.limitingSupplier,
      parts: result.parts + 1,
    };
  }
  return result;
}

/** Why a line's promise moved, for its history (what the merchant reads on the detail page). */
export type PromiseReason =
  | "detected"
  | "reopened"
  | "po_pending"
  | "po_submitted"
  | "po_confirmed"
  | "eta_slipped"
  | "eta_changed"
  | "po_received"
  | "settings_changed"
  | "time_passed"
  | "recomputed";

export const PROMISE_REASON_LABELS: Record<PromiseReason, string> = {
  detected: "Backordered: first promise",
  reopened: "Backordered again",
  po_pending: "Waiting for a purchase order",
  po_submitted: "Purchase order sent to the supplier",
  po_confirmed: "Supplier confirmed a delivery date",
  eta_slipped: "Supplier moved the delivery date later",
  eta_changed: "Supplier changed the delivery date",
  po_received: "Stock received from the supplier",
  settings_changed: "Promise settings changed",
  time_passed: "Overdue: no news from the supplier",
  recomputed: "Recomputed",
};

export type PromiseSnapshot = { window: PromiseWindow | null; phase: PromisePhase | "unknown"; supplierEta: LocalDate | null; open: boolean };

/** Why the promise moved from `previous` (null: the line never had one) to `next`. */
export function promiseReason(previous: PromiseSnapshot | null, next: PromiseSnapshot, o: { settingsChanged: boolean; dayChanged: boolean }): PromiseReason {
  if (!previous || !previous.window) return "detected";
  if (!previous.open) return "reopened";
  if (next.phase !== previous.phase) {
    switch (next.phase) {
      case "submitted":
        return "po_submitted";
      case "confirmed":
        return "po_confirmed";
      case "slipped":
        return "eta_slipped";
      case "received":
        return "po_received";
      default:
        return "po_pending";
    }
  }
  if (next.supplierEta !== previous.supplierEta) {
    return next.supplierEta !== null && previous.supplierEta !== null && next.supplierEta > previous.supplierEta ? "eta_slipped" : "eta_changed";
  }
  if (o.settingsChanged) return "settings_changed";
  if (o.dayChanged) return "time_passed";
  return "recomputed";
}

/** How the window changed: "set" for the first one. */
export function windowChange(previous: PromiseWindow | null, next: PromiseWindow): PromiseChange | "set" {
  return previous ? promiseChange(previous, next) : "set";
}

/**
 * The day by which the customer hears again at the latest: the business day after the earliest
 * end among their waiting items. By then each has shipped (shipped note) or has been re-promised
 * (a window ending in the past is always recomputed later: a slip notice).
 */
export function nextUpdateBy(calendar: BusinessDays, windows: readonly PromiseWindow[]): LocalDate {
  if (windows.length === 0) throw new RangeError("nextUpdateBy needs at least one window");
  const first = windows.reduce((m, w) => (w.latest < m ? w.latest : m), windows[0].latest);
  return calendar.addBusinessDays(first, 1);
}

/** What ended a line's wait, from how detection closed it and what the order says now. */
export type ClosedReason = "shipped" | "in_stock" | "cancelled" | "removed" | "closed_by_staff";

export function closedReason(close: {
  status: string;
  /** The reason code of the event that closed the line (resolved / cancelled). */
  reasonCode: string | null;
  orderCancelled: boolean;
  /** Units the order line still has (not refunded or removed), null when unknown. */
  currentQuantity: number | null;
  openQuantity: number | null;
}): ClosedReason {
  if (close.status === "cancelled" || close.orderCancelled) return "cancelled";
  if (close.status === "closed") return "closed_by_staff";
  if (close.reasonCode === "line_removed_or_fulfilled") {
    const fulfilled = close.currentQuantity !== null && close.currentQuantity > 0 && close.openQuantity === 0;
    return fulfilled ? "shipped" : "removed";
  }
  return "in_stock";
}
