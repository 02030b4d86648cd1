// Wording helpers shared by the HTML and the plain-text versions: dates in the customer's
// locale, item labels, the shop's placeholders, and links that are safe to put in an email.
// The date helpers alone, not the calendar's face: admin pages import this file, and the face also
// brings the business calendar with its public-holiday data (about 1 MB) into the browser bundle.
import { localDateToUtcNoon, type LocalDate } from "../domain/calendar/local-date";
import type { PromiseWindow } from "../domain/promises";
import type { NoticeItem } from "./notice-types";

export const PLACEHOLDERS = ["order", "shop", "customer"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** Fills `{{order}}`, `{{shop}}`, `{{customer}}`; anything else is left as written, to be seen in a preview. */
export function fillPlaceholders(template: string, values: PlaceholderValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name) ? values[name as Placeholder] : whole
  );
}

/** Placeholders a shop's template uses that will not be filled (for settings validation). */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
}

/** A subject is one header line: no line breaks, no runs of spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Paragraphs of a shop's text, split on blank lines. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map(oneLine)
    .filter(Boolean);
}

function dateFormat(locale: string) {
  // Calendar days: formatted at UTC noon, in UTC, so no time zone moves them.
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
}

// ICU spaces ranges with thin and narrow no-break spaces, which some mail clients show as boxes.
const plainSpaces = (text: string) => text.replace(/[\u2009\u202f]/g, " ");

export function formatDay(locale: string, day: LocalDate): string {
  return plainSpaces(dateFormat(locale).format(localDateToUtcNoon(day)));
}

/** "May 4 – 8, 2026", "May 4, 2026" for a one-day window, in the customer's locale. */
export function formatWindow(locale: string, window: PromiseWindow): string {
  return plainSpaces(dateFormat(locale).formatRange(localDateToUtcNoon(window.earliest), localDateToUtcNoon(window.latest)));
}

/** "$43.55", "43,55 €" in the customer's locale; an amount as Shopify gives it (a decimal string). */
export function formatMoney(locale: string, amount: string, currencyCode: string): string {
  return plainSpaces(new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode }).format(Number(amount)));
}

export function itemLabel(item: NoticeItem): string {
  const name = item.variantTitle ? `${item.title} (${item.variantTitle})` : item.title;
  return item.quantity > 1 ? `${item.quantity} × ${name}` : name;
}

/** Only web links go into an email; anything else (javascript:, data:) is a bug upstream. */
export function safeLink(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new TypeError(`Not a web link: ${url}`);
  return parsed.href;
}
