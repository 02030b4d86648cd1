import { describe, expect, it } from "vitest";
import { classifyHttpFailure, classifyRequestError, isPermanentStatus, parseRetryAfter } from "./classify-http-failure";

const NOW = new Date("2026-03-02T10:00:00Z");
const headers = (init: Record<string, string> = {}) => new Headers(init);

describe("isPermanentStatus", () => {
  it.each([400, 401, 403, 404, 410, 422, 301, 308])("%i is permanent", (status) => expect(isPermanentStatus(status)).toBe(true));
  it.each([408, 409, 425, 429, 500, 502, 503, 504])("%i is not", (status) => expect(isPermanentStatus(status)).toBe(false));
});

describe("classifyHttpFailure", () => {
  it("a 4xx is rejected with the other side's message", () => {
    expect(classifyHttpFailure({ status: 422, headers: headers(), message: "SKU A-1 is discontinued" }, NOW)).toEqual({
      outcome: "rejected",
      reason: "HTTP 422: SKU A-1 is discontinued",
    });
  });

  it("429 and 503 are transient and carry Retry-After (seconds or HTTP-date)", () => {
    expect(classifyHttpFailure({ status: 429, headers: headers({ "retry-after": "7" }) }, NOW)).toEqual({
      outcome: "transient",
      reason: "HTTP 429",
      retryAfterMs: 7000,
    });
    expect(classifyHttpFailure({ status: 503, headers: headers({ "retry-after": "Mon, 02 Mar 2026 10:01:30 GMT" }) }, NOW)).toEqual({
      outcome: "transient",
      reason: "HTTP 503",
      retryAfterMs: 90_000,
    });
  });

  it("a transient answer without Retry-After carries no retryAfterMs key at all", () => {
    expect(classifyHttpFailure({ status: 500, headers: headers(), message: "boom" }, NOW)).toStrictEqual({ outcome: "transient", reason: "HTTP 500: boom" });
  });

  it("a redirect is permanent and says where to", () => {
    expect(classifyHttpFailure({ status: 301, headers: headers({ location: "https://new.example/po" }) }, NOW)).toEqual({
      outcome: "rejected",
      reason: "HTTP 301 (redirected to https://new.example/po; update the endpoint URL)",
    });
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds, dates (never negative) and ignores garbage", () => {
    expect(parseRetryAfter("0", NOW)).toBe(0);
    expect(parseRetryAfter(" 120 ", NOW)).toBe(120_000);
    expect(parseRetryAfter("Mon, 02 Mar 2026 09:00:00 GMT", NOW)).toBe(0);
    expect(parseRetryAfter("-5", NOW)).toBeUndefined();
    expect(parseRetryAfter("1.5", NOW)).toBeUndefined();
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});

describe("classifyRequestError", () => {
  it("names timeouts, connection errors and anything else, always transient", () => {
    expect(classifyRequestError(new DOMException("aborted", "TimeoutError"), 1500)).toEqual({ outcome: "transient", reason: "no answer within 1500 ms" });
    const refused = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    expect(classifyRequestError(refused, 1500)).toEqual({ outcome: "transient", reason: "connection failed (ECONNREFUSED: connect ECONNREFUSED)" });
    const reset = new TypeError("fetch failed", { cause: Object.assign(new Error(""), { code: "ECONNRESET" }) });
    expect(classifyRequestError(reset, 1500)).toEqual({ outcome: "transient", reason: "connection failed (ECONNRESET)" });
    expect(classifyRequestError(new SyntaxError("Unexpected token <"), 1500)).toEqual({ outcome: "transient", reason: "Unexpected token <" });
    expect(classifyRequestError(new Error(`Got:\n${"x".repeat(400)}`), 1500).reason).toBe(`Got: ${"x".repeat(294)}…`);
  });
});
