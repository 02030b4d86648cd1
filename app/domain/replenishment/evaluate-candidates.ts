// Hard constraints first, then a weighted score over the candidates that passed them. The result
// is the "why" of a plan: every candidate, what it failed, and how its score was made.
import { largestOrderableQuantity, roundOrderQuantity } from "./round-order-quantity";
import { SCORE_COMPONENTS, type ScoreComponent, type ScoreWeights } from "./score-weights";
import type { Candidate } from "./types";

export const CONSTRAINT_CODES = {
  EXCLUDED: "excluded_after_failure",
  NOT_ACTIVE: "supplier_not_active",
  NO_EXCHANGE_RATE: "no_exchange_rate",
  OUTSIDE_PROMISE_WINDOW: "outside_promise_window",
  INSUFFICIENT_CAPACITY: "insufficient_capacity",
} as const;
export type ConstraintCode = (typeof CONSTRAINT_CODES)[keyof typeof CONSTRAINT_CODES];
export type ConstraintFailure = { code: ConstraintCode; message: string };

/**
 * What a candidate was judged for: the whole order in one line; or, when no single supplier can
 * take it or the promise window calls for a split, the units customers wait on, the buffer stock,
 * and customer units no supplier inside the promise window could take (judged without it).
 */
export type EvaluationScope = "order" | "customer_units" | "buffer_units" | "late_customer_units";

export type ComponentScore = {
  /** Raw value: days, rate 0..1, or unit cost in the comparison currency. */
  value: number;
  /** 0..1 across the eligible candidates: the best gets 1, the worst 0. */
  normalised: number;
  weight: number;
  /** weight × normalised. */
  points: number;
};
export type CandidateScore = { total: number; components: Record<ScoreComponent, ComponentScore> };

export type CandidateEvaluation = {
  scope: EvaluationScope;
  supplierId: string;
  /** Units this candidate would have to order for the scope's units (MOQ and pack applied). */
  orderQuantity: number;
  failed: ConstraintFailure[];
  /** null when a hard constraint failed. */
  score: CandidateScore | null;
  /** 1 = best; null when not eligible. */
  rank: number | null;
};

export type EvaluationContext = {
  promiseWindowDays: number;
  weights: ScoreWeights;
  costCurrency: string;
  /** Units of `costCurrency` per one unit of the keyed currency. */
  exchangeRates: Readonly<Record<string, number>>;
  excludedSupplierIds: ReadonlySet<string>;
};

export type ScopeDemand = {
  scope: EvaluationScope;
  customerUnits: number;
  bufferUnits: number;
  /** Lead time must fit the promise window (units customers wait on). */
  boundByPromiseWindow: boolean;
  /**
   * "whole": the candidate must be able to take all of the scope's units in one line.
   * "partial": it only needs room for one orderable quantity (the plan is splitting anyway).
   */
  capacity: "whole" | "partial";
};

// Scores are rounded so that equal candidates tie exactly and the why-table reads cleanly.
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

/** The offer's unit cost in the comparison currency; null when no rate converts it. */
export function comparableUnitCost(candidate: Candidate, ctx: Pick<EvaluationContext, "costCurrency" | "exchangeRates">): number | null {
  const { unitCost, currency } = candidate.offer;
  if (currency === ctx.costCurrency) return unitCost;
  const rate = ctx.exchangeRates[currency];
  return rate !== undefined && Number.isFinite(rate) && rate > 0 ? round6(unitCost * rate) : null;
}

function hardConstraintFailures(candidate: Candidate, demand: ScopeDemand, ctx: EvaluationContext): ConstraintFailure[] {
  const { supplier, offer } = candidate;
  const failed: ConstraintFailure[] = [];
  if (ctx.excludedSupplierIds.has(supplier.id))
    failed.push({ code: CONSTRAINT_CODES.EXCLUDED, message: "Submission to this supplier already failed for good for this deficit" });
  if (supplier.status !== "active") failed.push({ code: CONSTRAINT_CODES.NOT_ACTIVE, message: `Supplier is ${supplier.status}` });
  if (comparableUnitCost(candidate, ctx) === null)
    failed.push({ code: CONSTRAINT_CODES.NO_EXCHANGE_RATE, message: `No exchange rate from ${offer.currency} to ${ctx.costCurrency}` });
  // Only units customers wait on are bound by the promise; buffer stock may come slower.
  if (demand.boundByPromiseWindow && offer.leadTimeDays > ctx.promiseWindowDays)
    failed.push({
      code: CONSTRAINT_CODES.OUTSIDE_PROMISE_WINDOW,
      message: `Lead time ${days(offer.leadTimeDays)} exceeds the ${ctx.promiseWindowDays}-day promise window`,
    });
  const capacity = capacityFailure(candidate, demand);
  if (capacity) failed.push(capacity);
  return failed;
}

