// Caps are set per SKU and channel, with wildcards: the most specific rule wins, so a merchant can
// say "nothing on Amazon" once and still allow one hero SKU there.
import { z } from "zod";

export type CapRule = {
  /** null: every SKU. */
  sku: string | null;
  /** null: every channel. */
  channel: string | null;
  eligible: boolean;
  /** null: no cap. */
  maxUnits: number | null;
};

function specificity(rule: CapRule): number {
  return (rule.sku !== null ? 2 : 0) + (rule.channel !== null ? 1 : 0);
}

/** The most specific rule matching the SKU and channel: sku+channel, sku, channel, then shop-wide. */
export function capRuleFor(rules: readonly CapRule[], target: { sku: string; channel: string }): CapRule | null {
  let best: CapRule | null = null;
  for (const rule of rules) {
    const matches = (rule.sku === null || rule.sku === target.sku) && (rule.channel === null || rule.channel === target.channel);
    if (matches && (best === null || specificity(rule) > specificity(best))) best = rule;
  }
  return best;
}

export const capRulesSchema = z
  .array(
    z.object({
      sku: z.string().trim().min(1).nullable(),
      channel: z.string().trim().min(1).nullable(),
      eligible: z.boolean(),
      maxUnits: z.number().int().min(0).max(1_000_000).nullable(),
    }),
  )
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      // Two rules for the same scope would make the winner depend on list order.
      const key = JSON.stringify([r.sku, r.channel]);
      if (seen.has(key)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: "Another rule already covers this SKU and channel" });
      seen.add(key);
    });
  });
