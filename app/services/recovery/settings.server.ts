// A shop's recovery settings: the hold rule, aging (auto-cancel), the allocation priority policy,
// the customer links' lifetime, allowed substitutes per SKU and oversell cap rules — zod-validated,
// stored per shop, read back with defaults. The priority policy's default service levels are the
// replenishment settings' promise windows (one notion of "how long a channel's customers wait").
import { z } from "zod";
import { now } from "../../clock.server";
import { DEFAULT_AGING_SETTINGS, agingSettingsSchema, type AgingSettings } from "../../domain/aging";
import { DEFAULT_PRIORITY_CRITERIA, priorityPolicySchema, type PriorityPolicy } from "../../domain/allocation";
import { HOLD_RULES, type HoldRule } from "../../domain/fulfillment-holds";
import { capRulesSchema } from "../../domain/oversell-caps";
import {
  findEvaluationSettings,
  findRecoverySettings,
  listCapRules,
  listSubstitutes,
  replaceCapRules,
  replaceSubstitutes,
  saveRecoverySettings,
  type CapRuleRow,
  type SubstituteRow,
} from "../../models/recovery/settings.server";
import { markCapsDirty } from "../../models/recovery/aging.server";
import { withTransaction, type Tx } from "../../models/transaction.server";
import { promiseWindowsFrom } from "../replenishment/settings.server";

export const RECOVERY_HOLD_RULES = [...HOLD_RULES, "off"] as const;
export type RecoveryHoldRule = (typeof RECOVERY_HOLD_RULES)[number];

export const HOLD_RULE_OFF_LABEL = "Do not hold orders (fulfil as Shopify routes them)";

export type ShopRecoverySettings = {
  holdRule: RecoveryHoldRule;
  aging: AgingSettings;
  /** The merchant's own policy; null: the default (see effectivePriorityPolicy). */
  priorityPolicy: PriorityPolicy | null;
  choiceLinkDays: number;
  updatedAt: Date | null;
};

export const DEFAULT_RECOVERY_SETTINGS: ShopRecoverySettings = {
  holdRule: "split_ship_rest",
  aging: DEFAULT_AGING_SETTINGS,
  priorityPolicy: null,
  choiceLinkDays: 14,
  updatedAt: null,
};

export async function loadRecoverySettings(shop: string, client?: Tx): Promise<ShopRecoverySettings> {
  const row = await findRecoverySettings(shop, client);
  if (!row) return { ...DEFAULT_RECOVERY_SETTINGS };
  const aging = agingSettingsSchema.safeParse(row.aging);
  const policy = row.priorityPolicy === null ? null : priorityPolicySchema.safeParse(row.priorityPolicy);
  return {
    holdRule: (RECOVERY_HOLD_RULES as readonly string[]).includes(row.holdRule) ? (row.holdRule as RecoveryHoldRule) : DEFAULT_RECOVERY_SETTINGS.holdRule,
    aging: aging.success ? aging.data : DEFAULT_AGING_SETTINGS,
    priorityPolicy: policy?.success ? policy.data : null,
    choiceLinkDays: row.choiceLinkDays,
    updatedAt: row.updatedAt,
  };
}

/** Service levels from the replenishment settings' promise windows (whole days, at least 1). */
export function serviceLevelsFrom(promiseWindowDays: Record<string, number>): PriorityPolicy["serviceLevelDays"] {
  const days = (n: number) => Math.min(365, Math.max(1, Math.ceil(n)));
  const out: PriorityPolicy["serviceLevelDays"] = { default: days(promiseWindowDays.default ?? 7) };
  for (const [channel, n] of Object.entries(promiseWindowDays)) if (channel !== "default") out[channel] = days(n);
  return out;
}

/**
 * The policy detection and allocation rank by: the merchant's, else the default criteria with the
 * promise windows as service levels. Read inside the evaluation transaction.
 */
export async function effectivePriorityPolicy(shop: string, client?: Tx): Promise<PriorityPolicy> {
  return (await evaluationSettings(shop, client)).policy;
}

/**
 * The same policy, and the shop's time zone, for stock evaluation: one read (every webhook batch
 * evaluates, so three reads would be three round trips per batch).
 */
export async function evaluationSettings(shop: string, client?: Tx): Promise<{ policy: PriorityPolicy; timezone: string | null }> {
  const row = await findEvaluationSettings(shop, client);
  const own = row.priorityPolicy === null ? null : priorityPolicySchema.safeParse(row.priorityPolicy);
  const policy = own?.success ? own.data : { criteria: DEFAULT_PRIORITY_CRITERIA, serviceLevelDays: serviceLevelsFrom(promiseWindowsFrom(row.promiseWindowDays)) };
  return { policy, timezone: row.timezone };
}

