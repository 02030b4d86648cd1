// How an HTTP exchange with a third party (supplier API, EDI endpoint, Slack) is classified when it
// did not succeed: permanent (fix something, do not retry) or transient (retry with backoff).
export type PermanentFailure = { outcome: "rejected"; reason: string };
export type TransientFailure = { outcome: "transient"; reason: string; retryAfterMs?: number };
export type Failure = PermanentFailure | TransientFailure;

// 4xx codes that describe the moment, not the request: timeout, conflicting in-flight request with
// the same idempotency key, too early, rate limited.
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

/** A 4xx (other than the retryable few) or a 3xx will get the same answer next time. */
export function isPermanentStatus(status: number): boolean {
  return status >= 300 && status < 500 && !RETRYABLE_4XX.has(status);
}

/**
 * Classifies a non-2xx answer. `message` is the other side's explanation (already extracted from
 * its body). Redirects are permanent: a moved endpoint needs its configured URL updated.
 */
export function classifyHttpFailure(answer: { status: number; headers: Headers; message?: string }, now: Date): Failure {
  const reason = `HTTP ${answer.status}${answer.message ? `: ${answer.message}` : ""}`;
  if (answer.status >= 300 && answer.status < 400) {
    const location = answer.headers.get("location");
    return { outcome: "rejected", reason: location ? `${reason} (redirected to ${location}; update the endpoint URL)` : reason };
  }
  if (isPermanentStatus(answer.status)) return { outcome: "rejected", reason };
  const retryAfterMs = parseRetryAfter(answer.headers.get("retry-after"), now);
  return retryAfterMs === undefined ? { outcome: "transient", reason } : { outcome: "transient", reason, retryAfterMs };
}

/** Retry-After as delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at) || !/[a-z]/i.test(trimmed)) return undefined;
  return Math.max(0, at - now.getTime());
}

/**
 * A request that never produced an answer (refused, reset, DNS, timeout, unreadable body) is
 * always transient: the other side may well be fine a minute later.
 */
export function classifyRequestError(error: unknown, timeoutMs: number): TransientFailure {
  return { outcome: "transient", reason: describeRequestError(error, timeoutMs) };
}

function describeRequestError(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return oneLine(String(error));
  if (error.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  if (error.name === "AbortError") return "request aborted";
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const causeMessage = typeof cause?.message === "string" && cause.message ? cause.message : undefined;
  if (typeof cause?.code === "string") return oneLine(`connection failed (${cause.code}${causeMessage && causeMessage !== cause.code ? `: ${causeMessage}` : ""})`);
  return oneLine(causeMessage ? `${error.message}: ${causeMessage}` : error.message);
}

/** Reasons end up in logs and the escalation inbox: one line, bounded. */
function oneLine(text: string, max = 300): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
