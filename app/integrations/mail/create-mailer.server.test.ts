import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSmtpStandIn, type SmtpStandIn } from "../../stand-ins/smtp-stand-in.server";
import { createMailer } from "./create-mailer.server";
import { deriveMessageId } from "./message-id";
import { parseSmtpUrl } from "./smtp-connection";

const FROM = "Backorder Pilot <pilot@shop.example>";
let smtp: SmtpStandIn;

beforeAll(async () => {
  smtp = await startSmtpStandIn({ auth: { user: "pilot", pass: "s3cret" } });
});
afterAll(() => smtp.stop());
afterEach(() => {
  smtp.clear();
  smtp.clearFailures();
});

const notice = { subject: "Your order is on its way", text: "Hello", html: "<p>Hello</p>" };

describe("createMailer", () => {
  it("sends through an authenticated server with the given Message-ID, headers and attachment", async () => {
    const mailer = createMailer({ ...parseSmtpUrl(smtp.url), from: FROM });
    const messageId = deriveMessageId("notice", "n-1");
    const result = await mailer.send({
      ...notice,
      to: "customer@example.com",
      replyTo: "help@shop.example",
      messageId,
      headers: { "X-Backorder-Id": "b-9" },
      attachments: [{ filename: "lines.csv", contentType: "text/csv", content: "a,b\r\n1,2\r\n" }],
    });
    mailer.close();

    expect(result).toEqual({ outcome: "accepted", messageId, accepted: ["customer@example.com"], rejected: [] });
    const [mail] = smtp.messages();
    expect(smtp.messages()).toHaveLength(1);
    expect(mail).toMatchObject({ messageId, from: "pilot@shop.example", to: ["customer@example.com"], subject: notice.subject, html: notice.html });
    expect(mail.text.trim()).toBe("Hello");
    expect(mail.headers["x-backorder-id"]).toBe("b-9");
    expect(mail.headers["reply-to"]).toBe("help@shop.example");
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString("utf8")])).toEqual([["lines.csv", "text/csv", "a,b\r\n1,2\r\n"]]);
  });

  it("wrong credentials are a permanent rejection (535), and nothing is delivered", async () => {
    const mailer = createMailer({ ...parseSmtpUrl(smtp.url), auth: { user: "pilot", pass: "nope" }, from: FROM });
    const result = await mailer.send({ ...notice, to: "customer@example.com" });
    mailer.close();
    expect(result).toMatchObject({ outcome: "rejected", reason: expect.stringMatching(/535/) });
    expect(smtp.messages()).toEqual([]);
  });

  it("a 4xx for the only recipient is transient, a 5xx is rejected", async () => {
    const mailer = createMailer({ ...parseSmtpUrl(smtp.url), from: FROM });
    smtp.failRecipient("later@example.com", { code: 451, message: "4.3.0 Greylisted" });
    smtp.failRecipient("gone@example.com", { code: 550, message: "5.1.1 No such user" });

    expect(await mailer.send({ ...notice, to: "later@example.com" })).toEqual({
      outcome: "transient",
      reason: "SMTP RCPT TO: 451 4.3.0 Greylisted",
    });
    expect(await mailer.send({ ...notice, to: "gone@example.com" })).toEqual({
      outcome: "rejected",
      reason: "SMTP RCPT TO: 550 5.1.1 No such user",
    });
    mailer.close();
    expect(smtp.messages()).toEqual([]);
  });

  it("a partial delivery is accepted and names the rejected recipient", async () => {
    const mailer = createMailer({ ...parseSmtpUrl(smtp.url), from: FROM });
    smtp.failRecipient("gone@example.com", { code: 550 });
    const result = await mailer.send({ ...notice, to: ["ok@example.com", "gone@example.com"] });
    mailer.close();
    expect(result).toMatchObject({ outcome: "accepted", accepted: ["ok@example.com"], rejected: ["gone@example.com"] });
    expect(smtp.messages().map((m) => m.to)).toEqual([["ok@example.com"]]);
  });

  it("a server that is not there is transient", async () => {
    const gone = await startSmtpStandIn();
    const { host, port } = gone;
    await gone.stop();
    const mailer = createMailer({ host, port, from: FROM, timeoutMs: 2_000 });
    const result = await mailer.send({ ...notice, to: "customer@example.com" });
    mailer.close();
    expect(result).toMatchObject({ outcome: "transient", reason: expect.stringMatching(/ECONNREFUSED/) });
  });

  it("refuses a malformed config at creation", () => {
    expect(() => createMailer({ host: "127.0.0.1", port: 25, from: "nobody" })).toThrow(/expected an address/);
  });
});
