import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer } from "../integrations/mail/create-mailer.server";
import { parseSmtpUrl } from "../integrations/mail/smtp-connection";
import { startSmtpStandIn, type SmtpStandIn } from "./smtp-stand-in.server";

let smtp: SmtpStandIn;
beforeAll(async () => {
  smtp = await startSmtpStandIn({ clock: () => new Date("2026-03-02T09:00:00Z") });
});
afterAll(() => smtp.stop());

const send = (to: string, subject = "hello") => {
  const mailer = createMailer({ ...parseSmtpUrl(smtp.url), from: "a@shop.example" });
  return mailer.send({ to, subject, text: "t", html: "<p>t</p>" }).finally(() => mailer.close());
};

describe("SMTP stand-in", () => {
  it("exposes a loopback smtp:// URL", () => {
    expect(smtp.url).toBe(`smtp://127.0.0.1:${smtp.port}`);
  });

  it("waitFor resolves with a message that arrives later, stamped by the clock", async () => {
    const waiting = smtp.waitFor((m) => m.subject === "later");
    await send("x@example.com", "later");
    expect(await waiting).toMatchObject({ subject: "later", to: ["x@example.com"], receivedAt: new Date("2026-03-02T09:00:00Z") });
  });

  it("waitFor rejects after its timeout with a useful message", async () => {
    await expect(smtp.waitFor((m) => m.subject === "never", 50)).rejects.toThrow(/no matching message within 50 ms/);
  });

  it("a recipient failure with `times` fails that many times, then accepts", async () => {
    smtp.clear();
    smtp.failRecipient("Flaky@Example.com", { code: 451, times: 2 });
    expect((await send("flaky@example.com")).outcome).toBe("transient");
    expect((await send("flaky@example.com")).outcome).toBe("transient");
    expect((await send("flaky@example.com")).outcome).toBe("accepted");
    expect(smtp.messages()).toHaveLength(1);
    expect(() => smtp.failRecipient("x@example.com", { code: 250 })).toThrow(/4xx or 5xx/);
  });

  it("with credentials configured, an unauthenticated client is refused permanently", async () => {
    const locked = await startSmtpStandIn({ auth: { user: "u", pass: "p w" } });
    try {
      expect(locked.url).toBe(`smtp://u:p%20w@127.0.0.1:${locked.port}`);
      const anonymous = createMailer({ host: locked.host, port: locked.port, from: "a@shop.example" });
      const result = await anonymous.send({ to: "x@example.com", subject: "s", text: "t", html: "t" });
      anonymous.close();
      expect(result).toMatchObject({ outcome: "rejected", reason: expect.stringMatching(/530/) });
      expect(locked.messages()).toEqual([]);
    } finally {
      await locked.stop();
    }
  });
});
