// A shop's promise settings: the shop's own receiving and processing days, transit per channel,
// the quantiles that open and close a window, and its wording of each customer notice. Defaults
// apply while the shop has saved nothing.
import { z } from "zod";
import { LEARNING_DEFAULTS } from "../../domain/promises";
import { NOTICE_KINDS, unknownPlaceholders, type NoticeKind, type NoticeOverrides } from "../../emails";
import { findPromiseSettings, savePromiseSettings } from "../../models/promises.server";
import { now } from "../../clock.server";

export type TransitDays = { default: number; [channel: string]: number };

export type ShopPromiseSettings = {
  receivingDays: number;
  processingDays: number;
  transitDays: TransitDays;
  lowQuantile: number;
  highQuantile: number;
  approvalDays: number;
  noticesEnabled: boolean;
  noticeTexts: Partial<Record<NoticeKind, NoticeOverrides>>;
  /** null while the shop uses the defaults. */
  updatedAt: Date | null;
};

export const DEFAULT_PROMISE_SETTINGS: ShopPromiseSettings = {
  receivingDays: 1,
  processingDays: 1,
  transitDays: { default: 0 },
  lowQuantile: LEARNING_DEFAULTS.lowQuantile,
  highQuantile: LEARNING_DEFAULTS.highQuantile,
  approvalDays: 2,
  noticesEnabled: true,
  noticeTexts: {},
  updatedAt: null,
};

const days = z.number().int().min(0).max(60);
const quantile = z.number().min(0).max(1);
const noticeText = z
  .object({ subject: z.string().max(200).nullable().optional(), intro: z.string().max(4000).nullable().optional() })
  .strict()
  .superRefine((t, ctx) => {
    for (const field of ["subject", "intro"] as const) {
      const unknown = t[field] ? unknownPlaceholders(t[field]!) : [];
      if (unknown.length) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message: `unknown placeholder(s): ${unknown.map((u) => `{{${u}}}`).join(", ")} (use {{order}}, {{shop}}, {{customer}})` });
    }
  });

export const PromiseSettingsInputSchema = z
  .object({
    receivingDays: days.optional(),
    processingDays: days.optional(),
    transitDays: z.record(z.string().min(1).max(100), days).optional(),
    lowQuantile: quantile.optional(),
    highQuantile: quantile.optional(),
    approvalDays: days.optional(),
    noticesEnabled: z.boolean().optional(),
    noticeTexts: z.object(Object.fromEntries(NOTICE_KINDS.map((k) => [k, noticeText.optional()])) as Record<NoticeKind, z.ZodOptional<typeof noticeText>>).strict().optional(),
  })
  .strict();
export type PromiseSettingsInput = z.input<typeof PromiseSettingsInputSchema>;

function readTransit(raw: unknown): TransitDays {
  const parsed = z.record(z.string(), days).safeParse(raw);
  const value = parsed.success ? parsed.data : {};
  return { ...value, default: value.default ?? DEFAULT_PROMISE_SETTINGS.transitDays.default };
}

function readTexts(raw: unknown): ShopPromiseSettings["noticeTexts"] {
  const parsed = z.record(z.string(), noticeText).safeParse(raw);
  if (!parsed.success) return {};
  return Object.fromEntries(Object.entries(parsed.data).filter(([k]) => (NOTICE_KINDS as readonly string[]).includes(k)));
}

export async function loadPromiseSettings(shop: string): Promise<ShopPromiseSettings> {
  const row = await findPromiseSettings(shop);
  if (!row) return DEFAULT_PROMISE_SETTINGS;
  return {
    receivingDays: row.receivingDays,
    processingDays: row.processingDays,
    transitDays: readTransit(row.transitDays),
    lowQuantile: row.lowQuantile,
    highQuantile: row.highQuantile,
    approvalDays: row.approvalDays,
    noticesEnabled: row.noticesEnabled,
    noticeTexts: readTexts(row.noticeTexts),
    updatedAt: row.updatedAt,
  };
}

/** Transit days of an order's channel (the shop's default for channels not listed). */
export function transitDaysFor(settings: ShopPromiseSettings, channel: string): number {
  return settings.transitDays[channel] ?? settings.transitDays.default;
}

export type PromiseSettingsUpdate = { ok: true; settings: ShopPromiseSettings } | { ok: false; errors: { field: string; message: string }[] };

/** Validates and stores a partial update (fields left out keep their value); the refresh re-promises every open line. */
export async function updatePromiseSettings(shop: string, input: unknown): Promise<PromiseSettingsUpdate> {
  const parsed = PromiseSettingsInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => ({ field: i.path.join(".") || "(settings)", message: i.message })) };
  const p = parsed.data;
  const current = await loadPromiseSettings(shop);
  const next: ShopPromiseSettings = {
    receivingDays: p.receivingDays ?? current.receivingDays,
    processingDays: p.processingDays ?? current.processingDays,
    transitDays: p.transitDays ? { ...current.transitDays, ...p.transitDays } : current.transitDays,
    lowQuantile: p.lowQuantile ?? current.lowQuantile,
    highQuantile: p.highQuantile ?? current.highQuantile,
    approvalDays: p.approvalDays ?? current.approvalDays,
    noticesEnabled: p.noticesEnabled ?? current.noticesEnabled,
    noticeTexts: { ...current.noticeTexts, ...(p.noticeTexts ?? {}) },
    updatedAt: now(),
  };
  if (next.lowQuantile > next.highQuantile) return { ok: false, errors: [{ field: "lowQuantile", message: "must not be above highQuantile" }] };
  const { updatedAt, ...row } = next;
  await savePromiseSettings(shop, { ...row, updatedAt: updatedAt! });
  return { ok: true, settings: next };
}
