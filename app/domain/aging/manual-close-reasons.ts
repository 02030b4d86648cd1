// Staff may close a backordered line by hand, but never silently: the reason code feeds reports
// (why lines leave the queue other than by restock) and the audit trail.
import { z } from "zod";

export const MANUAL_CLOSE_REASONS = ["customer_cancelled", "substituted", "fulfilled_elsewhere", "stock_found", "duplicate", "other"] as const;
export type ManualCloseReason = (typeof MANUAL_CLOSE_REASONS)[number];

export const MANUAL_CLOSE_REASON_LABELS: Record<ManualCloseReason, string> = {
  customer_cancelled: "Customer cancelled",
  substituted: "Substituted with another product",
  fulfilled_elsewhere: "Fulfilled from another location or supplier",
  stock_found: "Stock found (count was wrong)",
  duplicate: "Duplicate backorder",
  other: "Other (explain in the note)",
};

export function isManualCloseReason(value: string): value is ManualCloseReason {
  return (MANUAL_CLOSE_REASONS as readonly string[]).includes(value);
}

/** A manual close as submitted by staff; "other" needs a note, since the code alone says nothing. */
export const manualCloseSchema = z
  .object({
    reason: z.enum(MANUAL_CLOSE_REASONS),
    note: z.string().trim().max(500).optional(),
  })
  .refine((c) => c.reason !== "other" || (c.note ?? "").length > 0, { path: ["note"], message: "Explain why the line is closed" });

export type ManualClose = z.infer<typeof manualCloseSchema>;
