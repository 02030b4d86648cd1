import { describe, expect, it } from "vitest";
import { MANUAL_CLOSE_REASONS, MANUAL_CLOSE_REASON_LABELS, isManualCloseReason, manualCloseSchema } from "./index";

describe("manual close reasons", () => {
  it("labels every reason code", () => {
    expect(MANUAL_CLOSE_REASONS).toEqual(["customer_cancelled", "substituted", "fulfilled_elsewhere", "stock_found", "duplicate", "other"]);
    for (const r of MANUAL_CLOSE_REASONS) expect(MANUAL_CLOSE_REASON_LABELS[r]).toBeTruthy();
    expect(isManualCloseReason("stock_found")).toBe(true);
    expect(isManualCloseReason("resolved")).toBe(false);
  });

  it('requires a reason code, and a note for "other"', () => {
    expect(manualCloseSchema.parse({ reason: "duplicate" })).toEqual({ reason: "duplicate" });
    expect(manualCloseSchema.parse({ reason: "other", note: "  wrong SKU mapped  " })).toEqual({ reason: "other", note: "wrong SKU mapped" });
    expect(manualCloseSchema.safeParse({}).success).toBe(false);
    expect(manualCloseSchema.safeParse({ reason: "lost" }).success).toBe(false);
    const blank = manualCloseSchema.safeParse({ reason: "other", note: "   " });
    expect(blank.error?.issues.map((i) => i.path.join("."))).toEqual(["note"]);
  });
});
