// How much each criterion counts when eligible suppliers are compared. Settable per shop; the
// weights given are the whole mix (a criterion left out counts 0) and are scaled to sum 1, so
// "lead time 2, cost 1" means two thirds and one third.
import { z } from "zod";

export const SCORE_COMPONENTS = ["leadTime", "fillRate", "unitCost", "apiAvailability"] as const;
export type ScoreComponent = (typeof SCORE_COMPONENTS)[number];
export type ScoreWeights = Record<ScoreComponent, number>;

export const DEFAULT_SCORE_WEIGHTS: Readonly<ScoreWeights> = Object.freeze({
  leadTime: 0.4,
  fillRate: 0.3,
  unitCost: 0.2,
  apiAvailability: 0.1,
});

export const SCORE_COMPONENT_LABELS: Record<ScoreComponent, string> = {
  leadTime: "Lead time",
  fillRate: "Fill rate",
  unitCost: "Unit cost",
  apiAvailability: "API availability",
};

const sumOf = (w: ScoreWeights) => SCORE_COMPONENTS.reduce((s, c) => s + w[c], 0);

/** Scales weights to sum 1. Throws on a negative or non-finite weight, or when all are 0. */
export function normaliseScoreWeights(weights: ScoreWeights): ScoreWeights {
  for (const c of SCORE_COMPONENTS) {
    const w = weights[c];
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`weight ${c} must be a finite number >= 0, got ${w}`);
  }
  const sum = sumOf(weights);
  if (sum === 0) throw new RangeError("at least one weight must be above 0");
  // Already normalised: keep the exact values a merchant typed (0.4 stays 0.4, not 0.39999...).
  if (Math.abs(sum - 1) < 1e-9) return { ...weights };
  const out = {} as ScoreWeights;
  for (const c of SCORE_COMPONENTS) out[c] = weights[c] / sum;
  return out;
}

const weight = z.number().finite().nonnegative();

/** Settings input -> normalised weights. Unknown criteria are rejected rather than ignored. */
export const scoreWeightsSchema = z
  .object({
    leadTime: weight.default(0),
    fillRate: weight.default(0),
    unitCost: weight.default(0),
    apiAvailability: weight.default(0),
  })
  .strict()
  .refine((w) => sumOf(w) > 0, { message: "at least one weight must be above 0" })
  .transform(normaliseScoreWeights);
