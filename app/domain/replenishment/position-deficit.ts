// How a position's (SKU x location) shortage maps onto deficit windows, so that a unit short is
// counted once: in the open window (not yet ordered), in a sealed window waiting for its closing
// run, or in the outstanding units of a window already ordered. The shortage after a change is the
// only input: whatever it adds beyond what is counted opens or grows a window; whatever it loses
// comes off the windows not yet ordered first (a cancellation inside the window shrinks it), then
// off the ordered ones, oldest first (their units arrived or are no longer waited on).
import { isWindowClosed, windowClosesAt, type WindowSettings } from "./deficit-window";

export type OpenWindowState = { id: string; openedAt: Date; lastOversellAt: Date; oversoldUnits: number; cancelledUnits: number };
export type SealedWindowState = { id: string; oversoldUnits: number; cancelledUnits: number };
export type OrderedWindowState = { id: string; outstandingUnits: number };

export type PositionWindows = {
  /** The position's open window, if any (at most one). */
  open: OpenWindowState | null;
  /** Past their closing time, not planned yet; oldest first. */
  sealed: readonly SealedWindowState[];
  /** Planned (ordered or escalated) with units still waited on; oldest first. */
  ordered: readonly OrderedWindowState[];
};

export type DeficitChanges = {
  /** The open window closed by time before new units arrived: it becomes sealed. */
  seal: { id: string; closedAt: Date } | null;
  /** New units joined the open window. */
  grow: { id: string; oversoldUnits: number; lastOversellAt: Date; closesAt: Date } | null;
  /** A new window for units no window counts. */
  open: { oversoldUnits: number; openedAt: Date; closesAt: Date } | null;
  /** New cancelled totals of windows not ordered yet. */
  shrink: { id: string; cancelledUnits: number }[];
  /** New outstanding totals of ordered windows. */
  consume: { id: string; outstandingUnits: number }[];
};

const net = (w: { oversoldUnits: number; cancelledUnits: number }) => w.oversoldUnits - w.cancelledUnits;

/** Units the windows count for the position: not yet ordered, and ordered but still waited on. */
export function countedUnits(windows: PositionWindows): { unordered: number; ordered: number } {
  const unordered = (windows.open ? net(windows.open) : 0) + windows.sealed.reduce((s, w) => s + net(w), 0);
  const ordered = windows.ordered.reduce((s, w) => s + w.outstandingUnits, 0);
  return { unordered, ordered };
}

/**
 * The changes that make the windows count exactly `shortUnits` (the position's open backordered
 * units now) at time `at`. No change when they already do.
 */
export function reconcilePositionDeficit(windows: PositionWindows, shortUnits: number, at: Date, settings: WindowSettings): DeficitChanges {
  if (!Number.isInteger(shortUnits) || shortUnits < 0) throw new RangeError(`shortUnits must be a non-negative integer, got ${shortUnits}`);
  const changes: DeficitChanges = { seal: null, grow: null, open: null, shrink: [], consume: [] };
  const { unordered, ordered } = countedUnits(windows);
  const diff = shortUnits - unordered - ordered;

  if (diff > 0) {
    const open = windows.open;
    if (open && !isWindowClosed(open, at, settings)) {
      const lastOversellAt = at > open.lastOversellAt ? at : open.lastOversellAt;
      changes.grow = {
        id: open.id,
        oversoldUnits: open.oversoldUnits + diff,
        lastOversellAt,
        closesAt: windowClosesAt({ openedAt: open.openedAt, lastOversellAt }, settings),
      };
    } else {
      if (open) changes.seal = { id: open.id, closedAt: windowClosesAt(open, settings) };
      changes.open = { oversoldUnits: diff, openedAt: at, closesAt: windowClosesAt({ openedAt: at, lastOversellAt: at }, settings) };
    }
    return changes;
  }

  let release = -diff;
  // Not yet ordered: the open window first, then sealed ones, newest first.
  const unorderedWindows = [...(windows.open ? [windows.open] : []), ...[...windows.sealed].reverse()];
  for (const w of unorderedWindows) {
    if (release === 0) break;
    const take = Math.min(release, net(w));
    if (take <= 0) continue;
    changes.shrink.push({ id: w.id, cancelledUnits: w.cancelledUnits + take });
    release -= take;
  }
  // Ordered: the oldest deficit's units are the first to have been served or released.
  for (const w of windows.ordered) {
    if (release === 0) break;
    const take = Math.min(release, w.outstandingUnits);
    if (take <= 0) continue;
    changes.consume.push({ id: w.id, outstandingUnits: w.outstandingUnits - take });
    release -= take;
  }
  return changes;
}

export type CoverageSource = { id: string; units: number };
export type CoverageDemand = { id: string; units: number };
export type CoverageLink = { demandId: string; sourceId: string; units: number };

/**
 * Which backorder lines the ordered units cover: sources (PO lines, oldest deficit first) are
 * poured into demands (backorder lines, oldest first), each unit once.
 */
export function allocateCoverage(sources: readonly CoverageSource[], demands: readonly CoverageDemand[]): CoverageLink[] {
  const links: CoverageLink[] = [];
  let d = 0;
  let demandLeft = demands[0]?.units ?? 0;
  for (const source of sources) {
    let left = source.units;
    while (left > 0 && d < demands.length) {
      if (demandLeft === 0) {
        d++;
        demandLeft = demands[d]?.units ?? 0;
        continue;
      }
      const take = Math.min(left, demandLeft);
      const last = links[links.length - 1];
      if (last && last.demandId === demands[d].id && last.sourceId === source.id) last.units += take;
      else links.push({ demandId: demands[d].id, sourceId: source.id, units: take });
      left -= take;
      demandLeft -= take;
    }
  }
  return links;
}
