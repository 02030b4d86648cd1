import { describe, expect, it } from "vitest";
import { classifySmtpError } from "./classify-smtp-error";

function smtpError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message ?? "boom")), fields);
}

describe("classifySmtpError", () => {
  it("4xx replies are transient, with the command and the server's words", () => {
    expect(classifySmtpError(smtpError({ responseCode: 451, response: "451 4.3.0 Try later", command: "RCPT TO", code: "EENVELOPE" }))).toEqual({
      outcome: "transient",
      reason: "SMTP RCPT TO: 451 4.3.0 Try later",
    });
  });

  it("5xx replies are permanent, even when nodemailer's code would say otherwise", () => {
    expect(classifySmtpError(smtpError({ responseCode: 550, response: "550 5.1.1 No such user", command: "RCPT TO", code: "ECONNECTION" }))).toEqual({
      outcome: "rejected",
      reason: "SMTP RCPT TO: 550 5.1.1 No such user",
    });
  });

  it("connection problems without a reply are transient", () => {
    expect(classifySmtpError(smtpError({ code: "ESOCKET", message: "connect ECONNREFUSED 127.0.0.1:9" }))).toEqual({
      outcome: "transient",
      reason: "ESOCKET: connect ECONNREFUSED 127.0.0.1:9",
    });
    expect(classifySmtpError(smtpError({ code: "ETIMEDOUT", message: "Greeting never received" })).outcome).toBe("transient");
  });

  it("envelope and configuration errors raised before any reply are permanent", () => {
    expect(classifySmtpError(smtpError({ code: "EENVELOPE", message: "No recipients defined" }))).toEqual({
      outcome: "rejected",
      reason: "EENVELOPE: No recipients defined",
    });
    expect(classifySmtpError(smtpError({ code: "EAUTH", message: "Missing credentials" })).outcome).toBe("rejected");
  });

  it("anything unrecognised is treated as transient (never drop a message on a guess)", () => {
    expect(classifySmtpError("weird")).toEqual({ outcome: "transient", reason: "weird" });
    expect(classifySmtpError(new Error("stream broke"))).toEqual({ outcome: "transient", reason: "stream broke" });
  });
});
