import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSmtpStandIn, type SmtpStandIn } from "../../stand-ins/smtp-stand-in.server";
import { startSupplierApiStandIn, type SupplierApiStandIn } from "../../stand-ins/supplier-api-stand-in.server";
import { samplePurchaseOrder } from "./sample-purchase-order";
import { submitViaEdi } from "./submit-via-edi.server";

// Segment terminator "~" plus CRLF, repetition "^", sub-element ">": every byte must survive.
const X12 = [
  "ISA*00*          *00*          *ZZ*NORTHWIND      *ZZ*ACME           *260302*0900*^*00501*000000101*0*P*>~",
  "GS*PO*NORTHWIND*ACME*20260302*0900*101*X*005010~",
  "ST*850*0001~",
  "BEG*00*SA*PO-1001**20260302~",
  "PO1*1*12*EA*84.5**VP*AC-T2*BP*TENT-2P~",
  "CTT*1~",
  "SE*5*0001~",
  "GE*1*101~",
  "IEA*1*000000101~",
].join("\r\n") + "\r\n";

let stand: SupplierApiStandIn;
let smtp: SmtpStandIn;

beforeAll(async () => {
  stand = await startSupplierApiStandIn({ suppliers: { acme: { mode: "up", token: "edi-token" } } });
  smtp = await startSmtpStandIn();
});
afterAll(async () => {
  await stand.stop();
  await smtp.stop();
});
afterEach(() => stand.setMode("acme", "up"));

describe("submitViaEdi over HTTP", () => {
  it("posts the interchange byte-identical with the EDI content type, and is idempotent", async () => {
    const po = samplePurchaseOrder({ idempotencyKey: "edi-1" });

    const first = await submitViaEdi(X12, po, stand.ediConfig("acme"));
    const second = await submitViaEdi(X12, po, stand.ediConfig("acme"));

    expect(first).toEqual({ outcome: "accepted", supplierReference: "SO-acme-00001" });
    expect(second).toEqual(first);
    const orders = stand.orders("acme").filter((o) => o.idempotencyKey === "edi-1");
    expect(orders).toHaveLength(1);
    expect(orders[0].channel === "edi" && orders[0].x12).toBe(X12);
    const [request] = stand.requests("acme");
    expect(request.headers).toMatchObject({
      "content-type": "application/edi-x12",
      "idempotency-key": "edi-1",
      "message-id": "<po-edi-1@backorder-pilot>",
      authorization: "Bearer edi-token",
    });
  });

  it("5xx is transient, a supplier refusal is rejected with its reason", async () => {
    stand.setMode("acme", "5xx");
    expect(await submitViaEdi(X12, samplePurchaseOrder({ idempotencyKey: "edi-2" }), stand.ediConfig("acme"))).toEqual({
      outcome: "transient",
      reason: "HTTP 500: Internal server error",
    });
    stand.setMode("acme", "rejects", { rejectReason: "No trading partner agreement for NORTHWIND" });
    expect(await submitViaEdi(X12, samplePurchaseOrder({ idempotencyKey: "edi-3" }), stand.ediConfig("acme"))).toEqual({
      outcome: "rejected",
      reason: "HTTP 422: No trading partner agreement for NORTHWIND",
    });
    expect(stand.orders("acme").map((o) => o.idempotencyKey)).not.toContain("edi-2");
    expect(stand.orders("acme").map((o) => o.idempotencyKey)).not.toContain("edi-3");
  });

  it("refuses a string that is not an X12 interchange without sending it", async () => {
    const before = stand.requests("acme").length;
    expect(await submitViaEdi("<xml/>", samplePurchaseOrder(), stand.ediConfig("acme"))).toEqual({
      outcome: "rejected",
      reason: "not an X12 interchange: it must start with an ISA segment",
    });
    expect(stand.requests("acme")).toHaveLength(before);
  });
});

describe("submitViaEdi over email", () => {
  it("attaches the interchange byte-identical", async () => {
    const po = samplePurchaseOrder({ idempotencyKey: "edi-mail" });
    const result = await submitViaEdi(X12, po, { transport: "email", to: "edi@acme.example", from: "po@northwind.example", smtp: smtp.url });

    expect(result).toEqual({ outcome: "accepted", supplierReference: "<po-edi-mail@backorder-pilot>" });
    const mail = await smtp.waitFor((m) => m.messageId === "<po-edi-mail@backorder-pilot>");
    expect(mail).toMatchObject({ to: ["edi@acme.example"], subject: "EDI 850 purchase order PO-1001" });
    expect(mail.text.trim()).toBe("X12 850 purchase order PO-1001 from Northwind Outfitters is attached as PO-1001.x12.");
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0].filename).toBe("PO-1001.x12");
    expect(mail.attachments[0].contentType).toBe("application/edi-x12");
    expect(mail.attachments[0].content.equals(Buffer.from(X12, "utf8"))).toBe(true);
  });
});
