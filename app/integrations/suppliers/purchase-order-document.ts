// The purchase order as every submission channel sees it, and the one result shape every adapter
// returns. The schema is the contract with suppliers' APIs (and what the stand-in checks).
import { z } from "zod";
import type { PermanentFailure, TransientFailure } from "./classify-http-failure";

export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD")
  .refine(isCalendarDate, "not a calendar date");

export const PurchaseOrderLineSchema = z.object({
  sku: z.string().min(1),
  description: z.string().optional(),
  quantity: z.number().int().positive(),
  unitCost: z.number().nonnegative().finite(),
  supplierSku: z.string().min(1).optional(),
});

export const PurchaseOrderDocumentSchema = z.object({
  poNumber: z.string().min(1),
  /** Stable across retries of the same PO: the supplier dedupes on it. */
  idempotencyKey: z.string().min(1).max(255),
  buyer: z.object({ shopName: z.string().min(1), email: z.string().email().optional() }),
  supplier: z.object({ id: z.string().min(1), name: z.string().min(1) }),
  currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code"),
  shipTo: z.object({ name: z.string().min(1), address: z.string().optional() }),
  requestedDeliveryDate: IsoDateSchema.optional(),
  lines: z.array(PurchaseOrderLineSchema).min(1),
  notes: z.string().optional(),
});

export type PurchaseOrderLine = z.infer<typeof PurchaseOrderLineSchema>;
export type PurchaseOrderDocument = z.infer<typeof PurchaseOrderDocumentSchema>;

export type SubmissionAccepted = {
  outcome: "accepted";
  supplierReference: string;
  /** YYYY-MM-DD */
  confirmedEta?: string;
  confirmedLines?: { sku: string; quantity: number }[];
};

/**
 * accepted: the supplier holds the order. rejected: permanent, do not retry this supplier for this
 * PO. transient: retry with backoff (no sooner than retryAfterMs when the supplier said so).
 */
export type SubmissionResult = SubmissionAccepted | PermanentFailure | TransientFailure;

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
