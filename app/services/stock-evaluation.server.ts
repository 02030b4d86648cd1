// Re-evaluates stock positions (inventory item x location) inside the caller's transaction, which
// holds the shop's stock lock: three set-based reads for every position at once, the pure domain
// detection per position, and set-based writes of the backorder lines and their audit trail.
import type { Tx } from "../models/transaction.server";
import { detectBackorders, type BackorderChange, type DetectionCause, type DemandLine } from "../domain/detection";
import {
  demandOfLines,
  insertDetectedLines,
  positionHeads,
  pendingDemand,
  positionsBackorders,
  positionsDemand,
  settleBackorderLines,
  updateBackorderLines,
  type BackorderUpdate,
  type DemandFact,
  type DetectedLine,
  type StockPosition,
  type StoredBackorder,
} from "../models/backorders.server";
import { failPoint } from "../faults.server";
import { zonedDateReader, type LocalDate } from "../domain/calendar/local-date";
import { REASON_CODES } from "../domain/backorder-status";
import { evaluationSettings } from "./recovery/settings.server";
import { recordRecoveryEvaluation, type StockDecrease } from "./recovery/evaluation-hook.server";

export type EvaluationContext = {
  cause: DetectionCause;
  /** What caused the change, for the audit trail: a webhook id, "sync", "reconciliation"... */
  source: string;
  /** A more precise source per position ("item:location"), e.g. the delivery that touched it last. */
  sourceOf?: Map<string, string>;
  at: Date;
};

export type EvaluationSummary = {
  positions: number;
  changes: Record<BackorderChange["kind"], number>;
  /** Short units no known line explains yet, summed over positions. */
  unattributed: number;
  /** Of those, units lines with a pending location would carry. */
  awaitingLocation: number;
  /** Positions whose open backordered units changed (replenishment reacts to these). */
  changedPositions: StockPosition[];
  /** Recovery: each line whose backordered units went down because units became available (an Allocation row each). */
  stockDecreases: StockDecrease[];
  /** Recovery: orders whose backordered units went up (their fulfillment holds follow). */
  shortageOrders: bigint[];
};

// Decimal text, so rows read with bigint ids and rows read with text ids meet on the same key.
const key = (item: bigint | string, loc: bigint | string) => `${item}:${loc}`;

function groupBy<T>(rows: T[], k: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const g = m.get(k(r));
    if (g) g.push(r);
    else m.set(k(r), [r]);
  }
  return m;
}

/** Distinct positions, in a stable order. */
export function uniquePositions(positions: Iterable<StockPosition>): StockPosition[] {
  const m = new Map<string, StockPosition>();
  for (const p of positions) m.set(key(p[0], p[1]), p);
  return [...m.values()];
}

