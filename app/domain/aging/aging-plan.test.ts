import { describe, expect, it } from "vitest";
import { DEFAULT_AGING_SETTINGS, agingPlan, agingSettingsSchema, type AgingLine, type AgingSettings, type BusinessDays, type LocalDate } from "./index";

// Test calendars: Monday to Friday are business days, no holidays. "start_inclusive" counts
// business days in [a, b) and lets addBusinessDays start from the next open day, as the calendar
// module documents; "end_inclusive" counts (a, b]. Aging must behave the same under both.
const DAY_MS = 86_400_000;
const ms = (d: LocalDate) => Date.parse(`${d}T00:00:00Z`);
const day = (t: number): LocalDate => new Date(t).toISOString().slice(0, 10);
const nextDay = (d: LocalDate) => day(ms(d) + DAY_MS);
const isBusinessDay = (d: LocalDate) => ![0, 6].includes(new Date(ms(d)).getUTCDay());

function weekdayCalendar(convention: "start_inclusive" | "end_inclusive"): BusinessDays {
  const countFrom = (a: LocalDate, b: LocalDate) => {
    let n = 0;
    for (let d = a; d < b; d = nextDay(d)) if (isBusinessDay(convention === "start_inclusive" ? d : nextDay(d))) n++;
    return n;
  };
  return {
    isBusinessDay,
    businessDaysBetween: (a, b) => (a <= b ? countFrom(a, b) : -countFrom(b, a)),
    addBusinessDays(d, n) {
      let result = d;
      if (convention === "start_inclusive") while (!isBusinessDay(result)) result = nextDay(result);
      for (let left = n; left > 0; left--) do result = nextDay(result); while (!isBusinessDay(result));
      return result;
    },
    localDate: (instant) => instant.toISOString().slice(0, 10),
  };
}
const weekdays = weekdayCalendar("start_inclusive");
const CALENDARS = [["start_inclusive", weekdays] as const, ["end_inclusive", weekdayCalendar("end_inclusive")] as const];

// Detected Monday 2026-05-04. Business ages: 05-07 = 3, 05-08 (Fri) = 4, 05-13 = 7, 05-14 = 8,
// 05-22 (Fri) = 14, 05-25 (Mon) = 15. With [a, b) counting, a weekend already counts Friday.
const detected: AgingLine = { detectedAt: "2026-05-04", lastNotifiedAt: "2026-05-04" };
const settings = (autoCancel: Partial<AgingSettings["autoCancel"]>): AgingSettings => ({
  autoCancel: { ...DEFAULT_AGING_SETTINGS.autoCancel, ...autoCancel },
});

describe("test calendars", () => {
  it.each(CALENDARS)("%s keeps the contract aging relies on", (_, cal) => {
    for (const d of ["2026-05-04", "2026-05-08", "2026-05-09"]) {
      for (const n of [1, 4, 15]) {
        const target = cal.addBusinessDays(d, n);
        expect(cal.isBusinessDay(target)).toBe(true);
        expect(cal.businessDaysBetween(d, target)).toBe(n);
        // The first business day at that count: the business day before it is not there yet.
        let before = day(ms(target) - DAY_MS);
        while (!isBusinessDay(before)) before = day(ms(before) - DAY_MS);
        if (before >= d) expect(cal.businessDaysBetween(d, before)).toBeLessThan(n);
      }
    }
  });

  it("start_inclusive matches the calendar module's documented convention", () => {
    expect(weekdays.businessDaysBetween("2026-05-04", "2026-05-09")).toBe(5);
    expect(weekdays.addBusinessDays("2026-05-09", 0)).toBe("2026-05-11");
    expect(weekdays.addBusinessDays("2026-05-09", 1)).toBe("2026-05-12");
  });
});

