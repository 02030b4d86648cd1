// A calendar day with no time zone attached. Day arithmetic happens on these strings through
// their UTC noon: no DST change, leap second or offset can move a noon instant onto another day,
// so adding days never depends on where the shop is.

/** A calendar day, "YYYY-MM-DD". */
export type LocalDate = `${number}-${number}-${number}`;

/** 0 = Sunday … 6 = Saturday, as `Date.prototype.getUTCDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const DAY_MS = 86_400_000;
const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

function utcNoon(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day, 12);
}

function noonOf(d: LocalDate): number {
  const [, y, m, day] = SHAPE.exec(d)!;
  return utcNoon(Number(y), Number(m), Number(day));
}

function fromNoon(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10) as LocalDate;
}

/** True for a real calendar day written "YYYY-MM-DD" (rejects "2026-02-30"). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== "string") return false;
  const m = SHAPE.exec(value);
  return m !== null && fromNoon(utcNoon(Number(m[1]), Number(m[2]), Number(m[3]))) === value;
}

export function parseLocalDate(value: string): LocalDate {
  if (!isLocalDate(value)) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${JSON.stringify(value)}`);
  return value;
}

/** `n` calendar days later (earlier when negative). */
export function addDays(d: LocalDate, n: number): LocalDate {
  return fromNoon(noonOf(d) + n * DAY_MS);
}

/** Calendar days from `a` to `b` (negative when `b` is before `a`). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((noonOf(b) - noonOf(a)) / DAY_MS);
}

export function weekday(d: LocalDate): Weekday {
  return new Date(noonOf(d)).getUTCDay() as Weekday;
}

/** Chronological order; "YYYY-MM-DD" strings sort as the days they name. */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxLocalDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

/** The noon UTC instant of a day: a safe `Date` to hand to formatters with `timeZone: "UTC"`. */
export function localDateToUtcNoon(d: LocalDate): Date {
  return new Date(noonOf(d));
}

/** A formatter that turns an instant into the calendar day it falls on in `timeZone`. */
export function zonedDateReader(timeZone: string): (instant: Date) => LocalDate {
  // Throws RangeError for an unknown IANA zone, which is what we want at configuration time.
  const format = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return (instant) => {
    if (Number.isNaN(instant.getTime())) throw new RangeError("Invalid Date");
    const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}` as LocalDate;
  };
}
