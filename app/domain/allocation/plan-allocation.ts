import { competingLines, serveInOrder } from "./allocate-stock";
import { priorityRanking } from "./compare-priority";
import type { DecidingFactor, LocalDate, PriorityLine, PriorityPolicy } from "./priority-policy";

export type AllocationOutcome = "allocated" | "partial" | "waiting";

export type PlannedLine = {
  /** 1 = served first. */
  rank: number;
  line: PriorityLine;
  allocated: number;
  stillWaiting: number;
  outcome: AllocationOutcome;
  /**
   * Why the line is on its side of the cut: for a served line, the first criterion on which it
   * beats the first line left short; for a waiting line, the first criterion on which the last
   * line that got stock beats it. Null when nobody competes (enough stock for all, or none at all)
   * and for the line where the stock ran out.
   */
  decidedBy: DecidingFactor | null;
};

export type AllocationPlan = {
  units: number;
  allocated: number;
  remaining: number;
  linesAllocated: number;
  linesPartial: number;
  linesWaiting: number;
  unitsStillWaiting: number;
  /** In rank order. */
  lines: PlannedLine[];
};

function outcomeOf(allocated: number, units: number): AllocationOutcome {
  return allocated === units ? "allocated" : allocated === 0 ? "waiting" : "partial";
}

/** Preview of a restock before it is committed: who gets what, who keeps waiting, and why. */
export function planAllocation(units: number, waiting: readonly PriorityLine[], policy: PriorityPolicy, today: LocalDate): AllocationPlan {
  const ranking = priorityRanking(policy, today);
  const ranked = ranking.rank(competingLines(waiting));
  const { served, remaining } = serveInOrder(units, ranked);

  const firstShort = served.findIndex((n, i) => n < ranked[i].units);
  const lastServed = served.findLastIndex((n) => n > 0);

  const decidedBy = (i: number): DecidingFactor | null => {
    if (firstShort === -1) return null;
    if (served[i] === ranked[i].units) return ranking.decidingFactor(ranked[i], ranked[firstShort]);
    if (served[i] === 0 && lastServed !== -1) return ranking.decidingFactor(ranked[lastServed], ranked[i]);
    return null;
  };

  const lines = ranked.map(
    (line, i): PlannedLine => ({
      rank: i + 1,
      line,
      allocated: served[i],
      stillWaiting: line.units - served[i],
      outcome: outcomeOf(served[i], line.units),
      decidedBy: decidedBy(i),
    }),
  );

  const count = (o: AllocationOutcome) => lines.filter((l) => l.outcome === o).length;
  return {
    units,
    allocated: units - remaining,
    remaining,
    linesAllocated: count("allocated"),
    linesPartial: count("partial"),
    linesWaiting: count("waiting"),
    unitsStillWaiting: lines.reduce((n, l) => n + l.stillWaiting, 0),
    lines,
  };
}