describe("agingPlan across bucket boundaries", () => {
  const plan = (line: AgingLine, today: LocalDate, s = DEFAULT_AGING_SETTINGS) => agingPlan(line, today, s, weekdays);

  it("monitors for the first three business days and schedules the next look at the 4-7 boundary", () => {
    expect(plan(detected, "2026-05-07")).toEqual({
      ageBusinessDays: 3,
      bucket: "0-3",
      action: "monitor",
      dueToday: false,
      nextReviewOn: "2026-05-08",
      reason: "monitoring",
    });
  });

  it("re-notifies on entering 4-7, once", () => {
    expect(plan(detected, "2026-05-08")).toMatchObject({ ageBusinessDays: 4, bucket: "4-7", action: "renotify", dueToday: true, nextReviewOn: "2026-05-08", reason: "renotify_due" });
    const notified = { ...detected, lastNotifiedAt: "2026-05-08" };
    // Saturday: Friday has passed (age 5) but the notice was given at this stage; next look: 8-14.
    expect(plan(notified, "2026-05-09")).toEqual({
      ageBusinessDays: 5,
      bucket: "4-7",
      action: "none",
      dueToday: false,
      nextReviewOn: "2026-05-14",
      reason: "renotified",
    });
    expect(plan(notified, "2026-05-13")).toMatchObject({ ageBusinessDays: 7, action: "none", nextReviewOn: "2026-05-14" });
  });

  it("counts business days from a weekend detection", () => {
    const weekend = { detectedAt: "2026-05-09", lastNotifiedAt: "2026-05-09" };
    expect(plan(weekend, "2026-05-15")).toMatchObject({ ageBusinessDays: 4, bucket: "4-7", action: "renotify" });
    expect(plan(weekend, "2026-05-14")).toMatchObject({ ageBusinessDays: 3, action: "monitor", nextReviewOn: "2026-05-15" });
  });

  it("escalates on entering 8-14, once; the next look is when the automatic step starts", () => {
    const line = { ...detected, lastNotifiedAt: "2026-05-08" };
    expect(plan(line, "2026-05-14")).toMatchObject({ ageBusinessDays: 8, bucket: "8-14", action: "escalate", dueToday: true, reason: "escalation_due" });
    expect(plan({ ...line, escalatedAt: "2026-05-14" }, "2026-05-22")).toEqual({
      ageBusinessDays: 14,
      bucket: "8-14",
      action: "none",
      dueToday: false,
      nextReviewOn: "2026-05-25",
      reason: "escalated",
    });
  });

  it("a notice from an earlier stage does not count for a later one", () => {
    // Notified on day 4 but never escalated: day 8 still escalates; a fresh 4-7 entry re-notifies.
    expect(plan({ ...detected, lastNotifiedAt: "2026-05-08" }, "2026-05-15")).toMatchObject({ action: "escalate" });
    expect(plan({ ...detected, lastNotifiedAt: "2026-05-07" }, "2026-05-11")).toMatchObject({ action: "renotify", reason: "renotify_due" });
  });

  it("ask_consent: asks on the first day past the limit, waits out the grace period, then cancels", () => {
    const line = { ...detected, lastNotifiedAt: "2026-05-08", escalatedAt: "2026-05-14" };
    expect(plan(line, "2026-05-22")).toMatchObject({ ageBusinessDays: 14, action: "none" });
    expect(plan(line, "2026-05-25")).toMatchObject({ ageBusinessDays: 15, bucket: "15+", action: "request_consent", dueToday: true, reason: "consent_due" });
    const asked = { ...line, consentRequestedAt: "2026-05-25" };
    expect(plan(asked, "2026-05-29")).toEqual({
      ageBusinessDays: 19,
      bucket: "15+",
      action: "none",
      dueToday: false,
      nextReviewOn: "2026-06-01",
      reason: "awaiting_consent",
    });
    // The grace period is over by Saturday; the cancellation waits for the next business day.
    expect(plan(asked, "2026-05-30")).toEqual({
      ageBusinessDays: 20,
      bucket: "15+",
      action: "auto_cancel",
      dueToday: false,
      nextReviewOn: "2026-06-01",
      reason: "consent_unanswered",
    });
    expect(plan(asked, "2026-06-01")).toMatchObject({ action: "auto_cancel", dueToday: true, nextReviewOn: "2026-06-01", reason: "consent_unanswered" });
  });

  it("acts on business days only: a stage reached over the weekend waits for Monday", () => {
    const line = { ...detected, lastNotifiedAt: "2026-05-08", escalatedAt: "2026-05-14" };
    expect(plan(line, "2026-05-23")).toEqual({
      ageBusinessDays: 15,
      bucket: "15+",
      action: "request_consent",
      dueToday: false,
      nextReviewOn: "2026-05-25",
      reason: "consent_due",
    });
  });

  it("cancel: cancels on the first day past the limit", () => {
    const line = { ...detected, lastNotifiedAt: "2026-05-08", escalatedAt: "2026-05-14" };
    const cancel = settings({ mode: "cancel" });
    expect(plan(line, "2026-05-22", cancel)).toMatchObject({ action: "none", nextReviewOn: "2026-05-25" });
    expect(plan(line, "2026-05-25", cancel)).toMatchObject({ action: "auto_cancel", dueToday: true, reason: "auto_cancel_due" });
  });

  it("off: staff outreach at 15+, once, then a weekly look", () => {
    const line = { ...detected, lastNotifiedAt: "2026-05-08", escalatedAt: "2026-05-14" };
    const off = settings({ mode: "off" });
    expect(plan(line, "2026-05-22", off)).toMatchObject({ action: "none", nextReviewOn: "2026-05-25" });
    expect(plan(line, "2026-05-25", off)).toMatchObject({ action: "cancellation_outreach", dueToday: true, reason: "outreach_due" });
    expect(plan({ ...line, outreachAt: "2026-05-25" }, "2026-05-26", off)).toMatchObject({
      action: "none",
      dueToday: false,
      nextReviewOn: "2026-06-02",
      reason: "outreach_started",
    });
  });

  it("a limit beyond 14 days: outreach first, cancellation once past the limit", () => {
    const line = { ...detected, lastNotifiedAt: "2026-05-08", escalatedAt: "2026-05-14", outreachAt: "2026-05-25" };
    const late = settings({ mode: "cancel", afterDays: 20 });
    expect(plan(line, "2026-05-27", late)).toMatchObject({ ageBusinessDays: 17, action: "none", nextReviewOn: "2026-06-02" });
    expect(plan(line, "2026-06-02", late)).toMatchObject({ ageBusinessDays: 21, action: "auto_cancel" });
  });

  it("a limit within 8-14: the consent request comes before a pending escalation", () => {
    const line = { ...detected, lastNotifiedAt: "2026-05-08" };
    expect(plan(line, "2026-05-19", settings({ afterDays: 10 }))).toMatchObject({ ageBusinessDays: 11, bucket: "8-14", action: "request_consent" });
  });

  it("re-notifies once when the promised date passes, in any stage before cancellation", () => {
    const early = { ...detected, promiseLatest: "2026-05-06" };
    expect(plan(early, "2026-05-05")).toMatchObject({ action: "monitor", nextReviewOn: "2026-05-07" });
    expect(plan(early, "2026-05-07")).toMatchObject({ bucket: "0-3", action: "renotify", reason: "promise_passed" });
    expect(plan({ ...early, lastNotifiedAt: "2026-05-07" }, "2026-05-07")).toMatchObject({ action: "monitor", nextReviewOn: "2026-05-08" });

    const mid = { ...detected, lastNotifiedAt: "2026-05-08", escalatedAt: "2026-05-14", promiseLatest: "2026-05-15" };
    expect(plan(mid, "2026-05-14")).toMatchObject({ action: "none", nextReviewOn: "2026-05-18" });
    expect(plan(mid, "2026-05-16")).toMatchObject({ action: "renotify", dueToday: false, nextReviewOn: "2026-05-18" });
    expect(plan(mid, "2026-05-18")).toMatchObject({ bucket: "8-14", action: "renotify", reason: "promise_passed" });
    expect(plan({ ...mid, lastNotifiedAt: "2026-05-18" }, "2026-05-19")).toMatchObject({ action: "none", reason: "escalated" });
  });

  it("a customer who agreed to wait is neither cancelled nor chased, but hears about a missed new date", () => {
    const agreed = { ...detected, lastNotifiedAt: "2026-05-27", consentRequestedAt: "2026-05-25", consentGivenAt: "2026-05-27", promiseLatest: "2026-06-10" };
    expect(plan(agreed, "2026-06-05")).toEqual({
      ageBusinessDays: 24,
      bucket: "15+",
      action: "monitor",
      dueToday: false,
      nextReviewOn: "2026-06-11",
      reason: "customer_agreed_to_wait",
    });
    expect(plan(agreed, "2026-06-11", settings({ mode: "cancel" }))).toMatchObject({ action: "renotify", reason: "promise_passed" });
    expect(plan({ ...agreed, promiseLatest: null }, "2026-06-05")).toMatchObject({ action: "monitor", nextReviewOn: "2026-06-12" });
  });

  it("treats a detection date after today (clock skew) as age 0", () => {
    expect(plan(detected, "2026-05-03")).toMatchObject({ ageBusinessDays: 0, bucket: "0-3", action: "monitor", nextReviewOn: "2026-05-08" });
  });
});

