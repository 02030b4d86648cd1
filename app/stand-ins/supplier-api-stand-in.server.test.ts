import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samplePurchaseOrder } from "../integrations/suppliers/sample-purchase-order";
import { toSupplierPurchaseOrder } from "../integrations/suppliers/supplier-api-contract";
import { startSupplierApiStandIn, type SupplierApiStandIn } from "./supplier-api-stand-in.server";
import type { SupplierBehaviour } from "./supplier-order-book";

let now = new Date("2026-03-02T09:00:00Z");
let stand: SupplierApiStandIn;
let count = 0;

beforeAll(async () => {
  stand = await startSupplierApiStandIn({ suppliers: {}, clock: () => now });
});
afterAll(() => stand.stop());

function supplier(behaviour: SupplierBehaviour = { mode: "up" }): string {
  const id = `s${++count}`;
  stand.addSupplier(id, behaviour);
  return id;
}

const body = (overrides = {}) => JSON.stringify(toSupplierPurchaseOrder(samplePurchaseOrder(overrides)));
const post = (url: string, headers: Record<string, string>, payload: string) => fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: payload });

describe("supplier API stand-in: JSON endpoint", () => {
  it("answers 201 for a new key and 200 with Idempotent-Replayed for a repeat, one order", async () => {
    const id = supplier({ mode: "up", etaDays: 3 });
    const first = await post(stand.jsonUrl(id), { "idempotency-key": "k1" }, body());
    const second = await post(stand.jsonUrl(id), { "idempotency-key": "k1" }, body());

    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(second.status).toBe(200);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const expected = { reference: `SO-${id}-00001`, status: "accepted", eta: "2026-03-05", lines: [{ sku: "TENT-2P", quantity: 12 }, { sku: "STOVE-MINI", quantity: 3 }] };
    expect(await first.json()).toEqual(expected);
    expect(await second.json()).toEqual(expected);
    expect(stand.orders(id)).toHaveLength(1);
    expect(stand.requests(id).map((r) => [r.endpoint, r.idempotencyKey, r.answer])).toEqual([
      ["submit", "k1", 201],
      ["submit", "k1", 200],
    ]);
  });

  it("requires an Idempotency-Key and a valid purchase order, recording nothing", async () => {
    const id = supplier();
    const noKey = await post(stand.jsonUrl(id), {}, body());
    expect(noKey.status).toBe(400);
    expect(await noKey.json()).toEqual({ error: { message: "Idempotency-Key header required" } });
    const bad = await post(stand.jsonUrl(id), { "idempotency-key": "k" }, JSON.stringify({ poNumber: "X" }));
    expect(bad.status).toBe(400);
    expect(stand.orders(id)).toEqual([]);
  });

  it("404s unknown suppliers and routes", async () => {
    expect((await post(`${stand.url}/suppliers/nobody/purchase-orders`, { "idempotency-key": "k" }, body())).status).toBe(404);
    expect((await fetch(`${stand.url}/elsewhere`)).status).toBe(404);
  });

  it("in rejects mode still replays an order it took before", async () => {
    const id = supplier();
    await post(stand.jsonUrl(id), { "idempotency-key": "before" }, body());
    stand.setMode(id, "rejects");
    const replay = await post(stand.jsonUrl(id), { "idempotency-key": "before" }, body());
    const fresh = await post(stand.jsonUrl(id), { "idempotency-key": "after" }, body());
    expect(replay.status).toBe(200);
    expect(fresh.status).toBe(422);
    expect(await fresh.json()).toEqual({ error: { code: "rejected", message: "Account on credit hold: new orders are not accepted" } });
    expect(stand.orders(id).map((o) => o.idempotencyKey)).toEqual(["before"]);
  });

  it("setMode restarts the flaky count", async () => {
    const id = supplier({ mode: "flaky", failFirst: 1 });
    expect((await post(stand.jsonUrl(id), { "idempotency-key": "f" }, body())).status).toBe(503);
    expect((await post(stand.jsonUrl(id), { "idempotency-key": "f" }, body())).status).toBe(201);
    stand.setMode(id, "flaky", { failFirst: 1 });
    expect((await post(stand.jsonUrl(id), { "idempotency-key": "f" }, body())).status).toBe(503);
  });

  it("checks the bearer token on reads too", async () => {
    const id = supplier({ mode: "up", token: "t" });
    expect((await fetch(`${stand.jsonUrl(id)}/SO-x`)).status).toBe(401);
    expect((await fetch(`${stand.jsonUrl(id)}/SO-x`, { headers: { authorization: "Bearer t" } })).status).toBe(404);
  });
});

