import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSupplierApiStandIn, type SupplierApiStandIn } from "../../stand-ins/supplier-api-stand-in.server";
import { samplePurchaseOrder } from "./sample-purchase-order";
import { GraphQLError } from "graphql";
import { graphqlErrorsFailure, submitViaApi } from "./submit-via-api.server";

const CLOCK = () => new Date("2026-03-02T09:00:00Z");
let stand: SupplierApiStandIn;
let supplierCount = 0;

beforeAll(async () => {
  stand = await startSupplierApiStandIn({ suppliers: {}, clock: CLOCK });
});
afterAll(() => stand.stop());

/** A fresh supplier per test keeps order and request counts independent. */
function supplier(behaviour: Parameters<SupplierApiStandIn["addSupplier"]>[1] = { mode: "up" }): string {
  const id = `sup-${++supplierCount}`;
  stand.addSupplier(id, behaviour);
  return id;
}

describe.each(["json", "graphql"] as const)("submitViaApi (%s)", (kind) => {
  it("accepted: reference, ETA and confirmed lines from the supplier's answer", async () => {
    const id = supplier({ mode: "up", etaDays: 5, token: "tok-1" });
    const po = samplePurchaseOrder({ idempotencyKey: `${kind}-accept` });

    const result = await submitViaApi(po, stand.apiConfig(id, kind));

    expect(result).toEqual({
      outcome: "accepted",
      supplierReference: `SO-${id}-00001`,
      confirmedEta: "2026-03-07",
      confirmedLines: [
        { sku: "TENT-2P", quantity: 12 },
        { sku: "STOVE-MINI", quantity: 3 },
      ],
    });
    const [order] = stand.orders(id);
    expect(stand.orders(id)).toHaveLength(1);
    expect(order).toMatchObject({ channel: kind, idempotencyKey: `${kind}-accept`, status: "accepted", eta: "2026-03-07" });
    // The document arrives intact, minus the key (a header, not part of the order).
    const { idempotencyKey: _key, ...sent } = po;
    expect(order.channel !== "edi" && order.purchaseOrder).toEqual(sent);
    const [request] = stand.requests(id);
    expect(request.headers).toMatchObject({ "idempotency-key": `${kind}-accept`, authorization: "Bearer tok-1" });
  });

  it("is idempotent: the same key twice gives one order and the same reference", async () => {
    const id = supplier();
    const po = samplePurchaseOrder({ idempotencyKey: `${kind}-twice` });

    const first = await submitViaApi(po, stand.apiConfig(id, kind));
    const second = await submitViaApi(po, stand.apiConfig(id, kind));

    expect(first).toMatchObject({ outcome: "accepted", supplierReference: `SO-${id}-00001` });
    expect(second).toEqual(first);
    expect(stand.orders(id)).toHaveLength(1);
    expect(stand.requests(id)).toHaveLength(2);
  });

  it("down (connection destroyed) is transient and records no order", async () => {
    const id = supplier({ mode: "down" });
    const result = await submitViaApi(samplePurchaseOrder(), stand.apiConfig(id, kind));
    expect(result).toEqual({ outcome: "transient", reason: "connection failed (UND_ERR_SOCKET: other side closed)" });
    expect(stand.orders(id)).toEqual([]);
    expect(stand.requests(id).map((r) => r.answer)).toEqual(["destroyed"]);
  });

  it("slow beyond the timeout is transient; the retry with the same key finds the order the supplier already made", async () => {
    const id = supplier({ mode: "slow", delayMs: 1_000 });
    const po = samplePurchaseOrder({ idempotencyKey: `${kind}-slow` });

    const timedOut = await submitViaApi(po, stand.apiConfig(id, kind, 150));
    expect(timedOut).toEqual({ outcome: "transient", reason: "no answer within 150 ms" });

    stand.setMode(id, "up");
    const retried = await submitViaApi(po, stand.apiConfig(id, kind, 2_000));
    expect(retried).toMatchObject({ outcome: "accepted", supplierReference: `SO-${id}-00001` });
    expect(stand.orders(id)).toHaveLength(1);
  });

  it("slow within the timeout is accepted", async () => {
    const id = supplier({ mode: "slow", delayMs: 50 });
    expect(await submitViaApi(samplePurchaseOrder(), stand.apiConfig(id, kind, 2_000))).toMatchObject({ outcome: "accepted" });
  });

  it("5xx is transient and records no order", async () => {
    const id = supplier({ mode: "5xx" });
    expect(await submitViaApi(samplePurchaseOrder(), stand.apiConfig(id, kind))).toEqual({
      outcome: "transient",
      reason: "HTTP 500: Internal server error",
    });
    expect(stand.orders(id)).toEqual([]);
  });

  it("429 is transient and honours Retry-After", async () => {
    const id = supplier({ mode: "throttled", retryAfterSeconds: 30 });
    expect(await submitViaApi(samplePurchaseOrder(), stand.apiConfig(id, kind))).toEqual({
      outcome: "transient",
      reason: "HTTP 429: Too many requests",
      retryAfterMs: 30_000,
    });
  });

  it("rejects is a permanent rejection carrying the supplier's reason", async () => {
    const id = supplier({ mode: "rejects", rejectReason: "SKU TENT-2P is discontinued" });
    const result = await submitViaApi(samplePurchaseOrder(), stand.apiConfig(id, kind));
    expect(result).toEqual({
      outcome: "rejected",
      reason: kind === "json" ? "HTTP 422: SKU TENT-2P is discontinued" : "SKU TENT-2P is discontinued",
    });
    expect(stand.orders(id)).toEqual([]);
  });

  it("flaky: transient for the first failures, then accepted, one order in the end", async () => {
    const id = supplier({ mode: "flaky", failFirst: 2, retryAfterSeconds: 2 });
    const po = samplePurchaseOrder({ idempotencyKey: `${kind}-flaky` });
    const config = stand.apiConfig(id, kind);

    const outcomes = [await submitViaApi(po, config), await submitViaApi(po, config), await submitViaApi(po, config)];

    expect(outcomes.slice(0, 2)).toEqual([
      { outcome: "transient", reason: "HTTP 503: Service temporarily unavailable", retryAfterMs: 2_000 },
      { outcome: "transient", reason: "HTTP 503: Service temporarily unavailable", retryAfterMs: 2_000 },
    ]);
    expect(outcomes[2]).toMatchObject({ outcome: "accepted", supplierReference: `SO-${id}-00001` });
    expect(stand.orders(id)).toHaveLength(1);
  });

  it("a garbled 200 is transient, never accepted", async () => {
    const id = supplier({ mode: "garbled" });
    const result = await submitViaApi(samplePurchaseOrder(), stand.apiConfig(id, kind));
    expect(result).toEqual({
      outcome: "transient",
      reason:
        kind === "json"
          ? `unreadable answer (HTTP 200): Unexpected token '<', "<html><bod"... is not valid JSON`
          : "unreadable answer: Invalid execution result: result is not object or array. Got: <html><body><h1>Thank you for your order!</h1></body></html>",
    });
    expect(stand.requests(id)).toHaveLength(1);
  });

  it("a wrong token is rejected (401) and places nothing", async () => {
    const id = supplier({ mode: "up", token: "right" });
    const result = await submitViaApi(samplePurchaseOrder(), { ...stand.apiConfig(id, kind), token: "wrong" });
    expect(result).toEqual({ outcome: "rejected", reason: "HTTP 401: Invalid or missing API token" });
    expect(stand.orders(id)).toEqual([]);
  });

  it("a supplier that refuses connections is transient", async () => {
    const closed = await unusedPort();
    const result = await submitViaApi(samplePurchaseOrder(), { kind, url: `http://127.0.0.1:${closed}/po` });
    expect(result).toEqual({ outcome: "transient", reason: `connection failed (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${closed})` });
  });
});

