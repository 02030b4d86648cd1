import { describe, expect, it } from "vitest";
import { BACKORDER_STATUSES, REASON_CODES, REASON_LABELS, STATUS_LABELS, isBackorderStatus } from "./index";

describe("backorder status contract", () => {
  it("labels every status and every reason code", () => {
    for (const s of BACKORDER_STATUSES) expect(STATUS_LABELS[s]).toBeTruthy();
    for (const code of Object.values(REASON_CODES)) expect(REASON_LABELS[code]).toBeTruthy();
  });
  it("recognises statuses", () => {
    expect(isBackorderStatus("backordered")).toBe(true);
    expect(isBackorderStatus("Backordered")).toBe(false);
  });
});
