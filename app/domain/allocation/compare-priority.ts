import type { DecidingFactor, LocalDate, PriorityCriterion, PriorityLine, PriorityPolicy } from "./priority-policy";

/** Numeric Shopify ids as strings (may exceed 2^53): by length first, then lexically. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** A numeric sort key of one criterion: lower is served first. */
type CriterionKey = { criterion: PriorityCriterion; key: (line: PriorityLine) => number };

function createdMs(line: PriorityLine): number {
  const t = line.orderCreatedAt.getTime();
  // NaN would make the comparator inconsistent and the sort silently arbitrary.
  if (Number.isNaN(t)) throw new RangeError(`Line ${line.lineId}: invalid orderCreatedAt`);
  return t;
}

function criterionKeys(criterion: PriorityCriterion, policy: PriorityPolicy, today: LocalDate): CriterionKey[] {
  switch (criterion) {
    case "past_promise": {
      const overdue = (l: PriorityLine) => l.promiseLatest !== null && l.promiseLatest < today;
      // Overdue lines first and, among them, the oldest order first — before any later criterion.
      return [
        { criterion, key: (l) => (overdue(l) ? 0 : 1) },
        { criterion, key: (l) => (overdue(l) ? createdMs(l) : 0) },
      ];
    }
    case "service_level": {
      // A shorter promise window is a stricter service level; unlisted channels share the default.
      const windows = new Map(Object.entries(policy.serviceLevelDays).filter(([channel]) => channel !== "default"));
      const fallback = policy.serviceLevelDays.default;
      return [{ criterion, key: (l) => windows.get(l.channel) ?? fallback }];
    }
    case "order_value":
      return [
        {
          criterion,
          key: (l) => {
            if (!Number.isFinite(l.orderValue)) throw new RangeError(`Line ${l.lineId}: orderValue must be finite`);
            return -l.orderValue;
          },
        },
      ];
    case "order_age":
      return [{ criterion, key: createdMs }];
  }
}

function tiebreak(a: PriorityLine, b: PriorityLine): number {
  return createdMs(a) - createdMs(b) || compareIds(a.orderId, b.orderId) || compareIds(a.lineId, b.lineId);
}

export type PriorityRanking = {
  compare: (a: PriorityLine, b: PriorityLine) => number;
  rank: (lines: readonly PriorityLine[]) => PriorityLine[];
  /** The first criterion on which `a` and `b` differ; null for the same line. */
  decidingFactor: (a: PriorityLine, b: PriorityLine) => DecidingFactor | null;
};

/** Compiles a policy for one day once, so ranking many SKUs does not rebuild it per call. */
export function priorityRanking(policy: PriorityPolicy, today: LocalDate): PriorityRanking {
  const keys = policy.criteria.flatMap((c) => criterionKeys(c, policy, today));

  const compare = (a: PriorityLine, b: PriorityLine): number => {
    for (const { key } of keys) {
      const d = key(a) - key(b);
      if (d !== 0) return d;
    }
    return tiebreak(a, b);
  };

  // Decorate-sort-undecorate: each key is computed once per line instead of once per comparison.
  const rank = (lines: readonly PriorityLine[]): PriorityLine[] => {
    const k = keys.length;
    const values = new Float64Array(lines.length * k);
    const created = new Float64Array(lines.length);
    lines.forEach((line, i) => {
      for (let j = 0; j < k; j++) values[i * k + j] = keys[j].key(line);
      created[i] = createdMs(line);
    });
    const order = Array.from(lines.keys());
    order.sort((i, j) => {
      for (let c = 0; c < k; c++) {
        const d = values[i * k + c] - values[j * k + c];
        if (d !== 0) return d;
      }
      const a = lines[i];
      const b = lines[j];
      return created[i] - created[j] || compareIds(a.orderId, b.orderId) || compareIds(a.lineId, b.lineId);
    });
    return order.map((i) => lines[i]);
  };

  const decidingFactor = (a: PriorityLine, b: PriorityLine): DecidingFactor | null => {
    for (const { criterion, key } of keys) if (key(a) !== key(b)) return criterion;
    return tiebreak(a, b) === 0 ? null : "tiebreak";
  };

  return { compare, rank, decidingFactor };
}

/** Comparator: negative when `a` is served first (and backordered last). A total order. */
export function comparePriority(policy: PriorityPolicy, today: LocalDate): (a: PriorityLine, b: PriorityLine) => number {
  return priorityRanking(policy, today).compare;
}

/** Lines from first served to last served (a new array; the input is not reordered). */
export function rankLines(lines: readonly PriorityLine[], policy: PriorityPolicy, today: LocalDate): PriorityLine[] {
  return priorityRanking(policy, today).rank(lines);
}
