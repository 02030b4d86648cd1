// Fulfillment holds as desired state: from an order's fulfillment orders, its backordered lines and
// the merchant's rule, the Admin API calls that bring Shopify's holds in line. Running it again on
// the result plans nothing, so retries and duplicate webhooks are harmless.
import { compareIds } from "../allocation";
import { MAX_APP_HOLDS_PER_FULFILLMENT_ORDER, ORDER_HOLD_HANDLE, holdHandle, isManagedHandle } from "./hold-handles";
import {
  HOLD_REASON,
  type BackorderedLine,
  type ExistingHold,
  type FulfillmentHoldAction,
  type FulfillmentOrderSnapshot,
  type FulfillmentOrderStatus,
  type HoldAction,
  type HoldNote,
  type HoldPlan,
  type HoldRule,
} from "./types";

export type PlanHoldsInput = {
  fulfillmentOrders: readonly FulfillmentOrderSnapshot[];
  backorders: readonly BackorderedLine[];
  rule: HoldRule;
};

/** What should be held on one fulfillment order. */
type Wanted = { units: Map<string, number>; backorderIds: string[] };

// Shopify accepts holds on open fulfillment orders and adds holds to held ones; not on work in progress.
const HOLDABLE: ReadonlySet<FulfillmentOrderStatus> = new Set(["OPEN", "ON_HOLD"]);

const byId = <T extends { id: string }>(a: T, b: T) => compareIds(a.id, b.id);

function openUnits(fo: FulfillmentOrderSnapshot) {
  return fo.lineItems.filter((li) => li.remainingQuantity > 0);
}

function wantedOn(wanted: Map<string, Wanted>, foId: string): Wanted {
  let w = wanted.get(foId);
  if (!w) wanted.set(foId, (w = { units: new Map(), backorderIds: [] }));
  return w;
}

/** split_ship_rest: each backorder's short units, on the fulfillment order lines that carry them. */
function wantShortUnits(fos: readonly FulfillmentOrderSnapshot[], backorders: readonly BackorderedLine[], notes: HoldNote[]): Map<string, Wanted> {
  const wanted = new Map<string, Wanted>();
  const left = new Map(fos.flatMap((fo) => fo.lineItems.map((li) => [li.id, li.remainingQuantity] as const)));
  for (const b of backorders) {
    const handle = holdHandle(b.backorderId);
    // Where this backorder is already held first (stable across runs), then its location, then holdable.
    const rank = (fo: FulfillmentOrderSnapshot) =>
      (fo.holds.some((h) => h.heldByRequestingApp && h.handle === handle) ? 0 : 4) +
      (b.locationId != null && fo.locationId === b.locationId ? 0 : 2) +
      (HOLDABLE.has(fo.status) ? 0 : 1);
    const candidates = fos
      .flatMap((fo) => fo.lineItems.filter((li) => li.lineItemId === b.lineItemId).map((li) => ({ fo, li })))
      .sort((x, y) => rank(x.fo) - rank(y.fo) || byId(x.fo, y.fo) || byId(x.li, y.li));
    let short = b.unitsShort;
    for (const { fo, li } of candidates) {
      const take = Math.min(short, left.get(li.id) ?? 0);
      if (take === 0) continue;
      left.set(li.id, (left.get(li.id) ?? 0) - take);
      short -= take;
      const w = wantedOn(wanted, fo.id);
      w.units.set(li.id, (w.units.get(li.id) ?? 0) + take);
      if (!w.backorderIds.includes(b.backorderId)) w.backorderIds.push(b.backorderId);
    }
    if (short > 0) notes.push({ kind: "units_not_found", backorderId: b.backorderId, units: short });
  }
  return wanted;
}

/** Whole-order rules: every unit of every fulfillment order while any line is short. */
function wantWholeOrder(fos: readonly FulfillmentOrderSnapshot[], backorders: readonly BackorderedLine[]): Map<string, Wanted> {
  const wanted = new Map<string, Wanted>();
  if (backorders.length === 0) return wanted;
  const backorderIds = backorders.map((b) => b.backorderId);
  for (const fo of fos) {
    const units = openUnits(fo);
    if (units.length) wanted.set(fo.id, { units: new Map(units.map((li) => [li.id, li.remainingQuantity])), backorderIds });
  }
  return wanted;
}

