import { describe, expect, it } from "vitest";
import { signSupplierLink, verifySupplierLink } from "./supplier-links";
import { signCustomerLink } from "./customer-links";

const SECRET = "s".repeat(32);
const claims = { shop: "lamps.myshopify.com", purchaseOrderId: "1042", expiresAt: new Date("2026-06-01T00:00:00.900Z") };
const before = { now: new Date("2026-05-31T23:59:59Z") };

describe("supplier links", () => {
  it("verifies what it signed, bound to shop and PO, to the second", () => {
    const token = signSupplierLink(claims, SECRET);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifySupplierLink(token, SECRET, before)).toEqual({ ok: true, claims: { ...claims, expiresAt: new Date("2026-06-01T00:00:00Z") } });
  });

  it("refuses an expired link", () => {
    expect(verifySupplierLink(signSupplierLink(claims, SECRET), SECRET, { now: new Date("2026-06-01T00:00:00Z") })).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses changed claims, another key and a customer link", () => {
    const [v, payload, sig] = signSupplierLink(claims, SECRET).split(".");
    const other = Buffer.from(JSON.stringify(["lamps.myshopify.com", "1043", 1780272000])).toString("base64url");
    expect(verifySupplierLink(`${v}.${other}.${sig}`, SECRET, before)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifySupplierLink(`${v}.${payload}.${sig}`, "t".repeat(32), before)).toEqual({ ok: false, reason: "bad_signature" });
    const customer = signCustomerLink({ shop: claims.shop, orderId: "1042", purpose: "backorder_choice", nonce: "n".repeat(22), expiresAt: claims.expiresAt }, SECRET);
    expect(verifySupplierLink(customer, SECRET, before)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifySupplierLink("v1.e30", SECRET, before)).toEqual({ ok: false, reason: "malformed" });
  });

  it("accepts the previous key while keys rotate", () => {
    const token = signSupplierLink(claims, SECRET);
    expect(verifySupplierLink(token, ["n".repeat(32), SECRET], before).ok).toBe(true);
  });

  it("refuses to sign claims it could not verify, or with a short secret", () => {
    expect(() => signSupplierLink({ ...claims, shop: "evil.example.com" }, SECRET)).toThrow(TypeError);
    expect(() => signSupplierLink({ ...claims, purchaseOrderId: "PO-1" }, SECRET)).toThrow(TypeError);
    expect(() => signSupplierLink(claims, "short")).toThrow(TypeError);
  });
});
