// An alert for the ops team: a backorder the pilot could not resolve on its own (supplier
// rejected the PO, retries exhausted, no supplier configured, ETA slipped past a promise…).
import { z } from "zod";

export const OpsAlertSchema = z.object({
  /** One human sentence: what happened and why it needs a person. */
  reason: z.string().trim().min(1),
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  /** Absent when no supplier is configured for the SKU (itself a reason to alert). */
  supplier: z.object({ id: z.string().min(1), name: z.string().min(1) }).optional(),
  poNumber: z.string().min(1).optional(),
  shop: z.string().min(1).optional(),
  /** Link to the escalation inbox (or the backorder inside it). */
  escalationUrl: z.string().url(),
  severity: z.enum(["warning", "critical"]).default("warning"),
  /** Stable per incident: a retried email alert carries the same Message-ID. */
  dedupeKey: z.string().min(1).optional(),
});

export type OpsAlert = z.input<typeof OpsAlertSchema>;
export type ParsedOpsAlert = z.output<typeof OpsAlertSchema>;
