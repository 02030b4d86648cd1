import { describe, expect, it } from "vitest";
import {
  DECIDING_FACTOR_LABELS,
  DEFAULT_PRIORITY_POLICY,
  PRIORITY_CRITERIA,
  PRIORITY_CRITERION_LABELS,
  priorityPolicySchema,
} from "./index";

describe("priorityPolicySchema", () => {
  it("accepts the default policy and returns it unchanged", () => {
    expect(priorityPolicySchema.parse(DEFAULT_PRIORITY_POLICY)).toEqual({
      criteria: ["past_promise", "service_level", "order_value", "order_age"],
      serviceLevelDays: { default: 10, amazon: 4 },
    });
  });

  it("accepts a subset in any order, including none (first come, first served)", () => {
    expect(priorityPolicySchema.safeParse({ criteria: ["order_value", "past_promise"], serviceLevelDays: { default: 7 } }).success).toBe(true);
    expect(priorityPolicySchema.safeParse({ criteria: [], serviceLevelDays: { default: 7 } }).success).toBe(true);
  });

  it("rejects duplicates, naming the repeated entry", () => {
    const r = priorityPolicySchema.safeParse({ criteria: ["order_value", "order_age", "order_value"], serviceLevelDays: { default: 10 } });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["criteria.2", 'Duplicate criterion "order_value"']]);
  });

  it("rejects unknown criteria", () => {
    expect(priorityPolicySchema.safeParse({ criteria: ["loyalty_tier"], serviceLevelDays: { default: 10 } }).success).toBe(false);
  });

  it.each([
    [{ default: 0 }, "serviceLevelDays.default"],
    [{ default: 10, amazon: 2.5 }, "serviceLevelDays.amazon"],
    [{ default: 10, ebay: -3 }, "serviceLevelDays.ebay"],
    [{ amazon: 4 }, "serviceLevelDays.default"],
  ])("rejects service levels that are not positive whole days: %j", (serviceLevelDays, path) => {
    const r = priorityPolicySchema.safeParse({ criteria: [], serviceLevelDays });
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual([path]);
  });

  it("labels every criterion and the tiebreak", () => {
    for (const c of PRIORITY_CRITERIA) expect(PRIORITY_CRITERION_LABELS[c]).toBeTruthy();
    expect(DECIDING_FACTOR_LABELS.tiebreak).toBeTruthy();
  });
});
