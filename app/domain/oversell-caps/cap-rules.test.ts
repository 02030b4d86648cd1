import { describe, expect, it } from "vitest";
import { capRuleFor, capRulesSchema, type CapRule } from "./index";

const rules: CapRule[] = [
  { sku: null, channel: null, eligible: true, maxUnits: 20 },
  { sku: null, channel: "amazon", eligible: false, maxUnits: null },
  { sku: "HERO-1", channel: null, eligible: true, maxUnits: 50 },
  { sku: "HERO-1", channel: "amazon", eligible: true, maxUnits: 5 },
  { sku: "FRAGILE", channel: null, eligible: false, maxUnits: null },
];

describe("capRuleFor", () => {
  it.each([
    ["MUG-2", "online_store", rules[0]],
    ["MUG-2", "amazon", rules[1]],
    ["HERO-1", "online_store", rules[2]],
    ["HERO-1", "amazon", rules[3]],
    ["FRAGILE", "amazon", rules[4]],
  ])("%s on %s takes the most specific rule", (sku, channel, expected) => {
    expect(capRuleFor(rules, { sku, channel })).toBe(expected);
  });

  it("does not depend on the order of the rules", () => {
    expect(capRuleFor([...rules].reverse(), { sku: "HERO-1", channel: "amazon" })).toBe(rules[3]);
  });

  it("returns null when nothing matches", () => {
    expect(capRuleFor(rules.slice(1), { sku: "MUG-2", channel: "pos" })).toBeNull();
  });
});

describe("capRulesSchema", () => {
  it("accepts the rules above", () => {
    expect(capRulesSchema.parse(rules)).toEqual(rules);
  });

  it("rejects two rules for the same scope, and nonsense caps", () => {
    const dup = capRulesSchema.safeParse([rules[1], { ...rules[1], eligible: true }]);
    expect(dup.error?.issues.map((i) => i.path.join("."))).toEqual(["1"]);
    expect(capRulesSchema.safeParse([{ ...rules[0], maxUnits: -1 }]).success).toBe(false);
    expect(capRulesSchema.safeParse([{ ...rules[0], maxUnits: 2.5 }]).success).toBe(false);
    expect(capRulesSchema.safeParse([{ ...rules[0], sku: "  " }]).success).toBe(false);
  });
});
