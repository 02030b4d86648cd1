import { REASON_CODES, type ReasonCode } from "../backorder-status";
import { compareIds, priorityRanking, type LocalDate, type PriorityLine, type PriorityPolicy } from "../allocation";
import type { BackorderChange, DemandLine, DetectionInput, DetectionResult } from "./types";

/**
 * Detection's default: every channel at the same service level, so with equal order values the
 * earliest orders are served first and the latest carry the shortage, whatever their channel.
 */
export const DEFAULT_DETECTION_POLICY: PriorityPolicy = {
  criteria: ["past_promise", "service_level", "order_value", "order_age"],
  serviceLevelDays: { default: 10 },
};

/** Latest first: creation time, then order id, then line id — the order changes are reported in. */
export function latestFirst(a: DemandLine, b: DemandLine): number {
  return (
    b.orderCreatedAt.getTime() - a.orderCreatedAt.getTime() ||
    compareIds(b.orderId, a.orderId) ||
    compareIds(b.lineItemId, a.lineItemId)
  );
}

const isOpen = (l: DemandLine) => !l.cancelled && l.openQuantity > 0;

const toPriorityLine = (l: DemandLine): PriorityLine => ({
  lineId: l.lineItemId,
  orderId: l.orderId,
  orderCreatedAt: l.orderCreatedAt,
  channel: l.channel,
  orderValue: l.orderValue ?? 0,
  promiseLatest: l.promiseLatest ?? null,
  units: l.openQuantity,
});

/**
 * Attributes a location's shortage to the lines the priority policy serves last (by default the
 * latest orders by creation time: earlier orders are served first, whatever their channel).
 * Lines whose location is still pending take their share without being attributed: those units
 * wait, unattributed, until Shopify says where the line is. Returns units backordered per line id.
 */
export function attributeShortage(
  available: number,
  lines: DemandLine[],
  o: { policy?: PriorityPolicy; today?: LocalDate; pending?: DemandLine[] } = {},
): { attribution: Map<string, number>; unattributed: number; awaitingLocation: number } {
  const pendingIds = new Set((o.pending ?? []).map((l) => l.lineItemId));
  const competing = [...lines.filter(isOpen), ...(o.pending ?? []).filter((l) => isOpen(l) && !lines.some((x) => x.lineItemId === l.lineItemId))];
  const ranking = priorityRanking(o.policy ?? DEFAULT_DETECTION_POLICY, o.today ?? "1970-01-01");
  const ranked = ranking.rank(competing.map(toPriorityLine));
  let remaining = Math.max(0, -available);
  let awaitingLocation = 0;
  const attribution = new Map<string, number>();
  for (let i = ranked.length - 1; i >= 0 && remaining > 0; i--) {
    const take = Math.min(remaining, ranked[i].units);
    if (pendingIds.has(ranked[i].lineId)) awaitingLocation += take;
    else attribution.set(ranked[i].lineId, take);
    remaining -= take;
  }
  return { attribution, unattributed: remaining + awaitingLocation, awaitingLocation };
}

function detectionReason(input: DetectionInput): ReasonCode {
  if (input.inventoryPolicy === "CONTINUE") return REASON_CODES.CONTINUE_SELLING;
  const channels = new Set(input.lines.filter(isOpen).map((l) => l.channel));
  return channels.size > 1 ? REASON_CODES.MULTI_CHANNEL_OVERSELL : REASON_CODES.SINGLE_CHANNEL_OVERSELL;
}

/**
 * Compares the shortage attribution with the stored backorder lines and returns the changes to
 * apply. State-based and idempotent: the same input always yields the same changes, and applying
 * them then re-running yields none — so duplicate or out-of-order webhooks converge.
 */
export function detectBackorders(input: DetectionInput): DetectionResult {
  const tracked = input.tracked !== false;
  const deficit = tracked ? Math.max(0, -input.available) : 0;
  const { attribution, unattributed, awaitingLocation } = attributeShortage(tracked ? input.available : 0, input.lines, {
    policy: input.policy,
    today: input.today,
    pending: input.pending,
  });
  const lineById = new Map(input.lines.map((l) => [l.lineItemId, l]));
  const currentById = new Map(input.current.map((c) => [c.lineItemId, c]));

  const openBefore = input.current
    .filter((c) => c.status === "backordered" && isOpenId(c.lineItemId))
    .reduce((n, c) => n + c.quantityBackordered, 0);
  const openAfter = [...attribution.values()].reduce((n, q) => n + q, 0);
  // Fewer units short than before: stock arrived or demand was released. Otherwise a later order
  // took the shortage over (oldest orders are served first).
  const releaseReason: ReasonCode = !tracked
    ? REASON_CODES.NOT_TRACKED
    : openAfter < openBefore
      ? REASON_CODES.STOCK_AVAILABLE
      : REASON_CODES.REATTRIBUTED;
  const reason = detectionReason(input);
  const changes: BackorderChange[] = [];

  function isOpenId(id: string) {
    const l = lineById.get(id);
    return l !== undefined && isOpen(l);
  }

  // Reported latest order first. Only the lines that change are sorted: a restock against
  // thousands of waiting lines changes a few of them.
  const attributed: [DemandLine, BackorderChange][] = [];
  for (const line of input.lines) {
    const qty = attribution.get(line.lineItemId);
    if (qty === undefined) continue;
    const cur = currentById.get(line.lineItemId);
    if (!cur) attributed.push([line, { kind: "detected", lineItemId: line.lineItemId, quantity: qty, reasonCode: reason }]);
    else if (cur.status !== "backordered") attributed.push([line, { kind: "reopened", lineItemId: line.lineItemId, quantity: qty, reasonCode: reason }]);
    else if (cur.quantityBackordered !== qty)
      attributed.push([
        line,
        {
          kind: "quantity_changed",
          lineItemId: line.lineItemId,
          from: cur.quantityBackordered,
          to: qty,
          reasonCode: qty > cur.quantityBackordered ? reason : releaseReason,
        },
      ]);
  }
  for (const [, change] of attributed.sort(([a], [b]) => latestFirst(a, b))) changes.push(change);

  for (const cur of input.current) {
    if (cur.status !== "backordered" || attribution.has(cur.lineItemId)) continue;
    const line = lineById.get(cur.lineItemId);
    const from = cur.quantityBackordered;
    if (line?.cancelled) changes.push({ kind: "cancelled", lineItemId: cur.lineItemId, from, reasonCode: REASON_CODES.ORDER_CANCELLED });
    else if (!line || line.openQuantity === 0)
      changes.push({ kind: "resolved", lineItemId: cur.lineItemId, from, reasonCode: REASON_CODES.LINE_REMOVED });
    else changes.push({ kind: "resolved", lineItemId: cur.lineItemId, from, reasonCode: releaseReason });
  }

  return { deficit, unattributed, awaitingLocation, attribution, changes };
}
