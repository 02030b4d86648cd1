import { REASON_CODES, type ReasonCode } from "../backorder-status";
import type { BackorderChange, DemandLine, DetectionInput, DetectionResult } from "./types";

/** Numeric Shopify ids as strings: compare by length first, then lexically (no BigInt needed). */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Latest first: creation time, then order id, then line id — a total, deterministic order. */
export function latestFirst(a: DemandLine, b: DemandLine): number {
  return (
    b.orderCreatedAt.getTime() - a.orderCreatedAt.getTime() ||
    compareIds(b.orderId, a.orderId) ||
    compareIds(b.lineItemId, a.lineItemId)
  );
}

const isOpen = (l: DemandLine) => !l.cancelled && l.openQuantity > 0;

/**
 * Attributes a location's shortage to the latest orders by creation time: earlier orders are
 * served first, whatever their channel. Returns units backordered per line id.
 */
export function attributeShortage(available: number, lines: DemandLine[]): { attribution: Map<string, number>; unattributed: number } {
  let remaining = Math.max(0, -available);
  const attribution = new Map<string, number>();
  for (const line of lines.filter(isOpen).sort(latestFirst)) {
    if (remaining === 0) break;
    const take = Math.min(remaining, line.openQuantity);
    attribution.set(line.lineItemId, take);
    remaining -= take;
  }
  return { attribution, unattributed: remaining };
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
  const { attribution, unattributed } = attributeShortage(tracked ? input.available : 0, input.lines);
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

  for (const line of [...input.lines].sort(latestFirst)) {
    const qty = attribution.get(line.lineItemId);
    if (qty === undefined) continue;
    const cur = currentById.get(line.lineItemId);
    if (!cur) changes.push({ kind: "detected", lineItemId: line.lineItemId, quantity: qty, reasonCode: reason });
    else if (cur.status !== "backordered") changes.push({ kind: "reopened", lineItemId: line.lineItemId, quantity: qty, reasonCode: reason });
    else if (cur.quantityBackordered !== qty)
      changes.push({
        kind: "quantity_changed",
        lineItemId: line.lineItemId,
        from: cur.quantityBackordered,
        to: qty,
        reasonCode: qty > cur.quantityBackordered ? reason : releaseReason,
      });
  }

  for (const cur of input.current) {
    if (cur.status !== "backordered" || attribution.has(cur.lineItemId)) continue;
    const line = lineById.get(cur.lineItemId);
    const from = cur.quantityBackordered;
    if (line?.cancelled) changes.push({ kind: "cancelled", lineItemId: cur.lineItemId, from, reasonCode: REASON_CODES.ORDER_CANCELLED });
    else if (!line || line.openQuantity === 0)
      changes.push({ kind: "resolved", lineItemId: cur.lineItemId, from, reasonCode: REASON_CODES.LINE_REMOVED });
    else changes.push({ kind: "resolved", lineItemId: cur.lineItemId, from, reasonCode: releaseReason });
  }

  return { deficit, unattributed, attribution, changes };
}
