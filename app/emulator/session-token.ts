// Session tokens as Shopify admin signs them (HS256 JWT with the app secret): used by the
// emulator's token exchange, the demo App Bridge stand-in and tests. Never used in production.
import crypto from "node:crypto";

export type SessionTokenClaims = {
  shop: string;
  apiKey: string;
  userId?: string;
  /** Seconds since epoch; the caller passes its clock (virtual in replay). */
  issuedAt: number;
  ttlSeconds?: number;
};

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString("base64url");

export function signSessionToken(claims: SessionTokenClaims, apiSecret: string): string {
  const header = { alg: "HS256", typ: "JWT" };
  const payload = {
    iss: `https://${claims.shop}/admin`,
    dest: `https://${claims.shop}`,
    aud: claims.apiKey,
    sub: claims.userId ?? "1",
    exp: claims.issuedAt + (claims.ttlSeconds ?? 60),
    nbf: claims.issuedAt - 5,
    iat: claims.issuedAt,
    jti: crypto.randomUUID(),
    sid: crypto.createHash("sha256").update(`${claims.shop}:${claims.userId ?? "1"}`).digest("hex").slice(0, 32),
  };
  const body = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const sig = crypto.createHmac("sha256", apiSecret).update(body).digest("base64url");
  return `${body}.${sig}`;
}

/** Verifies signature, audience and expiry; returns the payload or null. */
export function verifySessionToken(
  token: string,
  apiKey: string,
  apiSecret: string,
  nowSeconds: number,
): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const expected = crypto.createHmac("sha256", apiSecret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as Record<string, unknown>;
  if (payload.aud !== apiKey) return null;
  if (typeof payload.exp !== "number" || payload.exp < nowSeconds - 5) return null;
  if (typeof payload.nbf === "number" && payload.nbf > nowSeconds + 5) return null;
  return payload;
}