function capacityFailure({ offer }: Candidate, demand: ScopeDemand): ConstraintFailure | null {
  const room = largestOrderableQuantity(offer.available, offer);
  if (demand.capacity === "whole") {
    const needed = roundOrderQuantity(demand.customerUnits + demand.bufferUnits, offer);
    return needed <= room
      ? null
      : { code: CONSTRAINT_CODES.INSUFFICIENT_CAPACITY, message: `Needs ${needed} units, only ${offer.available} available` };
  }
  return room > 0
    ? null
    : {
        code: CONSTRAINT_CODES.INSUFFICIENT_CAPACITY,
        message: `Cannot take a single order: ${offer.available} available, MOQ ${offer.moq}, pack ${offer.packSize}`,
      };
}

type Direction = "higher_is_better" | "lower_is_better";
const DIRECTION: Record<ScoreComponent, Direction> = {
  leadTime: "lower_is_better",
  fillRate: "higher_is_better",
  unitCost: "lower_is_better",
  apiAvailability: "higher_is_better",
};

function rawValue(component: ScoreComponent, candidate: Candidate, cost: number): number {
  switch (component) {
    case "leadTime":
      return candidate.offer.leadTimeDays;
    case "fillRate":
      return candidate.performance.fillRate;
    case "unitCost":
      return cost;
    case "apiAvailability":
      return candidate.performance.apiAvailability;
  }
}

/** Min..max scaling: the best value gets 1, the worst 0; when all are equal, everyone gets 1. */
function normalise(value: number, min: number, max: number, direction: Direction): number {
  if (max === min) return 1;
  return direction === "higher_is_better" ? (value - min) / (max - min) : (max - value) / (max - min);
}

/** Scores candidates that passed the hard constraints, relative to each other. */
export function scoreEligible(eligible: { candidate: Candidate; cost: number }[], weights: ScoreWeights): CandidateScore[] {
  const values = eligible.map(
    ({ candidate, cost }) =>
      Object.fromEntries(SCORE_COMPONENTS.map((c) => [c, rawValue(c, candidate, cost)])) as Record<ScoreComponent, number>
  );
  const bounds = Object.fromEntries(
    SCORE_COMPONENTS.map((c) => {
      const all = values.map((v) => v[c]);
      return [c, { min: Math.min(...all), max: Math.max(...all) }];
    })
  ) as Record<ScoreComponent, { min: number; max: number }>;

  return values.map((v) => {
    const components = {} as Record<ScoreComponent, ComponentScore>;
    for (const c of SCORE_COMPONENTS) {
      const normalised = round6(normalise(v[c], bounds[c].min, bounds[c].max, DIRECTION[c]));
      components[c] = { value: v[c], normalised, weight: weights[c], points: round6(weights[c] * normalised) };
    }
    const total = round6(SCORE_COMPONENTS.reduce((s, c) => s + components[c].points, 0));
    return { total, components };
  });
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Evaluates every candidate for one scope. Eligible candidates come first, best first (higher
 * total, then supplier id for a deterministic tie-break); the others follow by supplier id.
 */
export function evaluateCandidates(candidates: readonly Candidate[], demand: ScopeDemand, ctx: EvaluationContext): CandidateEvaluation[] {
  const checked = candidates.map((candidate) => ({ candidate, failed: hardConstraintFailures(candidate, demand, ctx) }));
  const eligible = checked
    .filter((c) => c.failed.length === 0)
    .map(({ candidate }) => ({ candidate, cost: comparableUnitCost(candidate, ctx) ?? 0 }));
  const scores = scoreEligible(eligible, ctx.weights);
  const units = demand.customerUnits + demand.bufferUnits;

  const ranked = eligible
    .map(({ candidate }, i) => ({ candidate, score: scores[i] }))
    .sort((a, b) => b.score.total - a.score.total || byId(a.candidate.supplier.id, b.candidate.supplier.id))
    .map(
      ({ candidate, score }, i): CandidateEvaluation => ({
        scope: demand.scope,
        supplierId: candidate.supplier.id,
        orderQuantity: roundOrderQuantity(units, candidate.offer),
        failed: [],
        score,
        rank: i + 1,
      })
    );
  const rejected = checked
    .filter((c) => c.failed.length > 0)
    .sort((a, b) => byId(a.candidate.supplier.id, b.candidate.supplier.id))
    .map(
      ({ candidate, failed }): CandidateEvaluation => ({
        scope: demand.scope,
        supplierId: candidate.supplier.id,
        orderQuantity: roundOrderQuantity(units, candidate.offer),
        failed,
        score: null,
        rank: null,
      })
    );
  return [...ranked, ...rejected];
}
