/** "YYYY-MM-DD" in the shop's time zone; compares correctly as a string. */
export type LocalDate = string;

/**
 * The shop's business calendar, passed in (the calendar module implements it). Aging assumes
 * only that `businessDaysBetween` is monotonic in `b` and that `addBusinessDays(a, n)` (n >= 0) is
 * the first business day on which `businessDaysBetween(a, ·)` reaches `n`; whether the count
 * includes `a` or `b` does not matter, because every age, stored or current, uses the same count.
 */
export interface BusinessDays {
  addBusinessDays(d: LocalDate, n: number): LocalDate;
  businessDaysBetween(a: LocalDate, b: LocalDate): number;
  isBusinessDay(d: LocalDate): boolean;
  localDate(instant: Date): LocalDate;
}

/** The calendar day after `d` (pure date arithmetic on the string; no time zone involved). */
function dayAfter(d: LocalDate): LocalDate {
  const [y, m, day] = d.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, day + 1)).toISOString().slice(0, 10);
}

/** The n-th (n >= 1) business day strictly after `d`, found with `isBusinessDay` alone. */
export function businessDayAfter(d: LocalDate, calendar: BusinessDays, n = 1): LocalDate {
  let day = d;
  let left = n;
  // A year without a single business day is a broken calendar, not a long weekend.
  for (let i = 0; i < 366 * n; i++) {
    day = dayAfter(day);
    if (calendar.isBusinessDay(day) && --left === 0) return day;
  }
  throw new RangeError(`No business day within a year after ${d}`);
}
