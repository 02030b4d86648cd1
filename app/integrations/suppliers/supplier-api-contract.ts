// The wire contract Backorder Pilot speaks with API suppliers, JSON and GraphQL flavours: what we
// send, and the zod schemas every answer must pass before we believe it. The stand-in serves the
// same contract, so both sides are checked against one definition.
import { z } from "zod";
import { IsoDateSchema, PurchaseOrderDocumentSchema, type PurchaseOrderDocument } from "./purchase-order-document";

export const SUPPLIER_ORDER_STATUSES = ["accepted", "confirmed", "shipped", "cancelled"] as const;
export type SupplierOrderStatus = (typeof SUPPLIER_ORDER_STATUSES)[number];

/** The request body: the document minus the idempotency key, which travels as a header. */
export const SupplierPurchaseOrderSchema = PurchaseOrderDocumentSchema.omit({ idempotencyKey: true });
export type SupplierPurchaseOrder = z.infer<typeof SupplierPurchaseOrderSchema>;

export function toSupplierPurchaseOrder({ idempotencyKey: _key, ...rest }: PurchaseOrderDocument): SupplierPurchaseOrder {
  return rest;
}

const Reference = z.string().trim().min(1).max(200);
// GraphQL enums arrive upper-case; JSON suppliers vary in casing.
const Status = z.preprocess((v) => (typeof v === "string" ? v.toLowerCase() : v), z.enum(SUPPLIER_ORDER_STATUSES));
const ConfirmedLines = z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().nonnegative() }));

/**
 * A created (or replayed) order. The reference is what proves the supplier holds the order, so it
 * is strict; an unreadable ETA or line echo is dropped rather than turning a real order into a
 * retry.
 */
export const SupplierOrderAnswerSchema = z.object({
  reference: Reference,
  eta: IsoDateSchema.nullish().catch(undefined),
  lines: ConfirmedLines.optional().catch(undefined),
});
export type SupplierOrderAnswer = z.infer<typeof SupplierOrderAnswerSchema>;

export const SupplierStatusAnswerSchema = z.object({
  reference: Reference,
  status: Status,
  eta: IsoDateSchema.nullish().catch(undefined),
});

/** Error bodies come in many shapes; the first readable message wins. */
const ErrorBodySchema = z.union([
  z.object({ error: z.object({ message: z.string().min(1) }) }).transform((b) => b.error.message),
  z.object({ error: z.string().min(1) }).transform((b) => b.error),
  z.object({ message: z.string().min(1) }).transform((b) => b.message),
  z.object({ errors: z.array(z.object({ message: z.string().min(1) })).min(1) }).transform((b) => b.errors.map((e) => e.message).join("; ")),
]);

const MAX_MESSAGE = 500;

/** The supplier's explanation from an error body: JSON message fields, or short plain text. */
export function supplierErrorMessage(body: string, contentType: string | null): string | undefined {
  const trimmed = body.trim();
  if (!trimmed) return undefined;
  if (contentType?.includes("json") || trimmed.startsWith("{")) {
    try {
      const parsed = ErrorBodySchema.safeParse(JSON.parse(trimmed));
      if (parsed.success) return parsed.data.slice(0, MAX_MESSAGE);
    } catch {
      // not JSON after all: fall through to text
    }
  }
  if (contentType?.startsWith("text/html") || trimmed.startsWith("<")) return undefined;
  return trimmed.slice(0, MAX_MESSAGE);
}

export const SUBMIT_PURCHASE_ORDER_MUTATION = /* GraphQL */ `
  mutation SubmitPurchaseOrder($input: PurchaseOrderInput!) {
    submitPurchaseOrder(input: $input) {
      purchaseOrder { reference status eta lines { sku quantity } }
      userErrors { field message }
    }
  }
`;

export const PURCHASE_ORDER_STATUS_QUERY = /* GraphQL */ `
  query PurchaseOrderStatus($reference: String!) {
    purchaseOrder(reference: $reference) { reference status eta }
  }
`;

const UserErrors = z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string().min(1) }));

export const SubmitMutationDataSchema = z.object({
  submitPurchaseOrder: z.object({ purchaseOrder: SupplierOrderAnswerSchema.nullable(), userErrors: UserErrors }),
});

export const StatusQueryDataSchema = z.object({ purchaseOrder: SupplierStatusAnswerSchema.nullable() });

/** Top-level GraphQL error codes that will not change on a retry. */
export const PERMANENT_GRAPHQL_CODES = new Set([
  "BAD_USER_INPUT",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "ACCESS_DENIED",
]);
