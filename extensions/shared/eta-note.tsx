/** @jsxImportSource preact */
// The line under a cart or order line: "Backordered: ships between May 4 and May 8". Dates come
// from the shopper-locale formatter the target hands out; the words from the extension's locales.
import { localDateToUtcNoon, type LocalDate } from "../../app/domain/calendar/local-date";
import type { PromiseWindow } from "../../app/domain/promises/compute-promise";

/** The parts of a target's `i18n` this note uses (checkout and customer accounts both offer them). */
export type Localizer = {
  translate: (key: string, options?: Record<string, string | number>) => string;
  formatDate: (date: Date, options?: Intl.DateTimeFormatOptions) => string;
};

/** Units of the line still waiting, when fewer than the whole line. */
export type Waiting = { count: number; of: number };

function formatDay(i18n: Localizer, day: LocalDate, withYear: boolean): string {
  // A calendar day, not an instant: format its UTC noon in UTC so no shopper time zone moves it.
  return i18n.formatDate(localDateToUtcNoon(day), {
    day: "numeric",
    month: "long",
    ...(withYear ? { year: "numeric" } : {}),
    timeZone: "UTC",
  });
}

export function etaMessage(i18n: Localizer, window: PromiseWindow, waiting?: Waiting): string {
  const withYear = window.earliest.slice(0, 4) !== window.latest.slice(0, 4);
  const earliest = formatDay(i18n, window.earliest, withYear);
  const latest = formatDay(i18n, window.latest, withYear);
  const dates: { key: "shipsOn" | "shipsBetween"; values: Record<string, string> } =
    window.earliest === window.latest
      ? { key: "shipsOn", values: { date: earliest } }
      : { key: "shipsBetween", values: { earliest, latest } };
  if (waiting && waiting.count < waiting.of) {
    return i18n.translate(`partial.${dates.key}`, { ...dates.values, count: waiting.count, total: waiting.of });
  }
  return i18n.translate(dates.key, dates.values);
}

export function EtaNote(props: { i18n: Localizer; window: PromiseWindow; waiting?: Waiting }) {
  return <s-text color="subdued">{etaMessage(props.i18n, props.window, props.waiting)}</s-text>;
}
