// The shop's working days: weekends, the public holidays of its country (and region) from
// date-holidays, and days the merchant closes. Every day is a LocalDate in the shop's time zone;
// instants are turned into days once, at the edge, by `localDate`.
import Holidays from "date-holidays";
import { addDays, parseLocalDate, weekday, zonedDateReader, type LocalDate, type Weekday } from "./local-date";

export type CalendarConfig = {
  /** IANA time zone of the shop, e.g. "America/Los_Angeles". */
  timeZone: string;
  /** ISO 3166-1 alpha-2 country whose public holidays close the shop. */
  country: string;
  /** Subdivision (ISO 3166-2, "BY" or "DE-BY") whose extra public holidays also apply. */
  region?: string;
  /** Further closed days, "YYYY-MM-DD" (inventory counts, company holidays). */
  closedDates?: readonly string[];
  /** Days off every week. Default Saturday and Sunday. */
  weekendDays?: readonly Weekday[];
};

export interface BusinessCalendar {
  readonly timeZone: string;
  readonly country: string;
  readonly region: string | undefined;
  /** The day `instant` falls on in the shop's time zone. */
  localDate(instant: Date): LocalDate;
  isBusinessDay(d: LocalDate): boolean;
  /** `n` (>= 0) business days after `d`; 0 is `d` itself when open, else the next open day. */
  addBusinessDays(d: LocalDate, n: number): LocalDate;
  /** The first business day strictly after `d`. */
  nextBusinessDay(d: LocalDate): LocalDate;
  /**
   * Business days in [a, b): the inverse of `addBusinessDays`, so
   * `businessDaysBetween(a, addBusinessDays(a, n)) === n` for every `a`. Negative when b < a.
   */
  businessDaysBetween(a: LocalDate, b: LocalDate): number;
  /** Why `d` is closed besides the weekend: the holiday's name, "closed" for a merchant closure, else null. */
  closureReason(d: LocalDate): string | null;
}

/** What scheduling code needs from a calendar; depend on this, not on the full calendar. */
export type BusinessDays = Pick<BusinessCalendar, "addBusinessDays" | "businessDaysBetween" | "isBusinessDay" | "localDate">;

const MERCHANT_CLOSURE = "closed";

/** Public holidays covering whole days, by day, for one country/region and year. */
function publicHolidays(source: Holidays, year: number): Map<LocalDate, string> {
  const days = new Map<LocalDate, string>();
  // A holiday of the previous year can run into this one (multi-day holidays around New Year).
  for (const h of [...source.getHolidays(year - 1, "en"), ...source.getHolidays(year, "en")]) {
    if (h.type !== "public") continue;
    // "YYYY-MM-DD hh:mm:ss[ ±hhmm]": a holiday starting at noon is a half day, the shop works.
    if (h.date.slice(11, 19) !== "00:00:00") continue;
    const wholeDays = Math.floor((h.end.getTime() - h.start.getTime() + 2 * 3_600_000) / 86_400_000);
    const first = parseLocalDate(h.date.slice(0, 10));
    for (let i = 0; i < wholeDays; i++) {
      const d = addDays(first, i);
      if (d.startsWith(`${year}-`) && !days.has(d)) days.set(d, h.name);
    }
  }
  return days;
}

function holidaySource(country: string, region: string | undefined): Holidays {
  const catalogue = new Holidays();
  const code = country.toUpperCase();
  if (!catalogue.getCountries()[code]) throw new RangeError(`No public holiday data for country ${JSON.stringify(country)}`);
  if (region === undefined) return new Holidays(code, { types: ["public"] });
  const state = region.toUpperCase().replace(new RegExp(`^${code}-`), "");
  if (!catalogue.getStates(code)?.[state]) throw new RangeError(`No public holiday data for region ${JSON.stringify(region)} of ${code}`);
  return new Holidays(code, state, { types: ["public"] });
}

export function createBusinessCalendar(config: CalendarConfig): BusinessCalendar {
  const localDate = zonedDateReader(config.timeZone);
  const weekend = new Set<Weekday>(config.weekendDays ?? [0, 6]);
  if (weekend.size >= 7) throw new RangeError("A calendar needs at least one working weekday");
  const closed = new Set(config.closedDates?.map(parseLocalDate));
  const source = holidaySource(config.country, config.region);
  const byYear = new Map<number, Map<LocalDate, string>>();

  function holidaysOf(d: LocalDate): Map<LocalDate, string> {
    const year = Number(d.slice(0, 4));
    let days = byYear.get(year);
    if (!days) byYear.set(year, (days = publicHolidays(source, year)));
    return days;
  }

  function closureReason(d: LocalDate): string | null {
    return holidaysOf(d).get(d) ?? (closed.has(d) ? MERCHANT_CLOSURE : null);
  }

  function isBusinessDay(d: LocalDate): boolean {
    return !weekend.has(weekday(d)) && closureReason(d) === null;
  }

  function nextBusinessDay(d: LocalDate): LocalDate {
    let day = addDays(d, 1);
    while (!isBusinessDay(day)) day = addDays(day, 1);
    return day;
  }

  function addBusinessDays(d: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Business days to add must be a whole number >= 0, got ${n}`);
    let day = isBusinessDay(d) ? d : nextBusinessDay(d);
    for (let i = 0; i < n; i++) day = nextBusinessDay(day);
    return day;
  }

  function businessDaysBetween(a: LocalDate, b: LocalDate): number {
    const [from, to] = a <= b ? [a, b] : [b, a];
    let count = 0;
    for (let day = from; day < to; day = addDays(day, 1)) if (isBusinessDay(day)) count++;
    return a <= b || count === 0 ? count : -count;
  }

  return {
    timeZone: config.timeZone,
    country: config.country.toUpperCase(),
    region: config.region,
    localDate,
    isBusinessDay,
    addBusinessDays,
    nextBusinessDay,
    businessDaysBetween,
    closureReason,
  };
}
