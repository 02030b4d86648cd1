import { priorityRanking } from "./compare-priority";
import type { LocalDate, PriorityLine, PriorityPolicy } from "./priority-policy";

export type LineUnits = { lineId: string; units: number };

export type ShortageAttribution = {
  /** Units backordered per line id (only lines > 0). */
  short: Map<string, number>;
  /** Units short that no known line explains yet (orders not received yet). */
  unattributed: number;
};

export type StockAllocation = {
  /** In service order; only lines that receive units. */
  allocations: LineUnits[];
  /** Units left over once every waiting line is served. */
  remaining: number;
};

function assertWholeUnits(what: string, n: number, { allowNegative = false } = {}): void {
  if (!Number.isInteger(n) || (!allowNegative && n < 0)) throw new RangeError(`${what} must be a whole number${allowNegative ? "" : " >= 0"}, got ${n}`);
}

/** Lines that actually compete, validated: units must be whole and non-negative. */
export function competingLines(lines: readonly PriorityLine[]): PriorityLine[] {
  return lines.filter((l) => {
    assertWholeUnits(`Line ${l.lineId} units`, l.units);
    return l.units > 0;
  });
}

/** Units each ranked line receives, in rank order, and what is left. */
export function serveInOrder(units: number, ranked: readonly PriorityLine[]): { served: number[]; remaining: number } {
  assertWholeUnits("units", units);
  let remaining = units;
  const served = ranked.map((line) => {
    const take = Math.min(remaining, line.units);
    remaining -= take;
    return take;
  });
  return { served, remaining };
}

/**
 * Which open lines carry a position's shortage (`available` < 0): the lowest-priority units under
 * `policy` — the same order allocation serves in, reversed.
 */
export function attributeShortage(available: number, lines: readonly PriorityLine[], policy: PriorityPolicy, today: LocalDate): ShortageAttribution {
  assertWholeUnits("available", available, { allowNegative: true });
  const ranked = priorityRanking(policy, today).rank(competingLines(lines));
  let remaining = Math.max(0, -available);
  const short = new Map<string, number>();
  // The shortage falls on the lowest-priority units: walk from the back of the service order.
  for (let i = ranked.length - 1; i >= 0 && remaining > 0; i--) {
    const take = Math.min(remaining, ranked[i].units);
    short.set(ranked[i].lineId, take);
    remaining -= take;
  }
  return { short, unattributed: remaining };
}

/** Hands `units` of arriving stock to waiting lines (`units` = still waiting), highest priority first. */
export function allocateStock(units: number, waiting: readonly PriorityLine[], policy: PriorityPolicy, today: LocalDate): StockAllocation {
  const ranked = priorityRanking(policy, today).rank(competingLines(waiting));
  const { served, remaining } = serveInOrder(units, ranked);
  const allocations: LineUnits[] = [];
  ranked.forEach((line, i) => {
    if (served[i] > 0) allocations.push({ lineId: line.lineId, units: served[i] });
  });
  return { allocations, remaining };
}
