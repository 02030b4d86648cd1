import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isLocalDate, localDateToUtcNoon, parseLocalDate, weekday } from "./local-date";

describe("LocalDate", () => {
  it("accepts only real calendar days", () => {
    expect(isLocalDate("2026-02-28")).toBe(true);
    expect(isLocalDate("2028-02-29")).toBe(true);
    expect(isLocalDate("2026-02-29")).toBe(false);
    expect(isLocalDate("2026-13-01")).toBe(false);
    expect(isLocalDate("2026-5-1")).toBe(false);
    expect(isLocalDate("2026-05-01T00:00:00Z")).toBe(false);
    expect(isLocalDate(20260501)).toBe(false);
    expect(() => parseLocalDate("2026-04-31")).toThrow(RangeError);
  });

  it("adds calendar days across month, year and DST boundaries", () => {
    expect(addDays("2026-03-07", 1)).toBe("2026-03-08");
    expect(addDays("2026-03-08", 1)).toBe("2026-03-09");
    expect(addDays("2026-10-31", 2)).toBe("2026-11-02");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetween("2026-03-01", "2026-04-01")).toBe(31);
    expect(daysBetween("2026-04-01", "2026-03-01")).toBe(-31);
  });

  it("knows the weekday and the noon instant of a day", () => {
    expect(weekday("2026-05-01")).toBe(5);
    expect(weekday("2026-05-03")).toBe(0);
    expect(localDateToUtcNoon("2026-05-01").toISOString()).toBe("2026-05-01T12:00:00.000Z");
  });
});
