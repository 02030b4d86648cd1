import { describe, expect, it } from "vitest";
import { isSealed, openSecret, sealSecret, secretBoxKeys } from "./secret-box";

const KEY = Buffer.alloc(32, 7);
const OLD = Buffer.alloc(32, 9);
const PURPOSE = "supplier.apiToken";

describe("secret box", () => {
  it("seals to a prefixed value that holds nothing of the secret, differently each time, and opens it back", () => {
    const a = sealSecret("tok_live_123", PURPOSE, KEY);
    const b = sealSecret("tok_live_123", PURPOSE, KEY);
    expect(a).toMatch(/^bp-sealed:v1:[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("tok_live");
    expect(isSealed(a)).toBe(true);
    expect(openSecret(a, PURPOSE, [KEY])).toBe("tok_live_123");
    expect(openSecret(sealSecret("", PURPOSE, KEY), PURPOSE, [KEY])).toBe("");
    expect(openSecret(sealSecret("ünïcode ✓", PURPOSE, KEY), PURPOSE, [KEY])).toBe("ünïcode ✓");
  });

  it("opens with an older key after a rotation (current key first)", () => {
    const sealed = sealSecret("s3cret", PURPOSE, OLD);
    expect(openSecret(sealed, PURPOSE, [KEY, OLD])).toBe("s3cret");
  });

  it("refuses a wrong key, another purpose and any tampering, instead of returning something else", () => {
    const sealed = sealSecret("s3cret", PURPOSE, KEY);
    expect(() => openSecret(sealed, PURPOSE, [OLD])).toThrow(/could not be opened/);
    expect(() => openSecret(sealed, "supplier.ediToken", [KEY])).toThrow(/could not be opened/);
    const [head, body] = sealed.split(".");
    for (const at of [0, Buffer.from(body, "base64url").length - 1]) {
      const bytes = Buffer.from(body, "base64url");
      bytes[at] ^= 1; // a ciphertext bit, then a tag bit
      expect(() => openSecret(`${head}.${bytes.toString("base64url")}`, PURPOSE, [KEY])).toThrow(/could not be opened/);
    }
  });

  it("reads a legacy plain value as itself", () => {
    expect(isSealed("tok_plain")).toBe(false);
    expect(openSecret("tok_plain", PURPOSE, [KEY])).toBe("tok_plain");
  });

  it("keys: configured ones in order (32 bytes each), else one derived from the app secret", () => {
    const k1 = Buffer.alloc(32, 1).toString("base64");
    const k2 = Buffer.alloc(32, 2).toString("base64url");
    expect(secretBoxKeys(` ${k1}, ${k2} `, "app-secret")).toEqual([Buffer.alloc(32, 1), Buffer.alloc(32, 2)]);
    expect(() => secretBoxKeys(Buffer.alloc(16).toString("base64"), "app-secret")).toThrow(/32 bytes/);
    const derived = secretBoxKeys(undefined, "app-secret");
    expect(derived).toHaveLength(1);
    expect(derived[0]).toHaveLength(32);
    expect(derived[0].equals(secretBoxKeys("", "app-secret")[0])).toBe(true);
    expect(derived[0].equals(secretBoxKeys(undefined, "other-secret")[0])).toBe(false);
  });
});
