import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSupplierApiStandIn, type SupplierApiStandIn } from "../../stand-ins/supplier-api-stand-in.server";
import { fetchSupplierStatus } from "./fetch-supplier-status.server";
import { samplePurchaseOrder } from "./sample-purchase-order";
import { submitViaApi } from "./submit-via-api.server";

let stand: SupplierApiStandIn;
let count = 0;

beforeAll(async () => {
  stand = await startSupplierApiStandIn({ suppliers: {}, clock: () => new Date("2026-03-02T09:00:00Z") });
});
afterAll(() => stand.stop());

async function placedOrder(kind: "json" | "graphql"): Promise<{ id: string; reference: string }> {
  const id = `status-${++count}`;
  stand.addSupplier(id, { mode: "up", token: "t" });
  const result = await submitViaApi(samplePurchaseOrder({ idempotencyKey: id }), stand.apiConfig(id, kind));
  if (result.outcome !== "accepted") throw new Error(`setup failed: ${JSON.stringify(result)}`);
  return { id, reference: result.supplierReference };
}

describe.each(["json", "graphql"] as const)("fetchSupplierStatus (%s)", (kind) => {
  it("follows the order through accepted, confirmed with an ETA, slipped, shipped", async () => {
    const { id, reference } = await placedOrder(kind);
    const config = stand.apiConfig(id, kind);

    expect(await fetchSupplierStatus(reference, config)).toStrictEqual({ outcome: "found", status: "accepted" });
    stand.confirm(reference, "2026-03-12");
    expect(await fetchSupplierStatus(reference, config)).toEqual({ outcome: "found", status: "confirmed", eta: "2026-03-12" });
    stand.slip(reference, "2026-03-19");
    expect(await fetchSupplierStatus(reference, config)).toEqual({ outcome: "found", status: "confirmed", eta: "2026-03-19" });
    stand.ship(reference);
    expect(await fetchSupplierStatus(reference, config)).toEqual({ outcome: "found", status: "shipped", eta: "2026-03-19" });
    // Reads never create orders.
    expect(stand.orders(id)).toHaveLength(1);
  });

  it("an unknown reference is permanent", async () => {
    const { id } = await placedOrder(kind);
    expect(await fetchSupplierStatus("SO-nope", stand.apiConfig(id, kind))).toEqual({
      outcome: "rejected",
      reason: kind === "json" ? "HTTP 404: No purchase order SO-nope" : "supplier has no purchase order SO-nope",
    });
  });

  it("another supplier's reference is not visible", async () => {
    const mine = await placedOrder(kind);
    const theirs = await placedOrder(kind);
    expect(await fetchSupplierStatus(theirs.reference, stand.apiConfig(mine.id, kind))).toMatchObject({ outcome: "rejected" });
  });

  it("5xx is transient", async () => {
    const { id, reference } = await placedOrder(kind);
    stand.setMode(id, "5xx");
    expect(await fetchSupplierStatus(reference, stand.apiConfig(id, kind))).toEqual({ outcome: "transient", reason: "HTTP 500: Internal server error" });
  });
});

describe("fetchSupplierStatus: input checks", () => {
  it("rejects an empty reference and a bad config without a request", async () => {
    expect(await fetchSupplierStatus(" ", { kind: "json", url: "http://127.0.0.1:1/po" })).toEqual({ outcome: "rejected", reason: "empty supplier reference" });
    expect(await fetchSupplierStatus("SO-1", { kind: "json", url: "nope" })).toEqual({ outcome: "rejected", reason: "invalid supplier config: url: expected an http(s) URL" });
  });
});
