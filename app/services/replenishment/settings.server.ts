// A shop's replenishment settings: zod-validated input (the names the scenario file uses, plus the
// delivery settings), stored in ReplenishmentSettings, read back with defaults for anything unset.
import { z } from "zod";
import { DEFAULT_SCORE_WEIGHTS, normaliseScoreWeights, scoreWeightsSchema, type ScoreWeights } from "../../domain/replenishment/score-weights";
import { DEFAULT_WINDOW_SETTINGS, type WindowSettings } from "../../domain/replenishment/deficit-window";
import { DEFAULT_COST_DEVIATION_PCT } from "../../domain/replenishment/replenishment-settings";
import { DEFAULT_PRIOR_WEIGHT } from "../../domain/replenishment/supplier-performance";
import { MailboxSchema } from "../../integrations/mail";
import { findSettingsRow, saveSettingsRow, type SettingsRow } from "../../models/replenishment/suppliers.server";
import { withTransaction, type Tx } from "../../models/transaction.server";
import { now } from "../../clock.server";

export type PromiseWindowDays = { default: number } & Record<string, number>;

export type ShopReplenishmentSettings = {
  weights: ScoreWeights;
  window: WindowSettings;
  /** Longest acceptable lead time (days) for units customers wait on, per channel. */
  promiseWindowDays: PromiseWindowDays;
  costDeviationPct: number;
  safetyStockDefault: number;
  priorWeight: number;
  submissionMaxAttempts: number;
  /** First retry delay; doubled per attempt. */
  submissionRetrySeconds: number;
  slackWebhookUrl: string | null;
  opsEmails: string[];
  purchasingEmail: string | null;
};

export const DEFAULT_PROMISE_WINDOW_DAYS = 7;

export const DEFAULT_REPLENISHMENT_SETTINGS: Readonly<ShopReplenishmentSettings> = Object.freeze({
  weights: { ...DEFAULT_SCORE_WEIGHTS },
  window: { ...DEFAULT_WINDOW_SETTINGS },
  promiseWindowDays: { default: DEFAULT_PROMISE_WINDOW_DAYS },
  costDeviationPct: DEFAULT_COST_DEVIATION_PCT,
  safetyStockDefault: 0,
  priorWeight: DEFAULT_PRIOR_WEIGHT,
  submissionMaxAttempts: 5,
  submissionRetrySeconds: 30,
  slackWebhookUrl: null,
  opsEmails: [],
  purchasingEmail: null,
});

const seconds = z.number().finite().positive().max(86_400);
const HttpUrl = z
  .string()
  .trim()
  .url()
  .refine((u) => /^https?:$/.test(new URL(u).protocol), "must be an http(s) URL");

/** What the settings screen (or a scenario) may change; everything is optional, unknown keys are refused. */
export const ReplenishmentSettingsInputSchema = z
  .object({
    supplierWeights: scoreWeightsSchema,
    dedupQuietSeconds: seconds,
    dedupWindowSeconds: seconds,
    promiseWindowDays: z
      .record(z.string().min(1), z.number().finite().positive())
      .refine((r) => Object.keys(r).length > 0, "at least one channel (or \"default\")"),
    costDeviationEscalationPct: z.number().finite().nonnegative(),
    safetyStockDefault: z.number().int().nonnegative(),
    performancePriorWeight: z.number().finite().nonnegative(),
    submissionMaxAttempts: z.number().int().min(1).max(20),
    submissionRetrySeconds: z.number().int().min(1).max(3600),
    slackWebhookUrl: HttpUrl.nullable(),
    opsEmails: z.array(z.string().trim().email()).max(20),
    purchasingEmail: MailboxSchema.nullable(),
  })
  .partial()
  .strict();
export type ReplenishmentSettingsInput = z.input<typeof ReplenishmentSettingsInputSchema>;

const StoredWeights = z.object({ leadTime: z.number(), fillRate: z.number(), unitCost: z.number(), apiAvailability: z.number() });
const StoredPromise = z.record(z.string(), z.number().positive());

/** The promise windows as stored (JSON), with the default filled in; anything malformed reads as the default. */
export function promiseWindowsFrom(stored: unknown): PromiseWindowDays {
  const promise = StoredPromise.safeParse(stored);
  return { default: DEFAULT_PROMISE_WINDOW_DAYS, ...(promise.success ? promise.data : {}) };
}