describe("agingPlan over time", () => {
  /** Performs each due action and records it, as the daily job would. */
  function perform(line: AgingLine, action: string, on: LocalDate): AgingLine {
    const field = { renotify: "lastNotifiedAt", escalate: "escalatedAt", cancellation_outreach: "outreachAt", request_consent: "consentRequestedAt" }[action];
    if (!field) throw new Error(`unexpected action ${action}`);
    return { ...line, [field]: on };
  }

  function run(line: AgingLine, s: AgingSettings, until: LocalDate, visit: "daily" | "review_dates", cal: BusinessDays): string[] {
    const log: string[] = [];
    let state = line;
    for (let d = line.detectedAt; d <= until; ) {
      const p = agingPlan(state, d, s, cal);
      if (!p.dueToday) {
        expect(p.nextReviewOn > d, `${d}: review ${p.nextReviewOn}`).toBe(true);
        d = visit === "daily" ? nextDay(d) : p.nextReviewOn;
        continue;
      }
      log.push(`${d} ${p.action}`);
      // An action that stays due after being recorded would loop here forever.
      if (log.filter((entry) => entry.startsWith(d)).length > 3) throw new Error(`repeating on ${d}: ${log.join(", ")}`);
      if (p.action === "auto_cancel") break;
      state = perform(state, p.action, d);
    }
    return log;
  }

  it.each([
    ["ask_consent", {}, ["2026-05-08 renotify", "2026-05-14 escalate", "2026-05-25 request_consent", "2026-06-01 auto_cancel"]],
    ["cancel", { mode: "cancel" }, ["2026-05-08 renotify", "2026-05-14 escalate", "2026-05-25 auto_cancel"]],
    ["off", { mode: "off" }, ["2026-05-08 renotify", "2026-05-14 escalate", "2026-05-25 cancellation_outreach"]],
    ["cancel after 20", { mode: "cancel", afterDays: 20 }, ["2026-05-08 renotify", "2026-05-14 escalate", "2026-05-25 cancellation_outreach", "2026-06-02 auto_cancel"]],
  ] as const)("%s: each action exactly once, on a business day, whether the job runs daily or only on review dates", (_, overrides, expected) => {
    const s = settings(overrides);
    for (const [, cal] of CALENDARS) {
      expect(run(detected, s, "2026-07-31", "daily", cal)).toEqual(expected);
      expect(run(detected, s, "2026-07-31", "review_dates", cal)).toEqual(expected);
    }
  });

  it.each(CALENDARS)("%s: a line detected on a weekend gets the same single actions either way", (_, cal) => {
    const weekend = { detectedAt: "2026-05-09", lastNotifiedAt: "2026-05-09" };
    const daily = run(weekend, DEFAULT_AGING_SETTINGS, "2026-07-31", "daily", cal);
    expect(daily.map((entry) => entry.split(" ")[1])).toEqual(["renotify", "escalate", "request_consent", "auto_cancel"]);
    expect(daily.every((entry) => isBusinessDay(entry.split(" ")[0]))).toBe(true);
    expect(run(weekend, DEFAULT_AGING_SETTINGS, "2026-07-31", "review_dates", cal)).toEqual(daily);
  });

  it("a missed promise adds exactly one notice", () => {
    const line = { ...detected, promiseLatest: "2026-05-15" };
    const expected = ["2026-05-08 renotify", "2026-05-14 escalate", "2026-05-18 renotify", "2026-05-25 request_consent", "2026-06-01 auto_cancel"];
    for (const [, cal] of CALENDARS) {
      expect(run(line, DEFAULT_AGING_SETTINGS, "2026-07-31", "daily", cal)).toEqual(expected);
      expect(run(line, DEFAULT_AGING_SETTINGS, "2026-07-31", "review_dates", cal)).toEqual(expected);
    }
  });

  it("a job that was down catches up: one action per stage, not one per missed day", () => {
    const s = DEFAULT_AGING_SETTINGS;
    // First run after the outage on day 9: the 4-7 notice is moot, the 8-14 escalation is due.
    expect(agingPlan(detected, "2026-05-15", s, weekdays)).toMatchObject({ action: "escalate" });
    expect(agingPlan({ ...detected, escalatedAt: "2026-05-15" }, "2026-05-15", s, weekdays)).toMatchObject({ action: "none", nextReviewOn: "2026-05-25" });
  });
});

describe("agingSettingsSchema", () => {
  it("fills defaults and rejects nonsense", () => {
    expect(agingSettingsSchema.parse({})).toEqual(DEFAULT_AGING_SETTINGS);
    expect(agingSettingsSchema.parse({ autoCancel: { mode: "cancel" } })).toEqual({ autoCancel: { afterDays: 14, mode: "cancel", consentGraceDays: 5 } });
    expect(agingSettingsSchema.safeParse({ autoCancel: { afterDays: 0 } }).success).toBe(false);
    expect(agingSettingsSchema.safeParse({ autoCancel: { afterDays: 7.5 } }).success).toBe(false);
    expect(agingSettingsSchema.safeParse({ autoCancel: { mode: "refund" } }).success).toBe(false);
    expect(agingSettingsSchema.safeParse({ autoCancel: { consentGraceDays: 0 } }).success).toBe(false);
  });
});