function reasonNotes(rule: HoldRule, handle: string, backorderIds: string[]): string {
  if (rule === "ask_customer") return "Backorder Pilot: order held until the customer chooses how to proceed";
  if (rule === "hold_whole_order") return "Backorder Pilot: order held until its backordered items are in stock";
  return handle === ORDER_HOLD_HANDLE
    ? `Backorder Pilot: ${backorderIds.length} backordered lines waiting for stock`
    : `Backorder Pilot: backorder ${backorderIds[0]} waiting for stock`;
}

type FoContext = {
  fo: FulfillmentOrderSnapshot;
  wanted: Wanted;
  rule: HoldRule;
  managed: ExistingHold[];
  unmanaged: number;
  notes: HoldNote[];
};

function release(fo: FulfillmentOrderSnapshot, holds: ExistingHold[]): FulfillmentHoldAction {
  return { kind: "release", fulfillmentOrderId: fo.id, holdIds: holds.map((h) => h.id), handles: holds.map((h) => h.handle) };
}

/** The handles to hold with: one per backorder, or one for the order when Shopify's limit forbids. */
function wantedHandles(ctx: FoContext): { handle: string; backorderIds: string[] }[] {
  const { fo, wanted, rule } = ctx;
  const ids = [...wanted.backorderIds].sort(compareIds);
  if (rule !== "split_ship_rest") return [{ handle: ORDER_HOLD_HANDLE, backorderIds: ids }];
  if (ids.length > MAX_APP_HOLDS_PER_FULFILLMENT_ORDER - ctx.unmanaged) {
    ctx.notes.push({ kind: "merged", fulfillmentOrderId: fo.id, backorderIds: ids });
    return [{ handle: ORDER_HOLD_HANDLE, backorderIds: ids }];
  }
  return ids.map((id) => ({ handle: holdHandle(id), backorderIds: [id] }));
}

function holdAction(ctx: FoContext, h: { handle: string; backorderIds: string[] }, lineItems?: HoldAction["lineItems"]): HoldAction {
  return {
    kind: "hold",
    fulfillmentOrderId: ctx.fo.id,
    handle: h.handle,
    reason: HOLD_REASON,
    reasonNotes: reasonNotes(ctx.rule, h.handle, h.backorderIds),
    ...(lineItems ? { lineItems } : {}),
    backorderIds: h.backorderIds,
  };
}

/** First hold carries the line items (splitting the fulfillment order); the rest hold what it kept. */
function holdFresh(ctx: FoContext, handles: { handle: string; backorderIds: string[] }[], lineItems: HoldAction["lineItems"]): HoldAction[] {
  return handles.map((h, i) => holdAction(ctx, h, i === 0 ? lineItems : undefined));
}

/** Adds and releases handles on a held fulfillment order without ever leaving it unheld or over the limit. */
function swapHandles(ctx: FoContext, handles: { handle: string; backorderIds: string[] }[]): FulfillmentHoldAction[] {
  const { fo, managed } = ctx;
  const present = new Set(managed.map((h) => h.handle));
  const wantedSet = new Set(handles.map((h) => h.handle));
  const adds = handles.filter((h) => !present.has(h.handle));
  const obsolete = managed.filter((h) => !wantedSet.has(h.handle)).sort((a, b) => compareIds(a.handle, b.handle));
  const holdsNow = managed.length + ctx.unmanaged;
  const releaseFirst = Math.max(0, adds.length - (MAX_APP_HOLDS_PER_FULFILLMENT_ORDER - holdsNow));
  if (releaseFirst >= holdsNow && releaseFirst > 0) {
    // Making room would release every hold at once: one order-level hold avoids the gap.
    ctx.notes.push({ kind: "merged", fulfillmentOrderId: fo.id, backorderIds: [...ctx.wanted.backorderIds].sort(compareIds) });
    return swapHandles(ctx, [{ handle: ORDER_HOLD_HANDLE, backorderIds: [...ctx.wanted.backorderIds].sort(compareIds) }]);
  }
  const actions: FulfillmentHoldAction[] = [];
  if (releaseFirst > 0) actions.push(release(fo, obsolete.slice(0, releaseFirst)));
  actions.push(...adds.map((h) => holdAction(ctx, h)));
  if (obsolete.length > releaseFirst) actions.push(release(fo, obsolete.slice(releaseFirst)));
  return actions;
}

