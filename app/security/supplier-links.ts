// Signed, expiring links for the supplier's page (no login): confirm a purchase order with an ETA
// or propose a new one. Token: "v1.<claims>.<signature>", base64url, bound to the shop and the PO.
// The signature is HMAC-SHA256 over the exact "v1.<claims>" text under a purpose label distinct
// from customer links, so a customer link can never pass as a supplier link (or the reverse).
import { createHmac, timingSafeEqual } from "node:crypto";

export type SupplierLinkClaims = {
  shop: string;
  purchaseOrderId: string;
  /** Whole seconds (sub-second precision is dropped). */
  expiresAt: Date;
};

export type SupplierLinkFailure = "malformed" | "bad_signature" | "expired";
export type SupplierLinkVerification = { ok: true; claims: SupplierLinkClaims } | { ok: false; reason: SupplierLinkFailure };

const VERSION = "v1";
const SIGNING_LABEL = "backorder-pilot/supplier-link\n";
const MIN_SECRET_BYTES = 32;
const MAX_TOKEN_LENGTH = 1024;
const TOKEN_PATTERN = /^v1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;
const SHOP_PATTERN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const ID_PATTERN = /^\d{1,20}$/;

function signature(signed: string, secret: string): string {
  if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) throw new TypeError(`Supplier link secret must be at least ${MIN_SECRET_BYTES} bytes`);
  return createHmac("sha256", secret).update(SIGNING_LABEL).update(signed).digest("base64url");
}

function problem(shop: string, id: string, expiresAtSeconds: number): string | null {
  if (!SHOP_PATTERN.test(shop)) return "shop must be a *.myshopify.com domain";
  if (!ID_PATTERN.test(id)) return "purchaseOrderId must be numeric";
  if (!Number.isSafeInteger(expiresAtSeconds) || expiresAtSeconds <= 0) return "expiresAt must be a valid date";
  return null;
}

export function signSupplierLink(claims: SupplierLinkClaims, secret: string): string {
  const expiresAtSeconds = Math.floor(claims.expiresAt.getTime() / 1000);
  const issue = problem(claims.shop, claims.purchaseOrderId, expiresAtSeconds);
  if (issue) throw new TypeError(`Cannot sign supplier link: ${issue}`);
  const signed = `${VERSION}.${Buffer.from(JSON.stringify([claims.shop, claims.purchaseOrderId, expiresAtSeconds])).toString("base64url")}`;
  return `${signed}.${signature(signed, secret)}`;
}

/** Checks a token; `secret` may list several keys (current first) for rotation. Nothing is parsed before the signature holds. */
export function verifySupplierLink(token: string, secret: string | readonly string[], o: { now: Date }): SupplierLinkVerification {
  const match = token.length <= MAX_TOKEN_LENGTH ? TOKEN_PATTERN.exec(token) : null;
  if (!match) return { ok: false, reason: "malformed" };
  const [, payload, given] = match;
  const signed = `${VERSION}.${payload}`;
  const keys = typeof secret === "string" ? [secret] : secret;
  if (keys.length === 0) throw new TypeError("No supplier link secret configured");
  const givenBytes = Buffer.from(given);
  let valid = false;
  for (const key of keys) valid = timingSafeEqual(Buffer.from(signature(signed, key)), givenBytes) || valid;
  if (!valid) return { ok: false, reason: "bad_signature" };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!Array.isArray(value) || value.length !== 3) return { ok: false, reason: "malformed" };
  const [shop, id, expiresAtSeconds] = value as unknown[];
  if (typeof shop !== "string" || typeof id !== "string" || typeof expiresAtSeconds !== "number" || problem(shop, id, expiresAtSeconds)) {
    return { ok: false, reason: "malformed" };
  }
  if (o.now.getTime() >= expiresAtSeconds * 1000) return { ok: false, reason: "expired" };
  return { ok: true, claims: { shop, purchaseOrderId: id, expiresAt: new Date(expiresAtSeconds * 1000) } };
}
