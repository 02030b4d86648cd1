import { z } from "zod";

export const AUTO_CANCEL_MODES = ["cancel", "ask_consent", "off"] as const;
export type AutoCancelMode = (typeof AUTO_CANCEL_MODES)[number];

export const AUTO_CANCEL_MODE_LABELS: Record<AutoCancelMode, string> = {
  cancel: "Cancel the backordered units automatically",
  ask_consent: "Ask the customer whether to keep waiting; cancel if they do not answer",
  off: "Never cancel automatically (staff reach out)",
};

export type AgingSettings = {
  autoCancel: {
    /** Business days a line may wait; the automatic step starts once MORE have passed. */
    afterDays: number;
    mode: AutoCancelMode;
    /** ask_consent: business days to wait for an answer before cancelling. */
    consentGraceDays: number;
  };
};

// Asking first is the default: cancelling a paid order without a word is the merchant's call.
export const DEFAULT_AGING_SETTINGS: AgingSettings = {
  autoCancel: { afterDays: 14, mode: "ask_consent", consentGraceDays: 5 },
};

export const agingSettingsSchema = z.object({
  autoCancel: z.object({
    afterDays: z.number().int().min(1).max(365).default(DEFAULT_AGING_SETTINGS.autoCancel.afterDays),
    mode: z.enum(AUTO_CANCEL_MODES).default(DEFAULT_AGING_SETTINGS.autoCancel.mode),
    consentGraceDays: z.number().int().min(1).max(60).default(DEFAULT_AGING_SETTINGS.autoCancel.consentGraceDays),
  }).default({}),
});
