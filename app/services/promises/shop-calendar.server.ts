// The shop's business calendar: its time zone and the public holidays of its country (from the
// shop's address, read at install). Unknown or unsupported country: the US calendar.
import { createBusinessCalendar, type BusinessCalendar } from "../../domain/calendar";

export const FALLBACK_COUNTRY = "US";
export const FALLBACK_TIMEZONE = "UTC";

const cache = new Map<string, BusinessCalendar>();

export function shopCalendar(shop: { timezone: string | null; country: string | null }): BusinessCalendar {
  const timeZone = shop.timezone || FALLBACK_TIMEZONE;
  const country = (shop.country || FALLBACK_COUNTRY).toUpperCase();
  const key = `${timeZone}|${country}`;
  let calendar = cache.get(key);
  if (!calendar) {
    try {
      calendar = createBusinessCalendar({ timeZone, country });
    } catch {
      // A country date-holidays does not know, or an unknown zone: never fail a promise over it.
      calendar = createBusinessCalendar({ timeZone: safeZone(timeZone), country: FALLBACK_COUNTRY });
    }
    cache.set(key, calendar);
  }
  return calendar;
}

function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return timeZone;
  } catch {
    return FALLBACK_TIMEZONE;
  }
}

/** A locale for dates in customer emails: English, with the shop country's conventions. */
export function noticeLocale(country: string | null): string {
  const candidate = `en-${(country || FALLBACK_COUNTRY).toUpperCase()}`;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([candidate]).length ? candidate : "en-US";
  } catch {
    return "en-US";
  }
}
