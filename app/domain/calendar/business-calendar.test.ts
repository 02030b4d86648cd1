import { describe, expect, it } from "vitest";
import { addDays, createBusinessCalendar, type LocalDate } from "./index";

const us = createBusinessCalendar({ timeZone: "America/New_York", country: "US" });
const de = createBusinessCalendar({ timeZone: "Europe/Berlin", country: "DE" });

describe("business days", () => {
  it("closes weekends and public holidays, nothing else", () => {
    expect(us.isBusinessDay("2026-05-01")).toBe(true); // Friday, not a US holiday
    expect(de.isBusinessDay("2026-05-01")).toBe(false); // Labour Day
    expect(de.closureReason("2026-05-01")).toBe("Labour Day");
    expect(us.isBusinessDay("2026-05-02")).toBe(false); // Saturday
    expect(us.closureReason("2026-05-02")).toBeNull(); // a weekend is not a closure
    expect(us.isBusinessDay("2026-07-03")).toBe(false); // Independence Day observed on the Friday
    expect(us.isBusinessDay("2026-07-02")).toBe(true);
    expect(us.isBusinessDay("2026-12-25")).toBe(false);
    expect(de.isBusinessDay("2026-12-25")).toBe(false);
    expect(us.isBusinessDay("2026-12-24")).toBe(true);
  });

  it("counts forward over weekends and holidays", () => {
    expect(de.addBusinessDays("2026-04-30", 1)).toBe("2026-05-04"); // Fri 1 May holiday, then weekend
    expect(us.addBusinessDays("2026-04-30", 1)).toBe("2026-05-01");
    expect(us.addBusinessDays("2026-07-02", 1)).toBe("2026-07-06");
    expect(us.addBusinessDays("2026-12-23", 2)).toBe("2026-12-28");
    expect(de.addBusinessDays("2026-12-23", 2)).toBe("2026-12-28"); // 24th open, 25th/26th closed
    expect(us.addBusinessDays("2026-05-04", 10)).toBe("2026-05-18");
  });

  it("adds zero days: the same day when open, else the next open day", () => {
    expect(us.addBusinessDays("2026-05-04", 0)).toBe("2026-05-04");
    expect(us.addBusinessDays("2026-05-02", 0)).toBe("2026-05-04");
    expect(de.addBusinessDays("2026-05-01", 0)).toBe("2026-05-04");
    expect(us.nextBusinessDay("2026-05-04")).toBe("2026-05-05");
    expect(us.nextBusinessDay("2026-07-02")).toBe("2026-07-06");
  });

  it("refuses negative and fractional day counts", () => {
    expect(() => us.addBusinessDays("2026-05-04", -1)).toThrow(RangeError);
    expect(() => us.addBusinessDays("2026-05-04", 1.5)).toThrow(RangeError);
  });

  it("counts business days in [a, b), negative backwards", () => {
    expect(us.businessDaysBetween("2026-05-04", "2026-05-11")).toBe(5);
    expect(us.businessDaysBetween("2026-05-11", "2026-05-04")).toBe(-5);
    expect(us.businessDaysBetween("2026-05-04", "2026-05-04")).toBe(0);
    expect(us.businessDaysBetween("2026-05-02", "2026-05-04")).toBe(0); // the weekend holds no work
    expect(us.businessDaysBetween("2026-06-29", "2026-07-06")).toBe(4); // Fri 3 July observed
    expect(de.businessDaysBetween("2026-04-27", "2026-05-04")).toBe(4);
    expect(us.businessDaysBetween("2026-01-01", "2027-01-01")).toBe(250);
  });

  it("is the inverse of addBusinessDays from any day", () => {
    for (let start: LocalDate = "2026-12-18"; start <= "2027-01-08"; start = addDays(start, 1)) {
      for (let n = 0; n <= 12; n++) {
        expect(de.businessDaysBetween(start, de.addBusinessDays(start, n)), `${start} + ${n}`).toBe(n);
      }
    }
  });

  it("applies a region's holidays only with that region", () => {
    const bavaria = createBusinessCalendar({ timeZone: "Europe/Berlin", country: "DE", region: "BY" });
    expect(bavaria.isBusinessDay("2026-06-04")).toBe(false); // Corpus Christi
    expect(createBusinessCalendar({ timeZone: "Europe/Berlin", country: "DE", region: "DE-BY" }).isBusinessDay("2026-06-04")).toBe(false);
    expect(de.isBusinessDay("2026-06-04")).toBe(true);
  });

  it("closes the merchant's own closed days", () => {
    const cal = createBusinessCalendar({ timeZone: "America/New_York", country: "US", closedDates: ["2026-08-14"] });
    expect(cal.isBusinessDay("2026-08-14")).toBe(false);
    expect(cal.closureReason("2026-08-14")).toBe("closed");
    expect(cal.addBusinessDays("2026-08-13", 1)).toBe("2026-08-17");
    expect(us.isBusinessDay("2026-08-14")).toBe(true);
  });

  it("takes other weekends", () => {
    const cal = createBusinessCalendar({ timeZone: "Asia/Jerusalem", country: "IL", weekendDays: [5, 6] });
    expect(cal.isBusinessDay("2026-05-08")).toBe(false); // Friday
    expect(cal.isBusinessDay("2026-05-10")).toBe(true); // Sunday
  });

  it("keeps the shop open on half-day holidays and closed on every day of a multi-day one", () => {
    const cn = createBusinessCalendar({ timeZone: "Asia/Shanghai", country: "CN" });
    expect(cn.isBusinessDay("2026-05-04")).toBe(true); // Youth Day starts at noon
    const am = createBusinessCalendar({ timeZone: "Asia/Yerevan", country: "AM" });
    expect(["2026-01-05", "2026-01-06", "2026-01-07"].map((d) => am.isBusinessDay(d as LocalDate))).toEqual([false, false, true]);
    // Eswatini's Incwala runs 28 Dec 2026 – 2 Jan 2027: the holiday of one year closes days of the next.
    const sz = createBusinessCalendar({ timeZone: "Africa/Mbabane", country: "SZ" });
    expect(sz.closureReason("2027-01-02")).toBe("Incwala Festival");
  });

  it("rejects configuration it cannot honour", () => {
    expect(() => createBusinessCalendar({ timeZone: "Mars/Olympus", country: "US" })).toThrow(RangeError);
    expect(() => createBusinessCalendar({ timeZone: "UTC", country: "XX" })).toThrow(/country "XX"/);
    expect(() => createBusinessCalendar({ timeZone: "UTC", country: "DE", region: "ZZ" })).toThrow(/region "ZZ"/);
    expect(() => createBusinessCalendar({ timeZone: "UTC", country: "US", closedDates: ["2026-02-30"] })).toThrow(RangeError);
    expect(() => createBusinessCalendar({ timeZone: "UTC", country: "US", weekendDays: [0, 1, 2, 3, 4, 5, 6] })).toThrow(RangeError);
  });
});

