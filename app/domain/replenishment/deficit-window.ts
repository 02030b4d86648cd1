// Oversells of one SKU at one location that arrive close together are one deficit, so a burst
// across channels raises one purchase order, not one per order. A window opens with the first
// oversell, closes once the SKU has been quiet for `quietSeconds`, and never stays open longer
// than `maxSeconds` after it opened. Cancellations inside the window shrink the deficit; they do
// not keep the window open (only new demand does).
export type WindowSettings = { quietSeconds: number; maxSeconds: number };

export const DEFAULT_WINDOW_SETTINGS: Readonly<WindowSettings> = Object.freeze({ quietSeconds: 10, maxSeconds: 90 });

export type DeficitWindow = {
  sku: string;
  locationId: string;
  openedAt: Date;
  lastOversellAt: Date;
  oversoldUnits: number;
  cancelledUnits: number;
};

export type OversellEvent = { sku: string; locationId: string; at: Date; units: number };
export type CancellationEvent = { at: Date; units: number };
export type DeficitEvent =
  | ({ kind: "oversell" } & OversellEvent)
  | ({ kind: "cancellation"; sku: string; locationId: string } & CancellationEvent);

const SECOND_MS = 1000;

function assertUnits(units: number): void {
  if (!Number.isInteger(units) || units <= 0) throw new RangeError(`units must be a positive integer, got ${units}`);
}

/** When the window closes: quiet for `quietSeconds`, or `maxSeconds` after it opened, whichever is first. */
export function windowClosesAt(window: Pick<DeficitWindow, "openedAt" | "lastOversellAt">, settings: WindowSettings): Date {
  const quiet = window.lastOversellAt.getTime() + settings.quietSeconds * SECOND_MS;
  const max = window.openedAt.getTime() + settings.maxSeconds * SECOND_MS;
  return new Date(Math.min(quiet, max));
}

export function isWindowClosed(window: Pick<DeficitWindow, "openedAt" | "lastOversellAt">, now: Date, settings: WindowSettings): boolean {
  return now.getTime() >= windowClosesAt(window, settings).getTime();
}

/** Units to replenish: oversold minus cancelled, never below 0. */
export function deficitUnits(window: Pick<DeficitWindow, "oversoldUnits" | "cancelledUnits">): number {
  return Math.max(0, window.oversoldUnits - window.cancelledUnits);
}

export function openDeficitWindow(event: OversellEvent): DeficitWindow {
  assertUnits(event.units);
  return {
    sku: event.sku,
    locationId: event.locationId,
    openedAt: event.at,
    lastOversellAt: event.at,
    oversoldUnits: event.units,
    cancelledUnits: 0,
  };
}

/**
 * Adds an oversell of the window's SKU and location. While the window is open it joins (a late
 * arrival never moves `lastOversellAt` back); once closed, a new window opens and the closed one
 * is handed back for planning.
 */
export function recordOversell(
  window: DeficitWindow | null,
  event: OversellEvent,
  settings: WindowSettings
): { window: DeficitWindow; closed: DeficitWindow | null } {
  assertUnits(event.units);
  if (window && (window.sku !== event.sku || window.locationId !== event.locationId))
    throw new RangeError(`oversell of ${event.sku}@${event.locationId} does not belong to window ${window.sku}@${window.locationId}`);
  if (!window) return { window: openDeficitWindow(event), closed: null };
  if (isWindowClosed(window, event.at, settings)) return { window: openDeficitWindow(event), closed: window };
  const lastOversellAt = event.at > window.lastOversellAt ? event.at : window.lastOversellAt;
  return { window: { ...window, lastOversellAt, oversoldUnits: window.oversoldUnits + event.units }, closed: null };
}

/**
 * Shrinks an open window's deficit. `applied: false` when the window had already closed: its
 * deficit is being replenished, so the caller must handle the released units elsewhere.
 */
export function recordCancellation(
  window: DeficitWindow,
  event: CancellationEvent,
  settings: WindowSettings
): { window: DeficitWindow; applied: boolean } {
  assertUnits(event.units);
  if (isWindowClosed(window, event.at, settings)) return { window, applied: false };
  return { window: { ...window, cancelledUnits: window.cancelledUnits + event.units }, applied: true };
}

/**
 * Folds a stream of oversells and cancellations into deficit windows, one series per SKU and
 * location, in the order the windows opened. Events are applied in time order (ties keep their
 * given order). Cancellations with no open window are dropped: nothing is being counted for them.
 */
export function groupDeficits(events: readonly DeficitEvent[], settings: WindowSettings): DeficitWindow[] {
  const ordered = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i);
  const open = new Map<string, DeficitWindow>();
  const done: DeficitWindow[] = [];
  for (const { e } of ordered) {
    const key = JSON.stringify([e.sku, e.locationId]);
    const current = open.get(key) ?? null;
    if (e.kind === "oversell") {
      const { window, closed } = recordOversell(current, e, settings);
      if (closed) done.push(closed);
      open.set(key, window);
    } else if (current) {
      open.set(key, recordCancellation(current, e, settings).window);
    }
  }
  return [...done, ...open.values()].sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
}
