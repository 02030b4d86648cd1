import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSmtpStandIn, type SmtpStandIn } from "../../stand-ins/smtp-stand-in.server";
import { purchaseOrderCsv } from "./render-purchase-order-email";
import { samplePurchaseOrder } from "./sample-purchase-order";
import { submitViaEmail } from "./submit-via-email.server";

const ORDER_DESK = "orders@acme.example";
let smtp: SmtpStandIn;

beforeAll(async () => {
  smtp = await startSmtpStandIn();
});
afterAll(() => smtp.stop());
afterEach(() => {
  smtp.clear();
  smtp.clearFailures();
});

const config = () => ({ to: ORDER_DESK, from: "Northwind Buying <po@northwind.example>", transport: smtp.url });

describe("submitViaEmail", () => {
  it("delivers the PO with subject, lines, totals, CSV attachment and a Message-ID from the idempotency key", async () => {
    const po = samplePurchaseOrder({ idempotencyKey: "po_7f3c2a" });

    const result = await submitViaEmail(po, config());

    expect(result).toEqual({ outcome: "accepted", supplierReference: "<po-po_7f3c2a@backorder-pilot>" });
    const mail = await smtp.waitFor((m) => m.to.includes(ORDER_DESK));
    expect(smtp.messages()).toHaveLength(1);
    expect(mail).toMatchObject({
      messageId: "<po-po_7f3c2a@backorder-pilot>",
      from: "po@northwind.example",
      to: [ORDER_DESK],
      subject: "Purchase order PO-1001 from Northwind Outfitters",
    });
    expect(mail.headers["reply-to"]).toBe("buying@northwind.example");
    expect(mail.headers["x-purchase-order"]).toBe("PO-1001");
    expect(mail.text).toContain("1  TENT-2P     AC-T2          12     $84.50   $1,014.00");
    expect(mail.text).toContain("Total: 2 lines, 15 units, $1,071.38 (USD)");
    expect(mail.text).toContain("Requested delivery: 2026-03-16");
    expect(mail.html).toContain("<td style=\"padding:4px 8px;border-bottom:1px solid #ddd;text-align:left\">TENT-2P</td>");
    expect(mail.attachments).toHaveLength(1);
    const [csv] = mail.attachments;
    expect(csv.filename).toBe("PO-1001.csv");
    expect(csv.contentType).toBe("text/csv");
    expect(csv.content.toString("utf8")).toBe(purchaseOrderCsv(po));
    expect(csv.content.toString("utf8").split("\r\n")[1]).toBe('PO-1001,1,TENT-2P,AC-T2,"Trail tent, 2 person",12,84.50,1014.00,USD');
  });

  it("a retry carries the same Message-ID (the supplier can dedupe)", async () => {
    const po = samplePurchaseOrder({ idempotencyKey: "po_retry" });
    await submitViaEmail(po, config());
    await submitViaEmail(po, config());
    expect(smtp.messages().map((m) => m.messageId)).toEqual(["<po-po_retry@backorder-pilot>", "<po-po_retry@backorder-pilot>"]);
  });

  it("uses a caller-rendered email when given", async () => {
    const po = samplePurchaseOrder();
    await submitViaEmail(po, config(), { subject: "Custom PO", text: "custom text", html: "<p>custom</p>", attachments: [] });
    const [mail] = smtp.messages();
    expect(mail).toMatchObject({ subject: "Custom PO", html: "<p>custom</p>", attachments: [] });
  });

  it("SMTP 4xx is transient, 5xx is rejected, and neither delivers", async () => {
    smtp.failRecipient(ORDER_DESK, { code: 452, message: "4.2.2 Mailbox full", times: 1 });
    expect(await submitViaEmail(samplePurchaseOrder(), config())).toEqual({ outcome: "transient", reason: "SMTP RCPT TO: 452 4.2.2 Mailbox full" });

    smtp.failRecipient(ORDER_DESK, { code: 550, message: "5.1.1 No such mailbox" });
    expect(await submitViaEmail(samplePurchaseOrder(), config())).toEqual({ outcome: "rejected", reason: "SMTP RCPT TO: 550 5.1.1 No such mailbox" });
    expect(smtp.messages()).toEqual([]);
  });

  it("after a 4xx the next attempt goes through", async () => {
    smtp.failRecipient(ORDER_DESK, { code: 451, times: 1 });
    expect((await submitViaEmail(samplePurchaseOrder(), config())).outcome).toBe("transient");
    expect((await submitViaEmail(samplePurchaseOrder(), config())).outcome).toBe("accepted");
    expect(smtp.messages()).toHaveLength(1);
  });

  it("an unreachable mail server is transient", async () => {
    const gone = await startSmtpStandIn();
    const url = gone.url;
    await gone.stop();
    expect(await submitViaEmail(samplePurchaseOrder(), { ...config(), transport: url })).toMatchObject({
      outcome: "transient",
      reason: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it("rejects an invalid order address without connecting", async () => {
    expect(await submitViaEmail(samplePurchaseOrder(), { ...config(), to: "orders-at-acme" })).toEqual({
      outcome: "rejected",
      reason: "invalid supplier config: to: Invalid email",
    });
    expect(smtp.messages()).toEqual([]);
  });
});
