// The supplier stand-in's GraphQL flavour: a deliberately tiny schema with one mutation to place a
// purchase order and one query to read it back, executed with graphql-js.
import { buildSchema, graphql, type ExecutionResult } from "graphql";
import { z } from "zod";
import { SupplierPurchaseOrderSchema } from "../integrations/suppliers/supplier-api-contract";
import type { StandInOrder, SupplierOrderBook } from "./supplier-order-book";

const SDL = /* GraphQL */ `
  enum PurchaseOrderStatus { ACCEPTED CONFIRMED SHIPPED CANCELLED }
  type PurchaseOrderLine { sku: String! quantity: Int! }
  type PurchaseOrder { reference: String! status: PurchaseOrderStatus! eta: String lines: [PurchaseOrderLine!]! }
  type UserError { field: [String!] message: String! }
  type SubmitPurchaseOrderPayload { purchaseOrder: PurchaseOrder userErrors: [UserError!]! }

  input BuyerInput { shopName: String! email: String }
  input SupplierInput { id: String! name: String! }
  input ShipToInput { name: String! address: String }
  input PurchaseOrderLineInput { sku: String! description: String quantity: Int! unitCost: Float! supplierSku: String }
  input PurchaseOrderInput {
    poNumber: String!
    buyer: BuyerInput!
    supplier: SupplierInput!
    currency: String!
    shipTo: ShipToInput!
    requestedDeliveryDate: String
    lines: [PurchaseOrderLineInput!]!
    notes: String
  }

  type Query { purchaseOrder(reference: String!): PurchaseOrder }
  type Mutation { submitPurchaseOrder(input: PurchaseOrderInput!): SubmitPurchaseOrderPayload! }
`;

const schema = buildSchema(SDL);

export const GraphqlRequestSchema = z.object({
  query: z.string().min(1),
  variables: z.record(z.unknown()).nullish(),
  operationName: z.string().nullish(),
});
export type GraphqlRequest = z.infer<typeof GraphqlRequestSchema>;

export type GraphqlContext = {
  book: SupplierOrderBook;
  supplierId: string;
  idempotencyKey?: string;
  /** Set when the supplier is in "rejects" mode and the key is new. */
  rejectReason?: string;
};

type UserError = { field: string[] | null; message: string };
type PurchaseOrderView = { reference: string; status: string; eta: string | null; lines: { sku: string; quantity: number }[] };

const root = {
  purchaseOrder({ reference }: { reference: string }, ctx: GraphqlContext): PurchaseOrderView | null {
    const order = ctx.book.find(ctx.supplierId, reference);
    return order ? view(order) : null;
  },
  submitPurchaseOrder({ input }: { input: unknown }, ctx: GraphqlContext): { purchaseOrder: PurchaseOrderView | null; userErrors: UserError[] } {
    if (!ctx.idempotencyKey) return failed(null, "Idempotency-Key header required");
    if (ctx.rejectReason) return failed(["input"], ctx.rejectReason);
    const parsed = SupplierPurchaseOrderSchema.safeParse(dropNulls(input));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return failed(["input", ...issue.path.map(String)], issue.message);
    }
    const placed = ctx.book.place(ctx.supplierId, ctx.idempotencyKey, { channel: "graphql", purchaseOrder: parsed.data }, JSON.stringify(parsed.data));
    if (placed.kind === "conflict") return failed(null, "Idempotency-Key reused with a different purchase order");
    return { purchaseOrder: view(placed.order), userErrors: [] };
  },
};

export function executeSupplierGraphql(request: GraphqlRequest, ctx: GraphqlContext): Promise<ExecutionResult> {
  return graphql({
    schema,
    source: request.query,
    variableValues: request.variables ?? undefined,
    operationName: request.operationName ?? undefined,
    rootValue: root,
    contextValue: ctx,
  });
}

function failed(field: string[] | null, message: string) {
  return { purchaseOrder: null, userErrors: [{ field, message }] };
}

function view(order: StandInOrder): PurchaseOrderView {
  return {
    reference: order.reference,
    status: order.status.toUpperCase(),
    eta: order.eta ?? null,
    lines: order.channel === "edi" ? [] : order.purchaseOrder.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
  };
}

/** GraphQL hands explicit nulls for omitted optional input fields; the contract uses absence. */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, dropNulls(v)]));
}
