import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpStandIn, type SmtpStandIn } from "../../stand-ins/smtp-stand-in.server";
import { startSupplierApiStandIn, type SupplierApiStandIn } from "../../stand-ins/supplier-api-stand-in.server";
import { createSubmitter } from "./create-submitter.server";
import type { PurchaseOrderDocument } from "./purchase-order-document";
import { samplePurchaseOrder } from "./sample-purchase-order";

let stand: SupplierApiStandIn;
let smtp: SmtpStandIn;

beforeAll(async () => {
  stand = await startSupplierApiStandIn({ suppliers: { api: { mode: "up" }, edi: { mode: "up" } } });
  smtp = await startSmtpStandIn();
});
afterAll(async () => {
  await stand.stop();
  await smtp.stop();
});

const fakeX12 = (po: PurchaseOrderDocument) => `ISA*00*PO*${po.poNumber}~IEA*1*1~`;

describe("createSubmitter", () => {
  it("dispatches each channel to its adapter", async () => {
    const rendered: string[] = [];
    const submit = createSubmitter({
      renderX12: (po) => {
        rendered.push(po.poNumber);
        return fakeX12(po);
      },
    });

    expect(await submit(samplePurchaseOrder({ idempotencyKey: "s-api" }), { channel: "api", config: stand.apiConfig("api", "graphql") })).toMatchObject({
      outcome: "accepted",
      supplierReference: "SO-api-00001",
    });
    expect(await submit(samplePurchaseOrder({ idempotencyKey: "s-mail" }), { channel: "email", config: { to: "o@acme.example", from: "po@shop.example", transport: smtp.url } })).toEqual({
      outcome: "accepted",
      supplierReference: "<po-s-mail@backorder-pilot>",
    });
    expect(await submit(samplePurchaseOrder({ idempotencyKey: "s-edi", poNumber: "PO-9" }), { channel: "edi", config: stand.ediConfig("edi") })).toEqual({
      outcome: "accepted",
      supplierReference: "SO-edi-00001",
    });

    expect(stand.orders("api")).toHaveLength(1);
    expect(smtp.messages()).toHaveLength(1);
    const [ediOrder] = stand.orders("edi");
    expect(ediOrder.channel === "edi" && ediOrder.x12).toBe("ISA*00*PO*PO-9~IEA*1*1~");
    // Only the EDI channel serializes.
    expect(rendered).toEqual(["PO-9"]);
  });

  it("a serializer failure is a permanent rejection, nothing is sent", async () => {
    const submit = createSubmitter({
      renderX12: () => {
        throw new Error("supplier has no ISA receiver id");
      },
    });
    const before = stand.requests("edi").length;
    expect(await submit(samplePurchaseOrder(), { channel: "edi", config: stand.ediConfig("edi") })).toEqual({
      outcome: "rejected",
      reason: "could not serialize X12 850: supplier has no ISA receiver id",
    });
    expect(stand.requests("edi")).toHaveLength(before);
  });

  it("an unknown channel from stored config is rejected with the field", async () => {
    const submit = createSubmitter({ renderX12: fakeX12 });
    const stored = JSON.parse('{"channel":"fax","config":{}}');
    expect(await submit(samplePurchaseOrder(), stored)).toMatchObject({
      outcome: "rejected",
      reason: expect.stringMatching(/^invalid supplier channel: channel: Invalid discriminator value/),
    });
  });
});
