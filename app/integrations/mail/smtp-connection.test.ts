import { describe, expect, it } from "vitest";
import { MailerConfigSchema, SmtpTransportSchema, parseSmtpUrl } from "./smtp-connection";

describe("parseSmtpUrl", () => {
  it("reads host, port and credentials (percent-decoded)", () => {
    expect(parseSmtpUrl("smtp://ops%40shop:p%3Ass@127.0.0.1:2525")).toEqual({
      host: "127.0.0.1",
      port: 2525,
      secure: false,
      auth: { user: "ops@shop", pass: "p:ss" },
    });
  });

  it("defaults the port by scheme and marks smtps as implicit TLS", () => {
    expect(parseSmtpUrl("smtp://mail.example.com")).toEqual({ host: "mail.example.com", port: 587, secure: false });
    expect(parseSmtpUrl("smtps://mail.example.com")).toEqual({ host: "mail.example.com", port: 465, secure: true });
  });

  it("unbrackets IPv6 literals", () => {
    expect(parseSmtpUrl("smtp://[::1]:25").host).toBe("::1");
  });

  it("refuses other schemes and non-URLs with a reason", () => {
    expect(() => parseSmtpUrl("http://127.0.0.1:25")).toThrow(/expected smtp:\/\/ or smtps:\/\//);
    expect(() => parseSmtpUrl("mail.example.com:25")).toThrow(/expected smtp/);
    expect(() => parseSmtpUrl("not a url")).toThrow(/not a URL/);
  });
});

describe("SmtpTransportSchema", () => {
  it("accepts a URL or an object, and rejects an out-of-range port", () => {
    expect(SmtpTransportSchema.parse("smtp://h:25")).toEqual({ host: "h", port: 25, secure: false });
    expect(SmtpTransportSchema.parse({ host: "h", port: 25 })).toEqual({ host: "h", port: 25 });
    expect(SmtpTransportSchema.safeParse({ host: "h", port: 70_000 }).success).toBe(false);
  });
});

describe("MailerConfigSchema", () => {
  it("accepts a bare address or a display name with an address, nothing else", () => {
    expect(MailerConfigSchema.safeParse({ host: "h", port: 25, from: "po@shop.example" }).success).toBe(true);
    expect(MailerConfigSchema.safeParse({ host: "h", port: 25, from: "Shop <po@shop.example>" }).success).toBe(true);
    expect(MailerConfigSchema.safeParse({ host: "h", port: 25, from: "Shop" }).success).toBe(false);
  });
});
