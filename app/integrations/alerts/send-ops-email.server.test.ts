import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSmtpStandIn, type SmtpStandIn } from "../../stand-ins/smtp-stand-in.server";
import { createMailer, type Mailer } from "../mail/create-mailer.server";
import { parseSmtpUrl } from "../mail/smtp-connection";
import type { OpsAlert } from "./ops-alert";
import { sendOpsEmail } from "./send-ops-email.server";

const ALERT: OpsAlert = {
  reason: "Retries exhausted submitting PO-1001 to Acme Wholesale",
  sku: "TENT-2P",
  quantity: 12,
  supplier: { id: "acme", name: "Acme Wholesale" },
  poNumber: "PO-1001",
  escalationUrl: "https://pilot.example/app/escalations?b=<1>",
  severity: "critical",
  dedupeKey: "b-1:retries-exhausted",
};

let smtp: SmtpStandIn;
let mailer: Mailer;
beforeAll(async () => {
  smtp = await startSmtpStandIn();
  mailer = createMailer({ ...parseSmtpUrl(smtp.url), from: "Backorder Pilot <pilot@shop.example>" });
});
afterAll(async () => {
  mailer.close();
  await smtp.stop();
});
afterEach(() => {
  smtp.clear();
  smtp.clearFailures();
});

describe("sendOpsEmail", () => {
  it("sends the reason, the facts and the inbox link, with a Message-ID from the dedupe key", async () => {
    const result = await sendOpsEmail(mailer, ["ops@shop.example", "lead@shop.example"], ALERT);

    expect(result).toEqual({
      outcome: "accepted",
      messageId: "<alert-b-1=3Aretries-exhausted@backorder-pilot>",
      accepted: ["ops@shop.example", "lead@shop.example"],
      rejected: [],
    });
    const mail = await smtp.waitFor();
    expect(mail.subject).toBe("[Backorder Pilot] URGENT TENT-2P × 12: Retries exhausted submitting PO-1001 to Acme Wholesale");
    expect(mail.text).toBe(
      "Retries exhausted submitting PO-1001 to Acme Wholesale\n\nSKU: TENT-2P\nQuantity: 12\nSupplier: Acme Wholesale\nPurchase order: PO-1001\n\nEscalation inbox: https://pilot.example/app/escalations?b=<1>\n",
    );
    expect(mail.html).toContain('<a href="https://pilot.example/app/escalations?b=&lt;1&gt;">Open the escalation inbox</a>');
    expect(mail.headers["x-backorder-alert"]).toBe("critical");
  });

  it("SMTP 4xx is transient, 5xx rejected", async () => {
    smtp.failRecipient("ops@shop.example", { code: 450, message: "4.2.0 Mailbox busy" });
    expect(await sendOpsEmail(mailer, "ops@shop.example", ALERT)).toEqual({ outcome: "transient", reason: "SMTP RCPT TO: 450 4.2.0 Mailbox busy" });
    smtp.failRecipient("ops@shop.example", { code: 550 });
    expect(await sendOpsEmail(mailer, "ops@shop.example", ALERT)).toEqual({ outcome: "rejected", reason: "SMTP RCPT TO: 550 5.1.1 Mailbox unavailable" });
    expect(smtp.messages()).toEqual([]);
  });

  it("rejects an alert without recipients or with a broken link, sending nothing", async () => {
    expect(await sendOpsEmail(mailer, [], ALERT)).toEqual({ outcome: "rejected", reason: "no ops recipients configured" });
    expect(await sendOpsEmail(mailer, "ops@shop.example", { ...ALERT, escalationUrl: "inbox" })).toEqual({
      outcome: "rejected",
      reason: "invalid alert: escalationUrl: Invalid url",
    });
    expect(smtp.messages()).toEqual([]);
  });
});