function fromRow(row: SettingsRow | null): ShopReplenishmentSettings {
  if (!row) return structuredClone(DEFAULT_REPLENISHMENT_SETTINGS) as ShopReplenishmentSettings;
  const weights = StoredWeights.safeParse(row.supplierWeights);
  return {
    weights: weights.success ? normaliseScoreWeights(weights.data) : { ...DEFAULT_SCORE_WEIGHTS },
    window: { quietSeconds: row.dedupQuietSeconds, maxSeconds: row.dedupWindowSeconds },
    promiseWindowDays: promiseWindowsFrom(row.promiseWindowDays),
    costDeviationPct: row.costDeviationPct,
    safetyStockDefault: row.safetyStockDefault,
    priorWeight: row.performancePriorWeight,
    submissionMaxAttempts: row.submissionMaxAttempts,
    submissionRetrySeconds: row.submissionRetrySeconds,
    slackWebhookUrl: row.slackWebhookUrl,
    opsEmails: row.opsEmails,
    purchasingEmail: row.purchasingEmail,
  };
}

export async function loadReplenishmentSettings(shop: string, client?: Tx): Promise<ShopReplenishmentSettings> {
  return fromRow(await findSettingsRow(client, shop));
}

/** The settings screen's read. */
export function getReplenishmentSettings(shop: string): Promise<ShopReplenishmentSettings> {
  return loadReplenishmentSettings(shop);
}

export type SettingsUpdateResult = { ok: true; settings: ShopReplenishmentSettings } | { ok: false; errors: { field: string; message: string }[] };

/** Validates and stores a partial update; fields left out keep their value. */
export async function updateReplenishmentSettings(shop: string, input: unknown): Promise<SettingsUpdateResult> {
  const parsed = ReplenishmentSettingsInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => ({ field: i.path.join(".") || "(settings)", message: i.message })) };
  const p = parsed.data;
  return withTransaction(async (tx) => {
    const current = await loadReplenishmentSettings(shop, tx);
    const next: ShopReplenishmentSettings = {
      weights: p.supplierWeights ?? current.weights,
      window: { quietSeconds: p.dedupQuietSeconds ?? current.window.quietSeconds, maxSeconds: p.dedupWindowSeconds ?? current.window.maxSeconds },
      promiseWindowDays: p.promiseWindowDays ? { default: current.promiseWindowDays.default, ...p.promiseWindowDays } : current.promiseWindowDays,
      costDeviationPct: p.costDeviationEscalationPct ?? current.costDeviationPct,
      safetyStockDefault: p.safetyStockDefault ?? current.safetyStockDefault,
      priorWeight: p.performancePriorWeight ?? current.priorWeight,
      submissionMaxAttempts: p.submissionMaxAttempts ?? current.submissionMaxAttempts,
      submissionRetrySeconds: p.submissionRetrySeconds ?? current.submissionRetrySeconds,
      slackWebhookUrl: p.slackWebhookUrl === undefined ? current.slackWebhookUrl : p.slackWebhookUrl,
      opsEmails: p.opsEmails ?? current.opsEmails,
      purchasingEmail: p.purchasingEmail === undefined ? current.purchasingEmail : p.purchasingEmail,
    };
    await saveSettingsRow(
      tx,
      shop,
      {
        supplierWeights: next.weights,
        dedupQuietSeconds: next.window.quietSeconds,
        dedupWindowSeconds: next.window.maxSeconds,
        promiseWindowDays: next.promiseWindowDays,
        costDeviationPct: next.costDeviationPct,
        safetyStockDefault: next.safetyStockDefault,
        performancePriorWeight: next.priorWeight,
        submissionMaxAttempts: next.submissionMaxAttempts,
        submissionRetrySeconds: next.submissionRetrySeconds,
        slackWebhookUrl: next.slackWebhookUrl,
        opsEmails: next.opsEmails,
        purchasingEmail: next.purchasingEmail,
      },
      now(),
    );
    return { ok: true, settings: next };
  });
}

/** The strictest promise window among the channels customers ordered on. */
export function promiseWindowFor(settings: Pick<ShopReplenishmentSettings, "promiseWindowDays">, channels: Iterable<string>): number {
  const days = [...channels].map((c) => settings.promiseWindowDays[c] ?? settings.promiseWindowDays.default);
  return days.length ? Math.min(...days) : settings.promiseWindowDays.default;
}
