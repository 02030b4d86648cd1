// One read of a purchase order's state at an API supplier (for ETA updates): its status and ETA,
// or a classified failure. An unknown reference is permanent: polling again will not find it.
import { GraphQLClient } from "graphql-request";
import type { GraphQLError } from "graphql";
import type { Failure } from "./classify-http-failure";
import { PURCHASE_ORDER_STATUS_QUERY, StatusQueryDataSchema, SupplierStatusAnswerSchema, type SupplierOrderStatus } from "./supplier-api-contract";
import { ApiSupplierConfigSchema, DEFAULT_SUPPLIER_TIMEOUT_MS, type ApiSupplierConfig, type ParsedApiSupplierConfig } from "./supplier-channel-config";
import { baseHeaders, exchange, failureOf, isAnswer, isSuccess, parseJson, unreadable } from "./supplier-http.server";
import { graphqlErrorsFailure, graphqlTransportFailure } from "./submit-via-api.server";
import { describeIssues } from "./validate-submission";

export type SupplierStatus = { outcome: "found"; status: SupplierOrderStatus; /** YYYY-MM-DD */ eta?: string };
export type SupplierStatusResult = SupplierStatus | Failure;

export async function fetchSupplierStatus(reference: string, config: ApiSupplierConfig): Promise<SupplierStatusResult> {
  const parsed = ApiSupplierConfigSchema.safeParse(config);
  if (!parsed.success) return { outcome: "rejected", reason: `invalid supplier config: ${describeIssues(parsed.error)}` };
  if (!reference.trim()) return { outcome: "rejected", reason: "empty supplier reference" };
  return parsed.data.kind === "json" ? statusViaJson(reference, parsed.data) : statusViaGraphql(reference, parsed.data);
}

async function statusViaJson(reference: string, config: ParsedApiSupplierConfig): Promise<SupplierStatusResult> {
  const url = `${config.url.replace(/\/+$/, "")}/${encodeURIComponent(reference)}`;
  const answer = await exchange(url, { method: "GET", headers: readHeaders(config.token) }, config.timeoutMs ?? DEFAULT_SUPPLIER_TIMEOUT_MS);
  if (!isAnswer(answer)) return answer;
  if (!isSuccess(answer)) return failureOf(answer);
  const json = parseJson(answer.body);
  if (!json.ok) return unreadable(answer, json.error);
  const status = SupplierStatusAnswerSchema.safeParse(json.value);
  return status.success ? found(status.data) : unreadable(answer, describeIssues(status.error));
}

async function statusViaGraphql(reference: string, config: ParsedApiSupplierConfig): Promise<SupplierStatusResult> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_SUPPLIER_TIMEOUT_MS;
  const client = new GraphQLClient(config.url, { headers: readHeaders(config.token), redirect: "manual", errorPolicy: "all" });
  let response: { status: number; data: unknown; errors?: readonly GraphQLError[] };
  try {
    response = await client.rawRequest<unknown>({ query: PURCHASE_ORDER_STATUS_QUERY, variables: { reference }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return graphqlTransportFailure(error, timeoutMs);
  }
  const parsed = StatusQueryDataSchema.safeParse(response.data);
  if (parsed.success && parsed.data.purchaseOrder) return found(parsed.data.purchaseOrder);
  if (response.errors?.length) return graphqlErrorsFailure(response.errors);
  if (parsed.success) return { outcome: "rejected", reason: `supplier has no purchase order ${reference}` };
  return { outcome: "transient", reason: `unreadable answer (HTTP ${response.status}): ${describeIssues(parsed.error)}` };
}

function readHeaders(token: string | undefined): Record<string, string> {
  return { ...baseHeaders(token), accept: "application/json" };
}

function found(answer: { status: SupplierOrderStatus; eta?: string | null }): SupplierStatus {
  return { outcome: "found", status: answer.status, ...(answer.eta ? { eta: answer.eta } : {}) };
}