describe("the shop's day", () => {
  it("is the day in the shop's time zone, not in UTC", () => {
    const la = createBusinessCalendar({ timeZone: "America/Los_Angeles", country: "US" });
    const fridayEvening = new Date("2026-05-09T05:00:00Z"); // Saturday in UTC, Fri 22:00 in Los Angeles
    expect(la.localDate(fridayEvening)).toBe("2026-05-08");
    expect(la.isBusinessDay(la.localDate(fridayEvening))).toBe(true);
    expect(us.localDate(fridayEvening)).toBe("2026-05-09");
  });

  it("turns at local midnight on both sides of New York's spring change (8 March 2026)", () => {
    expect(us.localDate(new Date("2026-03-08T04:59:59Z"))).toBe("2026-03-07"); // 23:59:59 EST
    expect(us.localDate(new Date("2026-03-08T05:00:00Z"))).toBe("2026-03-08"); // 00:00 EST
    expect(us.localDate(new Date("2026-03-09T03:59:59Z"))).toBe("2026-03-08"); // 23:59:59 EDT
    expect(us.localDate(new Date("2026-03-09T04:00:00Z"))).toBe("2026-03-09"); // 00:00 EDT
    expect(us.addBusinessDays("2026-03-06", 1)).toBe("2026-03-09");
    expect(us.businessDaysBetween("2026-03-02", "2026-03-16")).toBe(10);
  });

  it("turns at local midnight on both sides of New York's autumn change (1 November 2026)", () => {
    expect(us.localDate(new Date("2026-11-01T03:59:59Z"))).toBe("2026-10-31"); // 23:59:59 EDT
    expect(us.localDate(new Date("2026-11-02T04:59:59Z"))).toBe("2026-11-01"); // 23:59:59 EST, a 25-hour day
    expect(us.localDate(new Date("2026-11-02T05:00:00Z"))).toBe("2026-11-02");
  });

  it("turns at local midnight on both sides of Berlin's change (29 March 2026)", () => {
    expect(de.localDate(new Date("2026-03-28T22:59:59Z"))).toBe("2026-03-28"); // 23:59:59 CET
    expect(de.localDate(new Date("2026-03-28T23:00:00Z"))).toBe("2026-03-29"); // 00:00 CET
    expect(de.localDate(new Date("2026-03-29T21:59:59Z"))).toBe("2026-03-29"); // 23:59:59 CEST, a 23-hour day
    expect(de.localDate(new Date("2026-03-29T22:00:00Z"))).toBe("2026-03-30");
    expect(de.addBusinessDays("2026-03-27", 1)).toBe("2026-03-30");
  });

  it("refuses an invalid instant", () => {
    expect(() => us.localDate(new Date("nope"))).toThrow(RangeError);
  });
});
