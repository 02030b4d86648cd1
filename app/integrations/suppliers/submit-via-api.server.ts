// One attempt to place a purchase order through a supplier's API (plain JSON or GraphQL), with
// the Idempotency-Key header so a retried job never creates a second order, and the outcome
// classified: 2xx with a valid answer = accepted, permanent 4xx = rejected, everything that may
// heal (timeouts, resets, 408/409/425/429, 5xx, a garbled 200) = transient.
import { ClientError, GraphQLClient } from "graphql-request";
import type { GraphQLError } from "graphql";
import { now } from "../../clock.server";
import { classifyHttpFailure, classifyRequestError, type Failure } from "./classify-http-failure";
import type { PurchaseOrderDocument, SubmissionAccepted, SubmissionResult } from "./purchase-order-document";
import {
  PERMANENT_GRAPHQL_CODES,
  SUBMIT_PURCHASE_ORDER_MUTATION,
  SubmitMutationDataSchema,
  SupplierOrderAnswerSchema,
  supplierErrorMessage,
  toSupplierPurchaseOrder,
  type SupplierOrderAnswer,
} from "./supplier-api-contract";
import { ApiSupplierConfigSchema, DEFAULT_SUPPLIER_TIMEOUT_MS, type ApiSupplierConfig, type ParsedApiSupplierConfig } from "./supplier-channel-config";
import { exchange, failureOf, isAnswer, isSuccess, parseJson, supplierHeaders, unreadable } from "./supplier-http.server";
import { describeIssues, validateSubmission } from "./validate-submission";

export async function submitViaApi(po: PurchaseOrderDocument, config: ApiSupplierConfig): Promise<SubmissionResult> {
  const checked = validateSubmission(po, ApiSupplierConfigSchema, config);
  if (!checked.ok) return checked.failure;
  return checked.config.kind === "json" ? submitJson(checked.po, checked.config) : submitGraphql(checked.po, checked.config);
}

async function submitJson(po: PurchaseOrderDocument, config: ParsedApiSupplierConfig): Promise<SubmissionResult> {
  const answer = await exchange(
    config.url,
    {
      method: "POST",
      headers: { ...supplierHeaders(po, config.token), "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(toSupplierPurchaseOrder(po)),
    },
    config.timeoutMs ?? DEFAULT_SUPPLIER_TIMEOUT_MS,
  );
  if (!isAnswer(answer)) return answer;
  if (!isSuccess(answer)) return failureOf(answer);
  const json = parseJson(answer.body);
  if (!json.ok) return unreadable(answer, json.error);
  const parsed = SupplierOrderAnswerSchema.safeParse(json.value);
  return parsed.success ? accepted(parsed.data) : unreadable(answer, describeIssues(parsed.error));
}

async function submitGraphql(po: PurchaseOrderDocument, config: ParsedApiSupplierConfig): Promise<SubmissionResult> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_SUPPLIER_TIMEOUT_MS;
  const client = new GraphQLClient(config.url, { headers: supplierHeaders(po, config.token), redirect: "manual", errorPolicy: "all" });
  let response: { status: number; data: unknown; errors?: readonly GraphQLError[] };
  try {
    response = await client.rawRequest<unknown>({
      query: SUBMIT_PURCHASE_ORDER_MUTATION,
      variables: { input: toSupplierPurchaseOrder(po) },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return graphqlTransportFailure(error, timeoutMs);
  }
  // A purchase order in the answer wins over anything else: the supplier holds the order.
  const parsed = SubmitMutationDataSchema.safeParse(response.data);
  if (parsed.success && parsed.data.submitPurchaseOrder.purchaseOrder) return accepted(parsed.data.submitPurchaseOrder.purchaseOrder);
  if (parsed.success && parsed.data.submitPurchaseOrder.userErrors.length > 0) {
    return { outcome: "rejected", reason: parsed.data.submitPurchaseOrder.userErrors.map((e) => e.message).join("; ") };
  }
  if (response.errors?.length) return graphqlErrorsFailure(response.errors);
  return { outcome: "transient", reason: `unreadable answer (HTTP ${response.status}): ${parsed.success ? "no purchase order and no errors" : describeIssues(parsed.error)}` };
}

/** Shared with status reads: a non-2xx answer or no usable answer at all. */
export function graphqlTransportFailure(error: unknown, timeoutMs: number): Failure {
  if (isUnparsableAnswer(error)) {
    const failure = classifyRequestError(error, timeoutMs);
    return { ...failure, reason: `unreadable answer: ${failure.reason}` };
  }
  if (!(error instanceof ClientError)) return classifyRequestError(error, timeoutMs);
  const { status, headers, body, errors } = error.response;
  const message = errors?.length ? errors.map((e) => e.message).join("; ") : supplierErrorMessage(body, headers.get("content-type"));
  return classifyHttpFailure({ status, headers, message }, now());
}

// graphql-request throws these for a 2xx body that is not a GraphQL result (HTML, broken JSON).
function isUnparsableAnswer(error: unknown): boolean {
  return error instanceof SyntaxError || (error instanceof Error && error.message.startsWith("Invalid execution result"));
}

/** Top-level errors on a 200: permanent when the code says the request itself is wrong. */
export function graphqlErrorsFailure(errors: readonly GraphQLError[]): Failure {
  const reason = `GraphQL: ${errors.map((e) => e.message).join("; ")}`;
  const permanent = errors.some((e) => typeof e.extensions?.code === "string" && PERMANENT_GRAPHQL_CODES.has(e.extensions.code));
  return permanent ? { outcome: "rejected", reason } : { outcome: "transient", reason };
}

function accepted(answer: SupplierOrderAnswer): SubmissionAccepted {
  return {
    outcome: "accepted",
    supplierReference: answer.reference,
    ...(answer.eta ? { confirmedEta: answer.eta } : {}),
    ...(answer.lines ? { confirmedLines: answer.lines } : {}),
  };
}
