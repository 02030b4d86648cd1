import { describe, expect, it } from "vitest";
import { capDecision, defaultResumeMargin, type CapInput, type SellingPolicy } from "./index";

const base: CapInput = { eligible: true, maxUnits: 10, available: 0, openPoUnits: 0, currentPolicy: "CONTINUE" };

describe("capDecision", () => {
  it("keeps selling below zero while uncovered backorders stay under the cap", () => {
    expect(capDecision({ ...base, available: -9 })).toEqual({ policy: "CONTINUE", change: false, reason: "within_cap", uncoveredUnits: 9, resumeAt: 8 });
  });

  it("stops selling at the cap", () => {
    expect(capDecision({ ...base, available: -10 })).toEqual({ policy: "DENY", change: true, reason: "cap_reached", uncoveredUnits: 10, resumeAt: 8 });
    expect(capDecision({ ...base, available: -14, currentPolicy: "DENY" })).toMatchObject({ policy: "DENY", change: false, reason: "cap_reached" });
  });

  it("counts only backorders no open purchase order covers", () => {
    expect(capDecision({ ...base, available: -15, openPoUnits: 8 })).toMatchObject({ policy: "CONTINUE", reason: "within_cap", uncoveredUnits: 7 });
    expect(capDecision({ ...base, available: 4, openPoUnits: 8 })).toMatchObject({ policy: "CONTINUE", uncoveredUnits: 0 });
  });

  it("resumes when a purchase order makes room", () => {
    expect(capDecision({ ...base, available: -10, openPoUnits: 5, currentPolicy: "DENY" })).toEqual({
      policy: "CONTINUE",
      change: true,
      reason: "room_restored",
      uncoveredUnits: 5,
      resumeAt: 8,
    });
  });

  it("does not flap when demand moves by one unit around the cap", () => {
    // available over time: orders and single-unit cancellations around the cap of 10.
    const path = [-9, -10, -9, -10, -9, -8, -9, -10, -7];
    let policy: SellingPolicy = "CONTINUE";
    const seen = path.map((available) => {
      const d = capDecision({ ...base, available, currentPolicy: policy });
      policy = d.policy;
      return `${available}:${d.policy}${d.change ? "*" : ""}`;
    });
    expect(seen).toEqual(["-9:CONTINUE", "-10:DENY*", "-9:DENY", "-10:DENY", "-9:DENY", "-8:CONTINUE*", "-9:CONTINUE", "-10:DENY*", "-7:CONTINUE*"]);
  });

  it("an explicit resume margin widens or removes the band", () => {
    expect(capDecision({ ...base, available: -6, currentPolicy: "DENY", resumeMargin: 5 })).toMatchObject({ policy: "DENY", reason: "waiting_for_room", resumeAt: 5 });
    expect(capDecision({ ...base, available: -5, currentPolicy: "DENY", resumeMargin: 5 })).toMatchObject({ policy: "CONTINUE", change: true });
    expect(capDecision({ ...base, available: -9, currentPolicy: "DENY", resumeMargin: 0 })).toMatchObject({ policy: "CONTINUE", reason: "room_restored" });
  });

  it("never backorders an ineligible SKU, whatever the stock", () => {
    expect(capDecision({ ...base, eligible: false, available: 25 })).toMatchObject({ policy: "DENY", change: true, reason: "not_eligible" });
    expect(capDecision({ ...base, eligible: false, maxUnits: null, currentPolicy: "DENY" })).toMatchObject({ policy: "DENY", change: false });
  });

  it("a cap of zero means eligible in name only; no cap means no limit", () => {
    expect(capDecision({ ...base, maxUnits: 0, available: 3 })).toMatchObject({ policy: "DENY", reason: "cap_reached", resumeAt: 0 });
    expect(capDecision({ ...base, maxUnits: null, available: -500, currentPolicy: "DENY" })).toEqual({
      policy: "CONTINUE",
      change: true,
      reason: "no_cap",
      uncoveredUnits: 500,
      resumeAt: null,
    });
  });

  it("a cap of one resumes only when nothing is uncovered", () => {
    expect(capDecision({ ...base, maxUnits: 1, available: -1 })).toMatchObject({ policy: "DENY", resumeAt: 0 });
    expect(capDecision({ ...base, maxUnits: 1, available: 0, currentPolicy: "DENY" })).toMatchObject({ policy: "CONTINUE", reason: "room_restored" });
  });

  it("scales the default margin with the cap", () => {
    expect([1, 10, 11, 50].map(defaultResumeMargin)).toEqual([2, 2, 3, 10]);
  });

  it("refuses fractional or negative counts", () => {
    expect(() => capDecision({ ...base, available: -1.5 })).toThrow(RangeError);
    expect(() => capDecision({ ...base, openPoUnits: -1 })).toThrow(/openPoUnits/);
    expect(() => capDecision({ ...base, maxUnits: -3 })).toThrow(/maxUnits/);
    expect(() => capDecision({ ...base, resumeMargin: 0.5 })).toThrow(/resumeMargin/);
  });
});
