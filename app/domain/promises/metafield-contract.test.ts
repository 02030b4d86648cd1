import { describe, expect, it } from "vitest";
import {
  orderPromisesMetafield,
  orderPromisesValueSchema,
  readLinePromise,
  readOrderPromises,
  readVariantWindow,
  variantWindowMetafield,
  variantWindowValueSchema,
} from "./index";

const VARIANT = "gid://shopify/ProductVariant/4401";
const OTHER = "gid://shopify/ProductVariant/4402";
const ORDER = "gid://shopify/Order/9001";

describe("variant window metafield", () => {
  it("is an app-owned json metafield holding the versioned window", () => {
    expect(variantWindowMetafield(VARIANT, { earliest: "2026-07-15", latest: "2026-07-20" })).toEqual({
      ownerId: VARIANT,
      namespace: "$app",
      key: "backorder_window",
      type: "json",
      value: '{"v":1,"earliest":"2026-07-15","latest":"2026-07-20"}',
    });
  });

  it("refuses what the extensions would not read", () => {
    expect(() => variantWindowMetafield("gid://shopify/Product/1", { earliest: "2026-07-15", latest: "2026-07-20" })).toThrow(TypeError);
    expect(() => variantWindowMetafield(VARIANT, { earliest: "2026-07-21", latest: "2026-07-20" })).toThrow(RangeError);
    expect(() => variantWindowMetafield(VARIANT, { earliest: "2026-02-30", latest: "2026-03-02" } as never)).toThrow(RangeError);
  });

  it("reads back from JSON text or a parsed value, and nothing else", () => {
    const { value } = variantWindowMetafield(VARIANT, { earliest: "2026-07-15", latest: "2026-07-20" });
    expect(readVariantWindow(value)).toEqual({ earliest: "2026-07-15", latest: "2026-07-20" });
    expect(readVariantWindow(JSON.parse(value))).toEqual({ earliest: "2026-07-15", latest: "2026-07-20" });
    for (const bad of [
      undefined,
      null,
      "",
      "not json",
      42,
      '{"earliest":"2026-07-15","latest":"2026-07-20"}', // no version
      '{"v":2,"earliest":"2026-07-15","latest":"2026-07-20"}',
      '{"v":1,"earliest":"2026-07-15"}',
      '{"v":1,"earliest":"15/07/2026","latest":"2026-07-20"}',
      '{"v":1,"earliest":"2026-07-21","latest":"2026-07-20"}',
      "[1]",
    ]) {
      expect(readVariantWindow(bad), String(bad)).toBeNull();
    }
  });
});

describe("order promises metafield", () => {
  it("keys each backordered line by its variant", () => {
    const m = orderPromisesMetafield(ORDER, [
      { variantId: VARIANT, earliest: "2026-07-15", latest: "2026-07-20", status: "backordered", quantity: 2 },
      { variantId: OTHER, earliest: "2026-07-01", latest: "2026-07-03", status: "shipped" },
    ]);
    expect(m).toEqual({
      ownerId: ORDER,
      namespace: "$app",
      key: "line_promises",
      type: "json",
      value:
        '{"v":1,"lines":{"gid://shopify/ProductVariant/4401":{"earliest":"2026-07-15","latest":"2026-07-20","status":"backordered","quantity":2},' +
        '"gid://shopify/ProductVariant/4402":{"earliest":"2026-07-01","latest":"2026-07-03","status":"shipped"}}}',
    });
    expect(readLinePromise(m.value, VARIANT)).toEqual({ earliest: "2026-07-15", latest: "2026-07-20", status: "backordered", quantity: 2 });
    expect(readLinePromise(m.value, OTHER)).toEqual({ earliest: "2026-07-01", latest: "2026-07-03", status: "shipped" });
    expect(readLinePromise(m.value, "gid://shopify/ProductVariant/1")).toBeNull();
    expect(readLinePromise(m.value, "__proto__")).toBeNull();
  });

  it("merges two lines of one variant into the wider window, waiting while either waits", () => {
    const m = orderPromisesMetafield(ORDER, [
      { variantId: VARIANT, earliest: "2026-07-01", latest: "2026-07-03", status: "shipped" },
      { variantId: VARIANT, earliest: "2026-07-15", latest: "2026-07-20", status: "backordered", quantity: 1 },
    ]);
    expect(readOrderPromises(m.value)).toEqual({ [VARIANT]: { earliest: "2026-07-01", latest: "2026-07-20", status: "backordered" } });
  });

  it("refuses malformed lines and ids", () => {
    expect(() => orderPromisesMetafield("gid://shopify/DraftOrder/1", [])).toThrow(TypeError);
    expect(() =>
      orderPromisesMetafield(ORDER, [{ variantId: "4401", earliest: "2026-07-15", latest: "2026-07-20", status: "backordered" }])
    ).toThrow(TypeError);
    expect(() =>
      orderPromisesMetafield(ORDER, [
        { variantId: VARIANT, earliest: "2026-07-15", latest: "2026-07-20", status: "backordered", quantity: 0 },
      ])
    ).toThrow(RangeError);
  });

  it("reads well-formed lines and leaves malformed ones out", () => {
    const value = JSON.stringify({
      v: 1,
      lines: {
        [VARIANT]: { earliest: "2026-07-15", latest: "2026-07-20", status: "backordered" },
        [OTHER]: { earliest: "2026-07-15", latest: "2026-07-20", status: "lost" },
      },
    });
    expect(readOrderPromises(value)).toEqual({ [VARIANT]: { earliest: "2026-07-15", latest: "2026-07-20", status: "backordered" } });
    expect(readLinePromise(value, OTHER)).toBeNull();
    expect(readOrderPromises('{"v":1,"lines":[]}')).toBeNull();
    expect(readOrderPromises('{"v":1}')).toBeNull();
  });
});

describe("zod faces of the contract", () => {
  it("accept exactly what the readers accept", () => {
    const window = '{"v":1,"earliest":"2026-07-15","latest":"2026-07-20"}';
    expect(variantWindowValueSchema.parse(window)).toEqual({ earliest: "2026-07-15", latest: "2026-07-20" });
    expect(variantWindowValueSchema.safeParse('{"v":2,"earliest":"2026-07-15","latest":"2026-07-20"}').success).toBe(false);
    const lines =
      '{"v":1,"lines":{"gid://shopify/ProductVariant/4401":{"earliest":"2026-07-15","latest":"2026-07-20","status":"shipped"}}}';
    expect(orderPromisesValueSchema.parse(lines)).toEqual({
      [VARIANT]: { earliest: "2026-07-15", latest: "2026-07-20", status: "shipped" },
    });
    expect(orderPromisesValueSchema.safeParse("{}").success).toBe(false);
  });
});