export async function evaluatePositions(tx: Tx, shop: string, positions: Iterable<StockPosition>, ctx: EvaluationContext): Promise<EvaluationSummary> {
  const list = uniquePositions(positions);
  const summary: EvaluationSummary = {
    positions: 0,
    changes: { detected: 0, quantity_changed: 0, resolved: 0, cancelled: 0, reopened: 0 },
    unattributed: 0,
    awaitingLocation: 0,
    changedPositions: [],
    stockDecreases: [],
    shortageOrders: [],
  };
  if (list.length === 0) return summary;
  await failPoint("worker.evaluate");
  // One connection (the transaction's): the reads go one after another. What is open at the
  // positions only: lines open there, backorders not settled, and the lines those backorders wait
  // on that are no longer open (usually none: a fulfilled line's backorder settles when resolved).
  const heads = await positionHeads(tx, shop, list);
  const demand = await positionsDemand(tx, shop, list);
  const current = await positionsBackorders(tx, shop, list);
  const openLines = new Set(demand.map((d) => key(d.id, d.locationId)));
  const waitingOn = current.filter((c) => c.status === "backordered" && !openLines.has(key(c.lineItemId, c.locationId)));
  demand.push(
    ...(await demandOfLines(tx, shop, waitingOn.map((c) => ({ lineItemId: BigInt(c.lineItemId), inventoryItemId: BigInt(c.inventoryItemId), locationId: BigInt(c.locationId) })))),
  );
  const pending = await pendingDemand(tx, shop, [...new Set(list.map((p) => p[0]))]);
  const pendingBy = groupBy(pending, (d) => d.inventoryItemId);
  // Who is served first (and short last): the shop's priority policy, the one allocation uses.
  // Lines already past their promise come first: each demand row carries its latest promised day,
  // the shop's day decides which are past.
  const settings = await evaluationSettings(shop, tx);
  const policy = settings.policy;
  const today = settings.timezone ? shopDay(settings.timezone, ctx.at) : undefined;
  const demandBy = groupBy(demand, (d) => key(d.inventoryItemId, d.locationId));
  const currentBy = groupBy(current, (c) => key(c.inventoryItemId, c.locationId));
  const shortageOrders = new Set<bigint>();

  const detected: DetectedLine[] = [];
  const updates: BackorderUpdate[] = [];
  // Backorders that are no longer backordered and whose line is no longer open here: settled.
  const settle: bigint[] = [];

  for (const head of heads) {
    const k = key(head.inventoryItemId, head.locationId);
    const lines = demandBy.get(k) ?? [];
    const stored = currentBy.get(k) ?? [];
    const result = detectBackorders({
      available: head.available,
      inventoryPolicy: head.inventoryPolicy === "CONTINUE" ? "CONTINUE" : "DENY",
      tracked: head.tracked !== false,
      lines: lines.map(demandLine),
      pending: (pendingBy.get(head.inventoryItemId.toString()) ?? []).map(demandLine),
      current: stored.map((c) => ({
        lineItemId: c.lineItemId,
        quantityBackordered: c.quantityBackordered,
        status: c.status as "backordered" | "resolved" | "cancelled",
      })),
      cause: ctx.cause,
      policy,
      today,
    });
    // A line staff closed by hand stays closed: it still takes its share of the shortage (so no
    // other order inherits it), but is not reopened.
    if (stored.some((c) => c.status === "closed")) {
      const closed = new Set(stored.filter((c) => c.status === "closed").map((c) => c.lineItemId));
      result.changes = result.changes.filter((c) => !(c.kind === "reopened" && closed.has(c.lineItemId)));
    }
    summary.positions++;
    summary.unattributed += result.unattributed;
    summary.awaitingLocation += result.awaitingLocation;
    const changing = new Set(result.changes.map((c) => c.lineItemId));
    const openHere = (lineItemId: string) => openLines.has(key(lineItemId, head.locationId));
    for (const c of stored) if (c.status !== "backordered" && !changing.has(c.lineItemId) && !openHere(c.lineItemId)) settle.push(BigInt(c.id));
    if (result.changes.length === 0) continue;
    summary.changedPositions.push([head.inventoryItemId, head.locationId]);
    const lineById = new Map(lines.map((l) => [l.id, l]));
    const storedById = new Map(stored.map((c) => [c.lineItemId, c]));
    const detail = { available: head.available, deficit: result.deficit };
    const source = ctx.sourceOf?.get(k) ?? ctx.source;
    for (const change of result.changes) {
      summary.changes[change.kind]++;
      if (change.kind === "detected") {
        const l = lineById.get(change.lineItemId)!;
        shortageOrders.add(BigInt(l.orderId));
        detected.push({
          lineItemId: BigInt(l.id), inventoryItemId: head.inventoryItemId, locationId: head.locationId, itemSku: head.sku,
          quantityBackordered: change.quantity, reasonCode: change.reasonCode, source, detail,
        });
        continue;
      }
      const s = storedById.get(change.lineItemId);
      if (!s) continue;
      const orderText = lineById.get(change.lineItemId)?.orderId;
      const orderId = orderText === undefined ? undefined : BigInt(orderText);
      if (orderId !== undefined && (change.kind === "reopened" || (change.kind === "quantity_changed" && change.to > change.from))) shortageOrders.add(orderId);
      // Fewer units short because units became available: stock reached this line (an allocation).
      if (orderId !== undefined && change.reasonCode === REASON_CODES.STOCK_AVAILABLE && (change.kind === "resolved" || (change.kind === "quantity_changed" && change.to < change.from))) {
        const to = change.kind === "resolved" ? 0 : change.to;
        summary.stockDecreases.push({
          backorderLineId: BigInt(s.id), orderId, lineItemId: BigInt(s.lineItemId), inventoryItemId: BigInt(s.inventoryItemId), locationId: BigInt(s.locationId),
          units: change.from - to, fromQuantity: change.from, toQuantity: to, source,
        });
      }
      updates.push(applyChange(s, change, { ...ctx, source }, change.kind === "reopened" || change.kind === "quantity_changed" ? detail : null, openHere(s.lineItemId)));
    }
  }

  // New lines take what they copy from their order line and order inside the insert; each write
  // carries its audit events in the same statement.
  await insertDetectedLines(tx, shop, detected, ctx.at);
  await updateBackorderLines(tx, shop, updates, ctx.at);
  await settleBackorderLines(tx, shop, settle);
  summary.shortageOrders = [...shortageOrders];
  await recordRecoveryEvaluation(tx, shop, { cause: ctx.cause, at: ctx.at, stockDecreases: summary.stockDecreases, shortageOrders: summary.shortageOrders, changedPositions: summary.changedPositions });
  return summary;
}

