// How long a supplier really takes, learned from the app's own purchase-order history.
// A range, not a point: a LOW and a HIGH quantile of observed business days. While the history
// is thin, the supplier's stated figure stands in for it, and the range errs wide: a promise
// the shop cannot keep costs more than one that is a day or two longer.

export type EstimateSource = "stated" | "blended" | "history";

export type LeadTimeEstimate = {
  /** Business days, whole. */
  low: number;
  high: number;
  source: EstimateSource;
  /** Observations the estimate rests on. */
  sampleCount: number;
};

export type LearningTuning = {
  /** Observations needed before history alone decides. */
  minSamples?: number;
  lowQuantile?: number;
  highQuantile?: number;
  /** With no history, the range runs from the stated figure to this share of it more (at least a day). */
  priorSpread?: number;
  /**
   * Lateness only: with no history, how many business days BEFORE its ETA a supplier may deliver
   * (suppliers err both ways; a window that opens on the ETA misses every early delivery).
   */
  priorEarlyDays?: number;
};

export type LearningOptions = LearningTuning & {
  /**
   * What is already known about THIS purchase order: the value is at least this much (e.g. the
   * business days elapsed without a receipt). Smaller samples are ruled out; the range starts no lower.
   */
  atLeast?: number;
};

// Tuned on bench/promise-bench.ts: a start a little before the usual (shipping early disappoints
// no one) and the 95th percentile at the end; an unknown supplier may deliver a day before its ETA.
export const LEARNING_DEFAULTS: Required<LearningTuning> = {
  minSamples: 8,
  lowQuantile: 0.02,
  highQuantile: 0.95,
  priorSpread: 0.25,
  priorEarlyDays: 1,
};

type Range = { low: number; high: number };

/** The q-quantile of ascending `sorted`, interpolating between ranks (Hyndman & Fan type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError("quantile of no samples");
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within [0, 1], got ${q}`);
  const rank = (sorted.length - 1) * q;
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
}

/** The prior range for a stated lead time: as stated, up to `priorSpread` of it later. */
export function statedRange(statedDays: number, priorSpread: number): Range {
  return { low: statedDays, high: statedDays + Math.max(1, Math.ceil(statedDays * priorSpread)) };
}

function tuning(options: LearningTuning): Required<LearningTuning> {
  const t = { ...LEARNING_DEFAULTS, ...options };
  if (!Number.isInteger(t.minSamples) || t.minSamples < 1)
    throw new RangeError(`minSamples must be a whole number >= 1, got ${t.minSamples}`);
  if (!(t.lowQuantile >= 0 && t.lowQuantile <= t.highQuantile && t.highQuantile <= 1)) {
    throw new RangeError(`need 0 <= lowQuantile <= highQuantile <= 1, got ${t.lowQuantile} / ${t.highQuantile}`);
  }
  if (!(t.priorSpread >= 0)) throw new RangeError(`priorSpread must be >= 0, got ${t.priorSpread}`);
  if (!Number.isInteger(t.priorEarlyDays) || t.priorEarlyDays < 0) throw new RangeError(`priorEarlyDays must be a whole number >= 0, got ${t.priorEarlyDays}`);
  return t;
}

function checkWhole(name: string, value: number | undefined, min = -Infinity) {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
    throw new RangeError(`${name} must be a whole number${min > -Infinity ? ` >= ${min}` : ""}, got ${value}`);
  }
}

const lerp = (from: number, to: number, w: number) => from + (to - from) * w;

/**
 * The range of `samples` given a `prior` for when they are thin, knowing the value is `atLeast`.
 * Thin history starts from the union of the prior's and the history's ranges (wide where they
 * disagree) and moves to the history's own as samples accumulate; meanwhile the high end stays
 * at or above the prior's low end (for a lead time: the stated one).
 */
function learnRange(samples: readonly number[], prior: Range, atLeast: number | undefined, t: Required<LearningTuning>): LeadTimeEstimate {
  // Knowing the value is at least `atLeast` rules smaller samples out and moves the prior along (a
  // prior reaching below zero — early deliveries — is first cut off at `atLeast`, then moved).
  const shift = atLeast === undefined ? 0 : Math.max(0, atLeast - Math.max(prior.low, 0));
  const p = { low: Math.max(prior.low + shift, atLeast ?? -Infinity), high: prior.high + shift };
  const possible = atLeast === undefined ? samples : samples.filter((s) => s >= atLeast);
  const n = possible.length;
  if (n === 0) return { ...p, source: "stated", sampleCount: 0 };

  const sorted = [...possible].sort((a, b) => a - b);
  const history = { low: quantile(sorted, t.lowQuantile), high: quantile(sorted, t.highQuantile) };
  if (n >= t.minSamples) return { low: Math.floor(history.low), high: Math.ceil(history.high), source: "history", sampleCount: n };

  const w = n / t.minSamples;
  const low = Math.floor(lerp(Math.min(p.low, history.low), history.low, w));
  const high = Math.ceil(Math.max(p.low, lerp(Math.max(p.high, history.high), history.high, w)));
  return { low, high: Math.max(low, high), source: "blended", sampleCount: n };
}

/**
 * Submit-to-receipt business days of a supplier (for a SKU) from observed `samples`, the supplier's
 * `statedDays` standing in while they are thin. Negative or non-finite samples (bad data: a
 * receipt before its submission) are ignored.
 */
export function learnLeadTime(input: { samples: readonly number[]; statedDays: number } & LearningOptions): LeadTimeEstimate {
  const { samples, statedDays, atLeast, ...options } = input;
  checkWhole("statedDays", statedDays, 0);
  checkWhole("atLeast", atLeast, 0);
  const t = tuning(options);
  const valid = samples.filter((s) => Number.isFinite(s) && s >= 0);
  return learnRange(valid, statedRange(statedDays, t.priorSpread), atLeast, t);
}

/**
 * How late a supplier delivers against the ETA it confirmed, in business days (negative: early).
 * With no history: from `priorEarlyDays` early to `priorHighDays` late.
 */
export function learnSlip(input: { samples: readonly number[]; priorHighDays: number } & LearningOptions): LeadTimeEstimate {
  const { samples, priorHighDays, atLeast, ...options } = input;
  checkWhole("priorHighDays", priorHighDays, 0);
  checkWhole("atLeast", atLeast);
  const t = tuning(options);
  return learnRange(samples.filter(Number.isFinite), { low: -t.priorEarlyDays, high: priorHighDays }, atLeast, t);
}