describe("submitViaApi: checks before sending", () => {
  it("rejects a malformed purchase order without a request", async () => {
    const id = supplier();
    const po = samplePurchaseOrder({ lines: [{ sku: "A", quantity: 0, unitCost: 1 }] });
    expect(await submitViaApi(po, stand.apiConfig(id, "json"))).toEqual({
      outcome: "rejected",
      reason: "invalid purchase order: lines[0].quantity: Number must be greater than 0",
    });
    expect(stand.requests(id)).toEqual([]);
  });

  it("rejects a config that is not an http(s) URL", async () => {
    expect(await submitViaApi(samplePurchaseOrder(), { kind: "json", url: "ftp://example.com/po" })).toEqual({
      outcome: "rejected",
      reason: "invalid supplier config: url: expected an http(s) URL",
    });
  });

  it("a redirect is surfaced as permanent instead of being followed", async () => {
    const server = createServer((_req, res) => res.writeHead(301, { location: "https://new.example/po" }).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await submitViaApi(samplePurchaseOrder(), { kind: "json", url: `http://127.0.0.1:${port}/po` })).toEqual({
        outcome: "rejected",
        reason: "HTTP 301 (redirected to https://new.example/po; update the endpoint URL)",
      });
    } finally {
      server.close();
    }
  });

  it("an idempotency key reused for a different order is rejected, and the first order stands alone", async () => {
    const id = supplier();
    const config = stand.apiConfig(id, "json");
    await submitViaApi(samplePurchaseOrder({ idempotencyKey: "same" }), config);
    const result = await submitViaApi(samplePurchaseOrder({ idempotencyKey: "same", notes: "changed" }), config);
    expect(result).toEqual({ outcome: "rejected", reason: "HTTP 422: Idempotency-Key reused with a different purchase order" });
    expect(stand.orders(id)).toHaveLength(1);
  });
});

describe("graphqlErrorsFailure", () => {
  it("top-level errors are permanent only when their code says the request itself is wrong", () => {
    expect(graphqlErrorsFailure([new GraphQLError("Variable $input got invalid value", { extensions: { code: "BAD_USER_INPUT" } })])).toEqual({
      outcome: "rejected",
      reason: "GraphQL: Variable $input got invalid value",
    });
    expect(graphqlErrorsFailure([new GraphQLError("database unavailable", { extensions: { code: "INTERNAL_SERVER_ERROR" } }), new GraphQLError("retry")])).toEqual({
      outcome: "transient",
      reason: "GraphQL: database unavailable; retry",
    });
    expect(graphqlErrorsFailure([new GraphQLError("no code")]).outcome).toBe("transient");
  });
});

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