const dayReaders = new Map<string, (instant: Date) => LocalDate>();

/** The shop's day at `at` (undefined for a time zone Intl does not know: no line counts as past its promise). */
function shopDay(timeZone: string, at: Date): LocalDate | undefined {
  try {
    let read = dayReaders.get(timeZone);
    if (!read) dayReaders.set(timeZone, (read = zonedDateReader(timeZone)));
    return read(at);
  } catch {
    return undefined;
  }
}

function demandLine(l: DemandFact): DemandLine {
  return {
    lineItemId: l.id,
    orderId: l.orderId,
    orderCreatedAt: new Date(l.orderCreatedMs),
    channel: l.channel,
    openQuantity: l.openQuantity,
    cancelled: l.cancelled,
    orderValue: l.totalPrice,
    promiseLatest: l.promiseLatest as LocalDate | null,
  };
}

function applyChange(
  s: StoredBackorder,
  change: Exclude<BackorderChange, { kind: "detected" }>,
  ctx: EvaluationContext,
  detail: { available: number; deficit: number } | null,
  /** The line is still open at this position (a resolved or cancelled backorder of a line that is not settles). */
  lineOpenHere: boolean,
): BackorderUpdate {
  const id = BigInt(s.id);
  const base = { reasonCode: change.reasonCode, source: ctx.source, fromStatus: s.status, detail };
  switch (change.kind) {
    case "quantity_changed":
      return {
        id, status: s.status, quantityBackordered: change.to, reasonCode: null, resolvedAt: null, settled: false,
        event: { ...base, kind: "quantity_changed", toStatus: s.status, fromQuantity: change.from, toQuantity: change.to },
      };
    case "reopened":
      return {
        id, status: "backordered", quantityBackordered: change.quantity, reasonCode: change.reasonCode, resolvedAt: null, settled: false,
        event: { ...base, kind: "reopened", toStatus: "backordered", fromQuantity: s.quantityBackordered, toQuantity: change.quantity },
      };
    case "resolved":
    case "cancelled": {
      const status = change.kind === "cancelled" ? "cancelled" : "resolved";
      return {
        id, status, quantityBackordered: s.quantityBackordered, reasonCode: null, resolvedAt: ctx.at, settled: !lineOpenHere,
        event: { ...base, kind: change.kind, toStatus: status, fromQuantity: change.from, toQuantity: 0 },
      };
    }
  }
}
