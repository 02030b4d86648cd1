// Promises in scenario replay: the shop's country (its public holidays) from the scenario's time
// zone, the scenario's receiving / processing / transit days as the shop's promise settings, the
// refresh and both senders run deterministically after each event (and after each replenishment
// run in between), and the promises, their history and the notices sent in the result.
import Holidays from "date-holidays";
import type { Scenario } from "./scenario-schema";
import { refreshPromises } from "../services/promises/refresh.server";
import { sendPromiseMetafields } from "../services/promises/metafields.server";
import { sendCustomerNotices } from "../services/promises/notices.server";
import { updatePromiseSettings } from "../services/promises/settings.server";
import { promiseReport } from "../services/promises/report.server";

/** The country whose time zone the scenario's is (date-holidays' zone lists); null when none claims it. */
export function countryForTimezone(timeZone: string): string | null {
  const all = new Holidays();
  for (const code of Object.keys(all.getCountries()).sort()) {
    const zones = new Holidays(code).getTimezones() ?? [];
    if (zones.includes(timeZone)) return code;
  }
  return null;
}

export async function seedPromiseSettings(shop: string, s: Scenario): Promise<void> {
  const st = s.settings ?? {};
  const whole = (n: number | undefined) => (n === undefined ? undefined : Math.ceil(n));
  const input = {
    ...(st.receivingDays !== undefined ? { receivingDays: whole(st.receivingDays) } : {}),
    ...(st.processingDays !== undefined ? { processingDays: whole(st.processingDays) } : {}),
    ...(st.transitDays !== undefined ? { transitDays: { default: whole(st.transitDays)! } } : {}),
  };
  if (Object.keys(input).length === 0) return;
  const r = await updatePromiseSettings(shop, input);
  if (!r.ok) throw new Error(`scenario promise settings: ${r.errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`);
}

/** What a worker would do after commit, run in place: refresh, then write metafields and send notices. */
export async function settlePromises(shop: string, at: Date): Promise<void> {
  await refreshPromises(shop, at);
  await sendPromiseMetafields(shop, at, { admin: { maxAttempts: 1 } });
  await sendCustomerNotices(shop, at);
}

export type ScenarioPromise = { earliest: string; latest: string } | null;
export type ScenarioPromiseRange = { at: string; earliest: string; latest: string; reason: string };
export type ScenarioNotification = { order: string; to: string; kind: string; at: string };

export async function promiseResult(shop: string): Promise<{
  byLine: Map<string, { promise: ScenarioPromise; promiseHistory: ScenarioPromiseRange[] }>;
  notifications: ScenarioNotification[];
}> {
  const r = await promiseReport(shop);
  const byLine = new Map(
    r.lines.map((l) => [
      l.backorderLineId,
      {
        promise: l.open && l.earliest && l.latest ? { earliest: l.earliest, latest: l.latest } : null,
        promiseHistory: l.history.map((h) => ({ at: h.at, earliest: h.earliest, latest: h.latest, reason: h.reason })),
      },
    ]),
  );
  return { byLine, notifications: r.notices.filter((n) => n.status === "sent").map((n) => ({ order: n.order, to: n.to!, kind: n.kind, at: n.at! })) };
}
