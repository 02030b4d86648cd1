// The window a backordered line is promised to ship in, in the shop's business days.
// The customer's promise is built FROM the supplier's word, never equal to it: a confirmed ETA
// is widened by how late this supplier has really been, a submitted PO by how long it has really
// taken, and the shop's own receiving, processing and the channel's transit come on top.
import type { BusinessDays } from "../calendar/business-calendar";
import { maxLocalDate, type LocalDate } from "../calendar/local-date";
import { learnLeadTime, learnSlip, LEARNING_DEFAULTS, type LeadTimeEstimate, type LearningTuning } from "./learn-lead-time";

export type PromiseWindow = { earliest: LocalDate; latest: LocalDate };

export type FulfilmentSettings = {
  /** Business days from a PO's receipt to stock that can be picked (counting, put-away). */
  receivingDays: number;
  /** Business days from pickable stock to a shipped parcel. */
  processingDays: number;
  /** The order channel's transit days, included in the window (0 when it ships direct). */
  transitDays: number;
};

/** Where the stock for the line stands. A slipped PO is a confirmed one whose ETA moved later. */
export type SupplyState =
  /**
   * No purchase order out yet: the best supplier offer's stated lead time, and the business days
   * within which the shop sends one (approval, ordering rhythm; default 0: today).
   */
  | { phase: "awaiting_po"; statedLeadDays: number; orderWithinDays?: number }
  | { phase: "submitted"; submittedOn: LocalDate; statedLeadDays: number }
  | {
      phase: "confirmed";
      statedLeadDays: number;
      supplierEta: LocalDate;
      firstEta?: LocalDate;
      /** Business days ahead the first ETA looked when the supplier gave it (its horizon). */
      firstEtaHorizonDays?: number;
    }
  | { phase: "received"; receivedOn: LocalDate };

export type SupplyHistory = {
  /** Submit-to-receipt business days of this supplier's POs for this SKU. */
  skuLeadDays: readonly number[];
  /** The same for all of this supplier's POs (this SKU's included), with the lead time stated for each. */
  supplierLeadDays: readonly { actualDays: number; statedDays: number }[];
  /**
   * This supplier's receipts against the first ETA it confirmed for each PO, in business days
   * (negative: early): the lateness a promise made on a confirmed ETA has to absorb.
   */
  slipDays: readonly number[];
  /**
   * For each of `slipDays`, the business days ahead its first ETA looked when given. With them, an
   * ETA's lateness is learned at its own horizon: a date three weeks out errs more than one three
   * days out, so each past slip is scaled to this ETA's horizon before the quantiles are taken.
   */
  slipHorizonDays?: readonly number[];
};

export type PromiseInput = {
  calendar: BusinessDays;
  now: Date;
  supply: SupplyState;
  history: SupplyHistory;
  settings: FulfilmentSettings;
  tuning?: {
    leadTime?: LearningTuning;
    slip?: LearningTuning;
    /** The offset of `slipSamples`' horizon scaling (default HORIZON_OFFSET_DAYS); null: no scaling. */
    horizonOffsetDays?: number | null;
  };
};

export type PromisePhase = "awaiting_po" | "submitted" | "confirmed" | "slipped" | "received";
export type HistoryScope = "sku" | "supplier" | "none";

export type PromiseBasis = {
  phase: PromisePhase;
  /** The shop's day when the promise was made. */
  today: LocalDate;
  /** When the stock is expected in. */
  receipt: PromiseWindow;
  /** The learned submit-to-receipt time (awaiting_po, submitted) and the history it came from. */
  leadTime: (LeadTimeEstimate & { scope: HistoryScope }) | null;
  /** Business days a submitted PO has already been out. */
  elapsedDays: number | null;
  /** The supplier's ETA (confirmed, slipped) and its first one. */
  supplierEta: LocalDate | null;
  firstEta: LocalDate | null;
  /** The learned lateness against ETAs (confirmed, slipped). */
  slip: LeadTimeEstimate | null;
  /** Business days from receipt to the end of the window: receiving (from the receipt, done by today at the latest once received), processing, transit. */
  receivingDays: number;
  processingDays: number;
  transitDays: number;
};

export type CustomerPromise = PromiseWindow & { basis: PromiseBasis };

