import { describe, expect, it } from "vitest";
import { DEFAULT_SCORE_WEIGHTS, normaliseScoreWeights, replenishmentSettingsSchema, scoreWeightsSchema } from "./index";

describe("score weights", () => {
  it("defaults to lead time 40%, fill rate 30%, unit cost 20%, API availability 10%", () => {
    expect(DEFAULT_SCORE_WEIGHTS).toEqual({ leadTime: 0.4, fillRate: 0.3, unitCost: 0.2, apiAvailability: 0.1 });
    expect(Object.isFrozen(DEFAULT_SCORE_WEIGHTS)).toBe(true);
  });

  it("keeps weights that already sum to 1 exactly as given", () => {
    expect(normaliseScoreWeights({ ...DEFAULT_SCORE_WEIGHTS })).toEqual(DEFAULT_SCORE_WEIGHTS);
  });

  it("scales weights to sum 1", () => {
    expect(normaliseScoreWeights({ leadTime: 2, fillRate: 1, unitCost: 1, apiAvailability: 0 })).toEqual({
      leadTime: 0.5,
      fillRate: 0.25,
      unitCost: 0.25,
      apiAvailability: 0,
    });
  });

  it("rejects negative, non-finite or all-zero weights", () => {
    expect(() => normaliseScoreWeights({ leadTime: -0.1, fillRate: 1, unitCost: 0, apiAvailability: 0 })).toThrow("weight leadTime");
    expect(() => normaliseScoreWeights({ leadTime: Number.NaN, fillRate: 1, unitCost: 0, apiAvailability: 0 })).toThrow(RangeError);
    expect(() => normaliseScoreWeights({ leadTime: 0, fillRate: 0, unitCost: 0, apiAvailability: 0 })).toThrow("at least one weight");
  });
});

describe("scoreWeightsSchema", () => {
  it("parses settings input into normalised weights; criteria left out count 0", () => {
    expect(scoreWeightsSchema.parse({ leadTime: 3, unitCost: 1 })).toEqual({
      leadTime: 0.75,
      fillRate: 0,
      unitCost: 0.25,
      apiAvailability: 0,
    });
  });

  it("names what is wrong", () => {
    const negative = scoreWeightsSchema.safeParse({ leadTime: -1, fillRate: 2 });
    expect(negative.success).toBe(false);
    expect(negative.error?.issues.map((i) => i.path.join("."))).toEqual(["leadTime"]);

    const zero = scoreWeightsSchema.safeParse({});
    expect(zero.error?.issues.map((i) => i.message)).toEqual(["at least one weight must be above 0"]);

    const unknown = scoreWeightsSchema.safeParse({ leadTime: 1, price: 1 });
    expect(unknown.error?.issues.map((i) => i.code)).toEqual(["unrecognized_keys"]);
  });
});

describe("replenishmentSettingsSchema", () => {
  it("fills in the defaults", () => {
    expect(replenishmentSettingsSchema.parse({})).toEqual({
      weights: { leadTime: 0.4, fillRate: 0.3, unitCost: 0.2, apiAvailability: 0.1 },
      costDeviationPct: 15,
      window: { quietSeconds: 10, maxSeconds: 90 },
      priorWeight: 10,
    });
  });

  it("reads the scenario file's setting names", () => {
    expect(
      replenishmentSettingsSchema.parse({
        supplierWeights: { leadTime: 1, fillRate: 1 },
        costDeviationEscalationPct: 5,
        dedupWindowSeconds: 60,
        dedupQuietSeconds: 4,
        promiseWindowDays: { default: 10 }, // another capability's setting: left alone
      })
    ).toEqual({
      weights: { leadTime: 0.5, fillRate: 0.5, unitCost: 0, apiAvailability: 0 },
      costDeviationPct: 5,
      window: { quietSeconds: 4, maxSeconds: 60 },
      priorWeight: 10,
    });
  });

  it("rejects a non-positive window or a negative limit", () => {
    const r = replenishmentSettingsSchema.safeParse({ dedupQuietSeconds: 0, costDeviationEscalationPct: -1 });
    expect(r.error?.issues.map((i) => i.path.join(".")).sort()).toEqual(["costDeviationEscalationPct", "dedupQuietSeconds"]);
  });
});