function reconcile(ctx: FoContext): FulfillmentHoldAction[] {
  const { fo, wanted, managed, notes } = ctx;
  const backorderIds = [...wanted.backorderIds].sort(compareIds);
  if (!HOLDABLE.has(fo.status)) {
    notes.push({ kind: "not_holdable", fulfillmentOrderId: fo.id, status: fo.status, backorderIds });
    return [];
  }
  if (ctx.unmanaged >= MAX_APP_HOLDS_PER_FULFILLMENT_ORDER) {
    notes.push({ kind: "hold_limit_reached", fulfillmentOrderId: fo.id, backorderIds });
    return [];
  }
  const coversAll = openUnits(fo).every((li) => wanted.units.get(li.id) === li.remainingQuantity);
  const lineItems = coversAll
    ? undefined
    : [...wanted.units].map(([id, quantity]) => ({ id, quantity })).sort((a, b) => compareIds(a.id, b.id));
  // Shopify splits only a fulfillment order that is not on hold: ours must be the only holds.
  const othersHold = fo.holds.some((h) => !h.heldByRequestingApp) || (fo.status === "ON_HOLD" && fo.holds.length === 0);
  const canSplit = !othersHold && ctx.unmanaged === 0;
  if (lineItems && !canSplit) notes.push({ kind: "cannot_split", fulfillmentOrderId: fo.id, backorderIds });

  if (managed.length === 0) return holdFresh(ctx, wantedHandles(ctx), canSplit ? lineItems : undefined);
  if (lineItems && canSplit) {
    notes.push({ kind: "resplit", fulfillmentOrderId: fo.id });
    return [release(fo, managed), ...holdFresh(ctx, wantedHandles(ctx), lineItems)];
  }
  // Already held over exactly what should be held: only handles may change. A fulfillment order
  // already under the order-level hold keeps it rather than trading one hold for several.
  const keepOrderHold = managed.some((h) => h.handle === ORDER_HOLD_HANDLE);
  return swapHandles(ctx, keepOrderHold ? [{ handle: ORDER_HOLD_HANDLE, backorderIds }] : wantedHandles(ctx));
}

/**
 * The holds and releases that make an order's fulfillment orders match the rule:
 * - split_ship_rest: only the short units are held (a partial hold splits them off), one hold per
 *   backorder (handle "bp-<id>"), so the rest ships;
 * - hold_whole_order / ask_customer: every fulfillment order is held under "bp-order";
 * - a backorder at 0 units short (allocated or resolved) loses its holds; with none left, all go.
 * This app's holds whose handles it does not recognise are left alone.
 */
export function planHolds({ fulfillmentOrders, backorders, rule }: PlanHoldsInput): HoldPlan {
  const notes: HoldNote[] = [];
  const fos = [...fulfillmentOrders].sort(byId);
  const short = backorders.filter((b) => b.unitsShort > 0).sort((a, b) => compareIds(a.backorderId, b.backorderId));
  const wanted = rule === "split_ship_rest" ? wantShortUnits(fos, short, notes) : wantWholeOrder(fos, short);

  const actions = fos.flatMap((fo): FulfillmentHoldAction[] => {
    const ours = fo.holds.filter((h) => h.heldByRequestingApp);
    const managed = ours.filter((h) => isManagedHandle(h.handle));
    const w = wanted.get(fo.id);
    if (!w) return managed.length ? [release(fo, managed)] : [];
    return reconcile({ fo, wanted: w, rule, managed, unmanaged: ours.length - managed.length, notes });
  });
  return { actions, notes };
}
