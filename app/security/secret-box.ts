// Secrets the app stores for a merchant (a supplier's API token, an EDI endpoint's token) are sealed
// at rest: AES-256-GCM under a key only the app's processes hold, a fresh 96-bit nonce per seal,
// the purpose bound in as associated data so a sealed value cannot be moved to another field.
// Stored form: "bp-sealed:v1:<nonce>.<ciphertext+tag>" (base64url). Keys rotate: seal with the
// first, open with any. A value without the prefix is a legacy plain value and opens as itself
// (it is sealed on its next write).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const PREFIX = "bp-sealed:v1:";
const SEALED = /^bp-sealed:v1:([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;
const KEY_BYTES = 32;

export function isSealed(value: string): boolean {
  return SEALED.test(value);
}

function checkKey(key: Buffer): Buffer {
  if (key.length !== KEY_BYTES) throw new TypeError(`A secret-box key must be ${KEY_BYTES} bytes, got ${key.length}`);
  return key;
}

/** Seals `plain` for `purpose` (e.g. "supplier.apiToken") under `key`. */
export function sealSecret(plain: string, purpose: string, key: Buffer): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", checkKey(key), nonce);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}${nonce.toString("base64url")}.${body.toString("base64url")}`;
}

/**
 * Opens a stored value with the first key that authenticates it. Throws when it is sealed but no
 * key opens it (wrong key, another purpose, tampered): never returns a wrong secret.
 */
export function openSecret(stored: string, purpose: string, keys: readonly Buffer[]): string {
  const m = SEALED.exec(stored);
  if (!m) return stored;
  const nonce = Buffer.from(m[1], "base64url");
  const body = Buffer.from(m[2], "base64url");
  for (const key of keys) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", checkKey(key), nonce);
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
    } catch (e) {
      if (e instanceof TypeError) throw e;
    }
  }
  throw new Error(`A sealed ${purpose} could not be opened with the configured keys`);
}

/**
 * The keys, current first: each comma-separated entry of `configured` (base64 or base64url of 32
 * bytes) when given; otherwise one derived from the app's API secret with HKDF (never the raw secret).
 */
export function secretBoxKeys(configured: string | undefined, appSecret: string): Buffer[] {
  const entries = configured?.split(",").map((s) => s.trim()).filter(Boolean) ?? [];
  if (entries.length) return entries.map((e) => checkKey(Buffer.from(e, "base64")));
  return [Buffer.from(hkdfSync("sha256", appSecret, "backorder-pilot", "secret-box/v1", KEY_BYTES))];
}