type ReceiptEstimate = Pick<PromiseBasis, "receipt" | "leadTime" | "elapsedDays" | "supplierEta" | "firstEta" | "slip"> & {
  phase: PromisePhase;
  /** Received: the day the stock can be picked (receiving counted from the receipt). */
  pickable?: LocalDate;
};

/** Tuned on bench/promise-bench.ts (2, 5 and 10 within a tenth of a point of each other). */
export const HORIZON_OFFSET_DAYS = 5;

const NO_EXTRAS = { leadTime: null, elapsedDays: null, supplierEta: null, firstEta: null, slip: null } as const;

function checkDays(name: string, value: number) {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number >= 0, got ${value}`);
}

/**
 * The lead-time samples to learn from: this SKU's when it has enough, else the supplier's for
 * every SKU, each re-based on this SKU's stated lead time (a PO 3 days over its stated time
 * counts as 3 days over ours).
 */
export function leadTimeSamples(
  history: SupplyHistory,
  statedDays: number,
  minSamples: number
): { samples: number[]; scope: HistoryScope } {
  const sku = [...history.skuLeadDays];
  if (sku.length >= minSamples || sku.length >= history.supplierLeadDays.length) {
    return { samples: sku, scope: sku.length ? "sku" : "none" };
  }
  const samples = history.supplierLeadDays.map((o) => Math.max(0, statedDays + o.actualDays - o.statedDays));
  return { samples, scope: "supplier" };
}

function windowFrom(calendar: BusinessDays, from: LocalDate, low: number, high: number): PromiseWindow {
  return { earliest: calendar.addBusinessDays(from, low), latest: calendar.addBusinessDays(from, high) };
}

type Phase<P extends SupplyState["phase"]> = { input: PromiseInput; supply: Extract<SupplyState, { phase: P }>; today: LocalDate };

function learnedLeadTime(input: PromiseInput, statedDays: number, atLeast?: number) {
  const tuning = input.tuning?.leadTime ?? {};
  const { samples, scope } = leadTimeSamples(input.history, statedDays, tuning.minSamples ?? LEARNING_DEFAULTS.minSamples);
  return { ...learnLeadTime({ samples, statedDays, atLeast, ...tuning }), scope };
}

/** No PO yet: the learned lead time counted from today, the PO going out within `orderWithinDays`. */
function awaitingPo({ input, supply, today }: Phase<"awaiting_po">): ReceiptEstimate {
  const orderWithin = supply.orderWithinDays ?? 0;
  checkDays("statedLeadDays", supply.statedLeadDays);
  checkDays("orderWithinDays", orderWithin);
  const lead = learnedLeadTime(input, supply.statedLeadDays);
  return {
    ...NO_EXTRAS,
    phase: "awaiting_po",
    receipt: windowFrom(input.calendar, today, lead.low, orderWithin + lead.high),
    leadTime: lead,
  };
}

/** PO out, no ETA: the learned lead time from the submission, ruling out what has already passed. */
function submitted({ input, supply, today }: Phase<"submitted">): ReceiptEstimate {
  checkDays("statedLeadDays", supply.statedLeadDays);
  const lead = learnedLeadTime(input, supply.statedLeadDays);
  const elapsed = Math.max(0, input.calendar.businessDaysBetween(supply.submittedOn, today));
  const pending = learnedLeadTime(input, supply.statedLeadDays, elapsed);
  const low = Math.max(lead.low, pending.low);
  const high = Math.max(low, lead.high, pending.high);
  return {
    ...NO_EXTRAS,
    phase: "submitted",
    receipt: windowFrom(input.calendar, supply.submittedOn, low, high),
    leadTime: lead,
    elapsedDays: elapsed,
  };
}

/**
 * Past slips as they would have been at this ETA's horizon: each scaled by (H + c) / (h + c), H this
 * ETA's horizon, h the one the slip was measured at, c `horizonOffsetDays` (the part of an ETA's
 * error that does not grow with the horizon). Null when the horizons are not known.
 */
export function slipSamples(history: SupplyHistory, horizon: number | undefined, offset: number): number[] | null {
  const h = history.slipHorizonDays;
  if (horizon === undefined || !h || h.length !== history.slipDays.length) return null;
  return history.slipDays.map((s, i) => (s * (Math.max(0, horizon) + offset)) / (Math.max(0, h[i]) + offset));
}

/** ETA confirmed (or revised later: slipped): the ETA widened by the supplier's lateness. */
function confirmed({ input, supply, today }: Phase<"confirmed">): ReceiptEstimate {
  checkDays("statedLeadDays", supply.statedLeadDays);
  const tuning = input.tuning?.slip ?? {};
  const etaIn = input.calendar.businessDaysBetween(today, supply.supplierEta); // negative once overdue
  const slipped = supply.firstEta !== undefined && supply.supplierEta > supply.firstEta;
  // Not in yet, so it arrives today at the earliest; after a slip, no earlier than the new ETA.
  const atLeast = slipped ? Math.max(0, -etaIn) : -etaIn;
  const priorHighDays = Math.max(1, Math.ceil(supply.statedLeadDays * (tuning.priorSpread ?? LEARNING_DEFAULTS.priorSpread)));
  // How late: the supplier's lateness as recorded (disruptions do not grow with the horizon). How
  // early: also as it would have been at this ETA's horizon — an ETA given further ahead than usual
  // may come earlier than usual (never narrower than recorded).
  const recorded = learnSlip({ samples: input.history.slipDays, priorHighDays, atLeast, ...tuning });
  const offset = input.tuning?.horizonOffsetDays === undefined ? HORIZON_OFFSET_DAYS : input.tuning.horizonOffsetDays;
  const scaled = offset === null ? null : slipSamples(input.history, supply.firstEtaHorizonDays, offset);
  const slip = scaled ? { ...recorded, low: Math.min(recorded.low, learnSlip({ samples: scaled, priorHighDays, atLeast, ...tuning }).low) } : recorded;
  // A freshly revised ETA opens the window: it is the supplier's latest knowledge, while the
  // lateness history (against first ETAs) only says how much later it can still get.
  const low = Math.max(0, etaIn + (slipped ? 0 : slip.low));
  return {
    ...NO_EXTRAS,
    phase: slipped ? "slipped" : "confirmed",
    receipt: windowFrom(input.calendar, today, low, Math.max(low, etaIn + slip.high)),
    supplierEta: supply.supplierEta,
    firstEta: supply.firstEta ?? supply.supplierEta,
    slip,
  };
}

/**
 * Stock in at the dock: nothing left to wait for but the shop's own work. Receiving (counting,
 * put-away) runs from the receipt, so it is done by now when the receipt is far enough back.
 */
function received({ input, supply, today }: Phase<"received">): ReceiptEstimate {
  const pickable = maxLocalDate(input.calendar.addBusinessDays(supply.receivedOn, input.settings.receivingDays), today);
  return { ...NO_EXTRAS, phase: "received", receipt: { earliest: supply.receivedOn, latest: supply.receivedOn }, pickable };
}

function estimateReceipt(input: PromiseInput, today: LocalDate): ReceiptEstimate {
  const { supply } = input;
  switch (supply.phase) {
    case "awaiting_po":
      return awaitingPo({ input, supply, today });
    case "submitted":
      return submitted({ input, supply, today });
    case "confirmed":
      return confirmed({ input, supply, today });
    case "received":
      return received({ input, supply, today });
  }
}

/**
 * The window to promise a backordered line: when its stock is expected in, plus receiving,
 * processing and transit, all in business days of the shop's calendar. It never starts before
 * the learned lead time's low end + receiving + processing from the PO's start (today when no PO
 * exists yet), nor before today + the fulfilment days still ahead.
 */
export function computePromise(input: PromiseInput): CustomerPromise {
  const { calendar, settings } = input;
  checkDays("receivingDays", settings.receivingDays);
  checkDays("processingDays", settings.processingDays);
  checkDays("transitDays", settings.transitDays);
  const today = calendar.localDate(input.now);
  const { phase, receipt, pickable, ...parts } = estimateReceipt(input, today);
  const receivingDays = settings.receivingDays;
  const basis: PromiseBasis = { phase, today, receipt, ...parts, receivingDays, processingDays: settings.processingDays, transitDays: settings.transitDays };
  if (pickable) {
    const day = calendar.addBusinessDays(pickable, settings.processingDays + settings.transitDays);
    return { earliest: day, latest: day, basis };
  }
  const after = receivingDays + settings.processingDays + settings.transitDays;
  return {
    earliest: calendar.addBusinessDays(receipt.earliest, after),
    latest: calendar.addBusinessDays(receipt.latest, after),
    basis,
  };
}
