import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { customerLinkSpentKey, signCustomerLink, verifyCustomerLink, type CustomerLinkClaims } from "./customer-links";

const SECRET = "test-secret-0123456789abcdefghijklmnopqrstuvwxyz";
const OTHER_SECRET = "another-secret-0123456789abcdefghijklmnopqrstuv";
const claims: CustomerLinkClaims = {
  shop: "mug-house.myshopify.com",
  orderId: "5123456789012",
  purpose: "backorder_choice",
  nonce: "k3J9_x2Qw8LmZ0aB",
  expiresAt: new Date("2026-06-01T12:00:00Z"),
};
const NOW = new Date("2026-05-25T09:30:00Z");
const token = signCustomerLink(claims, SECRET);

const parts = (t: string) => t.split(".");
/** Re-encodes the claims part with changes, keeping the original signature. */
function tamper(change: (encoded: unknown[]) => void): string {
  const [v, payload, sig] = parts(token);
  const encoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown[];
  change(encoded);
  return [v, Buffer.from(JSON.stringify(encoded)).toString("base64url"), sig].join(".");
}

describe("signed customer links", () => {
  it("a valid token verifies and returns its claims", () => {
    expect(verifyCustomerLink(token, SECRET, { now: NOW, shop: "mug-house.myshopify.com" })).toEqual({ ok: true, claims });
  });

  it("is compact, URL-safe, versioned and deterministic", () => {
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(token.length).toBeLessThan(200);
    expect(signCustomerLink(claims, SECRET)).toBe(token);
  });

  it("rejects a forged signature", () => {
    const [v, payload] = parts(token);
    const forged = createHmac("sha256", OTHER_SECRET).update("backorder-pilot/customer-link\n").update(`${v}.${payload}`).digest("base64url");
    expect(verifyCustomerLink(`${v}.${payload}.${forged}`, SECRET, { now: NOW })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyCustomerLink(signCustomerLink(claims, OTHER_SECRET), SECRET, { now: NOW })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it.each([
    ["another order", (e: unknown[]) => (e[1] = "5123456789013")],
    ["another shop", (e: unknown[]) => (e[0] = "rival.myshopify.com")],
    ["a later expiry", (e: unknown[]) => (e[4] = (e[4] as number) + 30 * 86_400)],
    ["another nonce", (e: unknown[]) => (e[3] = "AAAAAAAAAAAAAAAA")],
  ])("rejects claims tampered to %s", (_, change) => {
    expect(verifyCustomerLink(tamper(change), SECRET, { now: NOW })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects another spelling of the same signature and a swapped version", () => {
    const [v, payload, sig] = parts(token);
    // The last base64url character carries 2 unused bits: flipping them decodes to the same bytes.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(sig.at(-1)!);
    const respelled = sig.slice(0, -1) + alphabet[last ^ 1];
    expect(Buffer.from(respelled, "base64url")).toEqual(Buffer.from(sig, "base64url"));
    expect(verifyCustomerLink(`${v}.${payload}.${respelled}`, SECRET, { now: NOW })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyCustomerLink(`v2.${payload}.${sig}`, SECRET, { now: NOW })).toEqual({ ok: false, reason: "malformed" });
  });

  it("rejects truncated and garbage tokens", () => {
    const [v, payload, sig] = parts(token);
    expect(verifyCustomerLink(token.slice(0, -1), SECRET, { now: NOW })).toEqual({ ok: false, reason: "malformed" });
    expect(verifyCustomerLink(`${v}.${payload}`, SECRET, { now: NOW })).toEqual({ ok: false, reason: "malformed" });
    expect(verifyCustomerLink(`${v}.${payload.slice(0, -4)}.${sig}`, SECRET, { now: NOW })).toEqual({ ok: false, reason: "bad_signature" });
    for (const garbage of ["", "v1..", "v1.a.b", `${token}.x`, `${v}.${payload}=.${sig}`, `v1.${"A".repeat(2000)}.${sig}`]) {
      expect(verifyCustomerLink(garbage, SECRET, { now: NOW }), garbage.slice(0, 40)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("expires at expiresAt, not a moment later", () => {
    expect(verifyCustomerLink(token, SECRET, { now: new Date("2026-06-01T11:59:59Z") }).ok).toBe(true);
    expect(verifyCustomerLink(token, SECRET, { now: claims.expiresAt })).toEqual({ ok: false, reason: "expired" });
  });

  it("rejects another shop's order on this shop's page", () => {
    const theirs = signCustomerLink({ ...claims, shop: "rival.myshopify.com" }, SECRET);
    expect(verifyCustomerLink(theirs, SECRET, { now: NOW, shop: "mug-house.myshopify.com" })).toEqual({ ok: false, reason: "wrong_shop" });
  });

  it("accepts links signed with a previous key during a rotation", () => {
    const old = signCustomerLink(claims, OTHER_SECRET);
    expect(verifyCustomerLink(old, [SECRET, OTHER_SECRET], { now: NOW })).toEqual({ ok: true, claims });
    expect(() => verifyCustomerLink(old, [], { now: NOW })).toThrow(/No customer link secret/);
  });

  it("drops sub-second precision from the expiry", () => {
    const t = signCustomerLink({ ...claims, expiresAt: new Date("2026-06-01T12:00:00.999Z") }, SECRET);
    expect(verifyCustomerLink(t, SECRET, { now: NOW })).toEqual({ ok: true, claims });
  });

  it("refuses to sign bad claims or with a weak secret", () => {
    expect(() => signCustomerLink({ ...claims, shop: "mug-house.com" }, SECRET)).toThrow(/shop/);
    expect(() => signCustomerLink({ ...claims, orderId: "gid://shopify/Order/1" }, SECRET)).toThrow(/orderId/);
    expect(() => signCustomerLink({ ...claims, nonce: "short" }, SECRET)).toThrow(/nonce/);
    expect(() => signCustomerLink({ ...claims, expiresAt: new Date("nope") }, SECRET)).toThrow(/expiresAt/);
    expect(() => signCustomerLink(claims, "too-short")).toThrow(/at least 32 bytes/);
  });

  it("states the spent-check key: one per shop, purpose and nonce", () => {
    expect(customerLinkSpentKey(claims)).toBe("v1:mug-house.myshopify.com:backorder_choice:k3J9_x2Qw8LmZ0aB");
    expect(customerLinkSpentKey({ ...claims, shop: "rival.myshopify.com" })).not.toBe(customerLinkSpentKey(claims));
  });
});
