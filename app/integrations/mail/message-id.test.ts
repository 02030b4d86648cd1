import { describe, expect, it } from "vitest";
import { deriveMessageId } from "./message-id";

describe("deriveMessageId", () => {
  it("keeps a plain key readable", () => {
    expect(deriveMessageId("po", "po_01HX-42")).toBe("<po-po_01HX-42@backorder-pilot>");
  });

  it("escapes characters that are not allowed or ambiguous in a Message-ID", () => {
    expect(deriveMessageId("po", "a b@c<d>.é")).toBe("<po-a=20b=40c=3Cd=3E=2E=C3=A9@backorder-pilot>");
  });

  it("never maps two different keys to the same id (the escape character is escaped too)", () => {
    expect(deriveMessageId("po", "x=20")).not.toBe(deriveMessageId("po", "x "));
    expect(deriveMessageId("po", "x=20")).toBe("<po-x=3D20@backorder-pilot>");
  });

  it("is stable across calls (a retry carries the same id)", () => {
    expect(deriveMessageId("alert", "k1")).toBe(deriveMessageId("alert", "k1"));
  });

  it("refuses an empty key and an unsafe kind", () => {
    expect(() => deriveMessageId("po", "")).toThrow(/key is empty/);
    expect(() => deriveMessageId("P O", "k")).toThrow(/kind must match/);
  });
});
