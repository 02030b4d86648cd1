// One HTTP exchange with a supplier: bounded by a timeout, redirects surfaced (never silently
// turning a POST into a GET), and either an answer to classify or an already-classified failure.
import { now } from "../../clock.server";
import { classifyHttpFailure, classifyRequestError, type Failure, type TransientFailure } from "./classify-http-failure";
import type { PurchaseOrderDocument } from "./purchase-order-document";
import { supplierErrorMessage } from "./supplier-api-contract";

export type HttpAnswer = { status: number; headers: Headers; body: string };

const USER_AGENT = "BackorderPilot/1.0 (+purchase-orders)";

export async function exchange(url: string, init: RequestInit, timeoutMs: number): Promise<HttpAnswer | TransientFailure> {
  try {
    const response = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    // The timeout covers the body too: a supplier that stalls mid-answer is as down as one that never answers.
    return { status: response.status, headers: response.headers, body: await response.text() };
  } catch (error) {
    return classifyRequestError(error, timeoutMs);
  }
}

export function isAnswer(value: HttpAnswer | TransientFailure): value is HttpAnswer {
  return !("outcome" in value);
}

export function isSuccess(answer: HttpAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

export function failureOf(answer: HttpAnswer): Failure {
  return classifyHttpFailure({ status: answer.status, headers: answer.headers, message: supplierErrorMessage(answer.body, answer.headers.get("content-type")) }, now());
}

/** Headers on every request to a supplier. */
export function baseHeaders(token: string | undefined): Record<string, string> {
  return { "user-agent": USER_AGENT, ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

/** Headers on a submission; the idempotency key makes a retried attempt harmless. */
export function supplierHeaders(po: Pick<PurchaseOrderDocument, "idempotencyKey">, token: string | undefined): Record<string, string> {
  return { ...baseHeaders(token), "idempotency-key": po.idempotencyKey };
}

export function unreadable(answer: HttpAnswer, detail: string): TransientFailure {
  return { outcome: "transient", reason: `unreadable answer (HTTP ${answer.status}): ${detail}` };
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