describe("supplier API stand-in: GraphQL endpoint", () => {
  const gql = (id: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
    post(stand.graphqlUrl(id), headers, JSON.stringify({ query, variables })).then((r) => r.json());

  it("answers userErrors for a mutation without an Idempotency-Key, and null for an unknown reference", async () => {
    const id = supplier();
    const mutation = "mutation($input: PurchaseOrderInput!) { submitPurchaseOrder(input: $input) { purchaseOrder { reference } userErrors { message } } }";
    expect(await gql(id, mutation, { input: toSupplierPurchaseOrder(samplePurchaseOrder()) })).toEqual({
      data: { submitPurchaseOrder: { purchaseOrder: null, userErrors: [{ message: "Idempotency-Key header required" }] } },
    });
    expect(await gql(id, "query($r: String!) { purchaseOrder(reference: $r) { reference } }", { r: "SO-none" })).toEqual({ data: { purchaseOrder: null } });
    expect(stand.orders(id)).toEqual([]);
  });

  it("validates the input like the JSON endpoint (the first issue as a userError with its path)", async () => {
    const id = supplier();
    const mutation = "mutation($input: PurchaseOrderInput!) { submitPurchaseOrder(input: $input) { purchaseOrder { reference } userErrors { field message } } }";
    const input = toSupplierPurchaseOrder(samplePurchaseOrder({ currency: "usd" }));
    expect(await gql(id, mutation, { input }, { "idempotency-key": "g" })).toEqual({
      data: { submitPurchaseOrder: { purchaseOrder: null, userErrors: [{ field: ["input", "currency"], message: "expected an ISO 4217 code" }] } },
    });
  });
});

describe("supplier API stand-in: EDI endpoint", () => {
  const x12 = "ISA*00*~IEA*1*1~";

  it("wants application/edi-x12 and a key, and dedupes on Message-ID when there is no Idempotency-Key", async () => {
    const id = supplier();
    expect((await fetch(stand.ediUrl(id), { method: "POST", headers: { "content-type": "text/plain", "message-id": "<m1>" }, body: x12 })).status).toBe(415);
    expect((await fetch(stand.ediUrl(id), { method: "POST", headers: { "content-type": "application/edi-x12" }, body: x12 })).status).toBe(400);
    expect((await fetch(stand.ediUrl(id), { method: "POST", headers: { "content-type": "application/edi-x12", "message-id": "<m1>" }, body: "UNA:+.?" })).status).toBe(400);
    const send = () => fetch(stand.ediUrl(id), { method: "POST", headers: { "content-type": "application/edi-x12", "message-id": "<m1>" }, body: x12 }).then((r) => r.json());
    expect(await send()).toEqual({ reference: `SO-${id}-00001`, status: "received" });
    expect(await send()).toEqual({ reference: `SO-${id}-00001`, status: "received" });
    expect(stand.orders(id)).toEqual([expect.objectContaining({ channel: "edi", x12, idempotencyKey: "<m1>" })]);
  });
});

describe("supplier API stand-in: controls", () => {
  it("confirm/slip/cancel change the order; bad references and dates throw", async () => {
    now = new Date("2026-04-01T12:00:00Z");
    const id = supplier();
    const created = await (await post(stand.jsonUrl(id), { "idempotency-key": "c" }, body())).json();
    const reference = (created as { reference: string }).reference;
    stand.confirm(reference, "2026-04-10");
    stand.slip(reference, "2026-04-20");
    expect(stand.orders(id)[0]).toMatchObject({ status: "confirmed", eta: "2026-04-20", receivedAt: new Date("2026-04-01T12:00:00Z") });
    stand.cancel(reference);
    expect(stand.orders(id)[0].status).toBe("cancelled");
    expect(() => stand.confirm("SO-missing", "2026-04-10")).toThrow(/no order SO-missing/);
    expect(() => stand.slip(reference, "2026-02-30")).toThrow(/YYYY-MM-DD/);
    expect(() => stand.setMode("ghost", "up")).toThrow(/unknown supplier ghost/);
    expect(() => stand.addSupplier(id, { mode: "up" })).toThrow(/already exists/);
  });

  it("orders() hands out copies: a test cannot change the supplier's books by accident", async () => {
    const id = supplier();
    await post(stand.jsonUrl(id), { "idempotency-key": "copy" }, body());
    stand.orders(id)[0].status = "shipped";
    expect(stand.orders(id)[0].status).toBe("accepted");
  });

  it("stop() does not wait for a pending slow answer", async () => {
    const own = await startSupplierApiStandIn({ suppliers: { slow: { mode: "slow", delayMs: 30_000 } } });
    const pending = post(own.jsonUrl("slow"), { "idempotency-key": "s" }, body()).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await own.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await pending).toBeInstanceOf(Error);
    expect(own.orders("slow")).toHaveLength(1);
  });
});
