// A shop's replenishment settings as they are typed in (same names as the scenario file's
// `settings`), validated and turned into what the domain functions take.
import { z } from "zod";
import { DEFAULT_WINDOW_SETTINGS, type WindowSettings } from "./deficit-window";
import { DEFAULT_SCORE_WEIGHTS, scoreWeightsSchema, type ScoreWeights } from "./score-weights";
import { DEFAULT_PRIOR_WEIGHT } from "./supplier-performance";

export const DEFAULT_COST_DEVIATION_PCT = 15;

/**
 * How often the app asks an API supplier for an open purchase order's status (confirmation, ETA,
 * cancellation). Email and EDI suppliers answer through the supplier link instead.
 */
export const SUPPLIER_STATUS_CHECK_MINUTES = 30;

export type ReplenishmentSettings = {
  weights: ScoreWeights;
  costDeviationPct: number;
  window: WindowSettings;
  priorWeight: number;
};

const seconds = z.number().finite().positive();

export const replenishmentSettingsSchema = z
  .object({
    supplierWeights: scoreWeightsSchema.default({ ...DEFAULT_SCORE_WEIGHTS }),
    costDeviationEscalationPct: z.number().finite().nonnegative().default(DEFAULT_COST_DEVIATION_PCT),
    dedupQuietSeconds: seconds.default(DEFAULT_WINDOW_SETTINGS.quietSeconds),
    dedupWindowSeconds: seconds.default(DEFAULT_WINDOW_SETTINGS.maxSeconds),
    performancePriorWeight: z.number().finite().nonnegative().default(DEFAULT_PRIOR_WEIGHT),
  })
  .transform(
    (s): ReplenishmentSettings => ({
      weights: s.supplierWeights,
      costDeviationPct: s.costDeviationEscalationPct,
      window: { quietSeconds: s.dedupQuietSeconds, maxSeconds: s.dedupWindowSeconds },
      priorWeight: s.performancePriorWeight,
    })
  );

export type ReplenishmentSettingsInput = z.input<typeof replenishmentSettingsSchema>;
