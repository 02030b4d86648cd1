// Fill rate, on-time rate and API availability come from the app's own purchase orders and
// submissions. Values typed into the supplier matrix only seed them: the seed counts as
// `priorWeight` observations, so it dominates while history is thin and fades as it grows.
//
//   rate = (priorWeight × seed + Σ observations) / (priorWeight + number of observations)
//
// Observations are each in 0..1:
// - fill rate: per closed PO line with units ordered, min(received, ordered) / ordered;
// - on-time rate: per line with a due date, 1 if received on or before it, 0 if received after
//   it or still not received on `asOf` after it (a line still in time is not counted yet);
// - API availability: per submission attempt, 1 if it succeeded, 0 if it failed.
import type { SupplierPerformance } from "./types";

export type PerformanceSeed = {
  fillRate?: number | null;
  onTimeRate?: number | null;
  apiAvailability?: number | null;
};

/** One PO line's delivery record. Dates are calendar dates, YYYY-MM-DD. */
export type PurchaseOrderLineRecord = {
  orderedQty: number;
  receivedQty: number;
  dueDate: string | null;
  /** The day goods for this line first arrived; null if nothing arrived. */
  receivedDate: string | null;
  /** No more units are expected (fully received, or closed short / cancelled). */
  closed: boolean;
};

export type SubmissionAttempt = { ok: boolean };

export type PerformanceHistory = {
  lines: readonly PurchaseOrderLineRecord[];
  submissions: readonly SubmissionAttempt[];
};

/**
 * Used when nothing was typed in: good but not perfect, so an unproven supplier does not outrank
 * one with a record of excellent deliveries, nor lose to one with a record of poor ones.
 */
export const DEFAULT_PERFORMANCE_SEED: Readonly<SupplierPerformance> = Object.freeze({
  fillRate: 0.9,
  onTimeRate: 0.85,
  apiAvailability: 0.95,
});

export const DEFAULT_PRIOR_WEIGHT = 10;

export type PerformanceEstimate = SupplierPerformance & {
  /** Observations behind each rate (the seed not included). */
  observations: Record<keyof SupplierPerformance, number>;
};

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function assertDate(name: string, value: string | null | undefined): void {
  if (value != null && !ISO_DATE.test(value)) throw new RangeError(`${name} must be YYYY-MM-DD, got ${value}`);
}

function assertRecord(line: PurchaseOrderLineRecord, i: number): void {
  for (const [name, n] of [
    ["orderedQty", line.orderedQty],
    ["receivedQty", line.receivedQty],
  ] as const)
    if (!Number.isFinite(n) || n < 0) throw new RangeError(`lines[${i}].${name} must be >= 0, got ${n}`);
  assertDate(`lines[${i}].dueDate`, line.dueDate);
  assertDate(`lines[${i}].receivedDate`, line.receivedDate);
}

function blend(prior: number, priorWeight: number, observations: readonly number[]): number {
  const total = priorWeight + observations.length;
  // No prior weight and no history: the seed is all there is.
  if (total === 0) return prior;
  return round6((priorWeight * prior + observations.reduce((s, x) => s + x, 0)) / total);
}

function fillObservations(lines: readonly PurchaseOrderLineRecord[]): number[] {
  return lines.filter((l) => l.closed && l.orderedQty > 0).map((l) => Math.min(l.receivedQty, l.orderedQty) / l.orderedQty);
}

function onTimeObservations(lines: readonly PurchaseOrderLineRecord[], asOf: string | undefined): number[] {
  const out: number[] = [];
  for (const { dueDate, receivedDate } of lines) {
    if (dueDate === null) continue;
    // ISO dates compare correctly as strings.
    if (receivedDate !== null) out.push(receivedDate <= dueDate ? 1 : 0);
    else if (asOf !== undefined && asOf > dueDate) out.push(0);
  }
  return out;
}

function seedOr(value: number | null | undefined, fallback: number, name: string): number {
  if (value == null) return fallback;
  if (!(value >= 0 && value <= 1)) throw new RangeError(`seed ${name} must be within 0..1, got ${value}`);
  return value;
}

/** Blends a supplier's seeded rates with its record in this app (formula above). */
export function supplierPerformance(input: {
  seed?: PerformanceSeed;
  history: PerformanceHistory;
  priorWeight?: number;
  /** Today's date (YYYY-MM-DD) in the supplier's calendar: lets overdue lines count as late. */
  asOf?: string;
}): PerformanceEstimate {
  const priorWeight = input.priorWeight ?? DEFAULT_PRIOR_WEIGHT;
  if (!Number.isFinite(priorWeight) || priorWeight < 0) throw new RangeError(`priorWeight must be >= 0, got ${priorWeight}`);
  assertDate("asOf", input.asOf);
  input.history.lines.forEach(assertRecord);
  const seed = input.seed ?? {};

  const fill = fillObservations(input.history.lines);
  const onTime = onTimeObservations(input.history.lines, input.asOf);
  const submissions = input.history.submissions.map((s) => (s.ok ? 1 : 0));
  return {
    fillRate: blend(seedOr(seed.fillRate, DEFAULT_PERFORMANCE_SEED.fillRate, "fillRate"), priorWeight, fill),
    onTimeRate: blend(seedOr(seed.onTimeRate, DEFAULT_PERFORMANCE_SEED.onTimeRate, "onTimeRate"), priorWeight, onTime),
    apiAvailability: blend(
      seedOr(seed.apiAvailability, DEFAULT_PERFORMANCE_SEED.apiAvailability, "apiAvailability"),
      priorWeight,
      submissions
    ),
    observations: { fillRate: fill.length, onTimeRate: onTime.length, apiAvailability: submissions.length },
  };
}