export function loadSubstitutes(shop: string): Promise<SubstituteRow[]> {
  return listSubstitutes(shop);
}

export function loadCapRules(shop: string): Promise<CapRuleRow[]> {
  return listCapRules(shop);
}

// ---- updates -----------------------------------------------------------------------------------

const sku = z.string().trim().min(1).max(255);

const capRuleInput = z.object({
  sku: sku.nullable(),
  channel: z.string().trim().min(1).max(100).nullable(),
  eligible: z.boolean(),
  maxUnits: z.number().int().min(0).max(1_000_000).nullable(),
  resumeMargin: z.number().int().min(0).max(1_000_000).nullable().optional(),
});

export const RecoverySettingsInputSchema = z
  .object({
    holdRule: z.enum(RECOVERY_HOLD_RULES),
    aging: agingSettingsSchema,
    priorityPolicy: priorityPolicySchema.nullable(),
    choiceLinkDays: z.number().int().min(1).max(90),
    substitutes: z
      .array(z.object({ sku, substitutes: z.array(sku).max(20) }))
      .max(5000)
      .superRefine((rows, ctx) => {
        const seen = new Set<string>();
        rows.forEach((r, i) => {
          if (seen.has(r.sku)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, "sku"], message: `${r.sku} is listed twice` });
          seen.add(r.sku);
          r.substitutes.forEach((s, j) => {
            if (s === r.sku) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, "substitutes", j], message: "A SKU cannot substitute itself" });
          });
        });
      }),
    capRules: z.array(capRuleInput).max(5000),
  })
  .partial()
  .strict()
  .superRefine((input, ctx) => {
    if (!input.capRules) return;
    const domain = capRulesSchema.safeParse(input.capRules.map(({ resumeMargin: _r, ...rule }) => rule));
    if (!domain.success) for (const issue of domain.error.issues) ctx.addIssue({ ...issue, path: ["capRules", ...issue.path] });
    input.capRules.forEach((r, i) => {
      if (r.resumeMargin != null && r.maxUnits != null && r.resumeMargin > r.maxUnits)
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["capRules", i, "resumeMargin"], message: "The resume margin cannot exceed the cap" });
      if (!r.eligible && r.maxUnits !== null) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["capRules", i, "maxUnits"], message: "A SKU that may not be backordered has no cap" });
    });
  });
export type RecoverySettingsInput = z.input<typeof RecoverySettingsInputSchema>;

export type RecoverySettingsUpdate = { ok: true; settings: ShopRecoverySettings } | { ok: false; errors: { field: string; message: string }[] };

/** Validates and stores a partial update; fields left out keep their value. Caps are re-checked. */
export async function updateRecoverySettings(shop: string, input: unknown): Promise<RecoverySettingsUpdate> {
  const parsed = RecoverySettingsInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => ({ field: i.path.join(".") || "(settings)", message: i.message })) };
  const p = parsed.data;
  const at = now();
  return withTransaction(async (tx) => {
    const current = await loadRecoverySettings(shop, tx);
    const next: ShopRecoverySettings = {
      holdRule: p.holdRule ?? current.holdRule,
      aging: p.aging ?? current.aging,
      priorityPolicy: p.priorityPolicy === undefined ? current.priorityPolicy : p.priorityPolicy,
      choiceLinkDays: p.choiceLinkDays ?? current.choiceLinkDays,
      updatedAt: at,
    };
    await saveRecoverySettings(tx, shop, {
      holdRule: next.holdRule,
      aging: next.aging,
      priorityPolicy: next.priorityPolicy ? { criteria: [...next.priorityPolicy.criteria], serviceLevelDays: next.priorityPolicy.serviceLevelDays } : null,
      choiceLinkDays: next.choiceLinkDays,
      updatedAt: at,
    });
    if (p.substitutes) await replaceSubstitutes(tx, shop, p.substitutes.flatMap((r) => [...new Set(r.substitutes)].map((s) => ({ sku: r.sku, substituteSku: s }))));
    if (p.capRules) {
      await replaceCapRules(tx, shop, p.capRules.map((r) => ({ sku: r.sku, channel: r.channel, eligible: r.eligible, maxUnits: r.maxUnits, resumeMargin: r.resumeMargin ?? null })));
      await markCapsDirty(tx, shop);
    }
    return { ok: true, settings: next };
  });
}

/** The hold rule in force for one order: the customer's answer, else the shop's rule. */
export function holdRuleFor(shopRule: RecoveryHoldRule, override: string | null): HoldRule | null {
  if (override === "hold_whole_order" || override === "split_ship_rest") return override;
  return shopRule === "off" ? null : shopRule;
}
