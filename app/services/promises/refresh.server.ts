// The promise refresh: recomputes the promise of every open backorder line whose inputs moved —
// the line itself (detected, quantity, reopened), what covers it (a PO created, submitted,
// confirmed, its ETA moved, received, cancelled) — and closes the promises of lines that stopped
// waiting. Each change is recorded (the line's promise, its history, an audit event), and in the
// same transaction the outboxes get what the change means outside: the metafields shoppers read,
// and the customer notices (first promise, a slip, shipped). Idempotent: a run over unchanged
// inputs writes nothing; two runs at once are serialised by the shop's promise lock.
//
// Cheap: the positions (item x location) to look at come from one state-based query (each promise
// remembers the fingerprint of its inputs); everything else is read set-based per chunk of
// positions. Every open promise is re-checked once a day (an overdue supplier moves it later),
// after a settings change, and after a receipt (the learned lead times moved).
import crypto from "node:crypto";
import { customerChoiceUrl } from "../recovery/customer-links.server";
import type { Prisma } from "@prisma/client";
import { now } from "../../clock.server";
import type { BusinessCalendar, LocalDate } from "../../domain/calendar";
import {
  closedReason,
  linePromise,
  nextUpdateBy,
  offerForUncovered,
  orderPromisesMetafield,
  promiseReason,
  shouldNotifyCustomer,
  supplyForOrder,
  supplyHistoryFor,
  variantWindowMetafield,
  windowChange,
  type LinePromiseResult,
  type OrderLinePromise,
  type PromisePart,
  type PromisePhase,
  type PromiseWindow,
  type ReceiptRecord,
  type SupplyHistory,
} from "../../domain/promises";
import { deriveMessageId } from "../../integrations/mail";
import { failPoint } from "../../faults.server";
import { insertBackorderEvents, type NewBackorderEvent, type StockPosition } from "../../models/backorders.server";
import {
  coverageOfLines,
  findPromiseShop,
  findShopState,
  insertNotices,
  insertPromiseHistory,
  linesOfOrders,
  linesToRefresh,
  lockShopPromises,
  offersForSkus,
  openBackorderUnitsOfOrders,
  openOrderLinesOfItems,
  openUnitsOfItems,
  positionsToRefresh,
  positionsWithOpenDeficit,
  promisesOfOrders,
  receiptEventsSince,
  receiptHistory,
  saveShopState,
  setDesiredMetafields,
  touchLinePromises,
  upsertLinePromises,
  variantsOfItems,
  type CoverageRow,
  type DesiredMetafield,
  type LinePromiseWrite,
  type NewNotice,
  type OfferRow,
  type OpenOrderLineRow,
  type PromiseHistoryWrite,
  type RefreshLineRow,
} from "../../models/promises.server";
import { withTransaction, type Tx } from "../../models/transaction.server";
import { loadReplenishmentSettings } from "../replenishment/settings.server";
import { loadPromiseSettings, transitDaysFor, type ShopPromiseSettings } from "./settings.server";
import { shopCalendar } from "./shop-calendar.server";

export type RefreshReport = {
  /** Every open promise was re-checked (new day, settings, a receipt). */
  full: boolean;
  positions: number;
  /** Lines looked at. */
  lines: number;
  /** Lines whose range was given or moved (a history entry each). */
  changed: number;
  closed: number;
  notices: number;
  metafields: number;
};

const CHUNK = 200;
const gid = (type: string, id: bigint) => `gid://shopify/${type}/${id}`;
const hashOf = (value: string | null) => (value === null ? "delete" : crypto.createHash("sha256").update(value).digest("hex"));
const key = (item: bigint, loc: bigint) => `${item}:${loc}`;

type Context = {
  shop: string;
  at: Date;
  calendar: BusinessCalendar;
  settings: ShopPromiseSettings;
  promiseWindowDays: Record<string, number>;
  dayChanged: boolean;
  settingsChanged: boolean;
  receiptsChanged: boolean;
  today: LocalDate;
};

export async function refreshPromises(shop: string, at: Date = now()): Promise<RefreshReport> {
  const report: RefreshReport = { full: false, positions: 0, lines: 0, changed: 0, closed: 0, notices: 0, metafields: 0 };
  const info = await findPromiseShop(shop);
  if (!info || info.uninstalledAt) return report;
  const calendar = shopCalendar(info);
  const today = calendar.localDate(at);
  const settings = await loadPromiseSettings(shop);
  const state = await findShopState(shop);
  const receipts = await receiptEventsSince(shop, state?.poEventWatermark ?? 0n);
  const settingsChanged = settings.updatedAt !== null && (!state?.settingsAt || settings.updatedAt > state.settingsAt);
  const dayChanged = Boolean(state?.computedOn) && state!.computedOn !== today;
  report.full = dayChanged || settingsChanged || receipts.any;
  const positions = await positionsToRefresh(shop, { all: report.full, unnotified: settings.noticesEnabled });
  report.positions = positions.length;
  const promiseWindowDays = (await loadReplenishmentSettings(shop)).promiseWindowDays;
  const ctx: Context = { shop, at, calendar, settings, promiseWindowDays, dayChanged, settingsChanged, receiptsChanged: receipts.any, today };
  for (let i = 0; i < positions.length; i += CHUNK) {
    const part = await withTransaction(async (tx) => {
      await lockShopPromises(tx, shop);
      return refreshChunk(tx, ctx, positions.slice(i, i + CHUNK));
    });
    report.lines += part.lines;
    report.changed += part.changed;
    report.closed += part.closed;
    report.notices += part.notices;
    report.metafields += part.metafields;
  }
  await saveShopState(shop, { poEventWatermark: receipts.latest, computedOn: today, settingsAt: settings.updatedAt ?? state?.settingsAt ?? null, refreshedAt: at });
  return report;
}

// ---- one chunk ---------------------------------------------------------------------------------

type HistoryOf = (supplierId: string, sku: string | null) => SupplyHistory;

type LineEvent = { line: RefreshLineRow; version: number; window: PromiseWindow; previous: PromiseWindow | null };

async function refreshChunk(tx: Tx, ctx: Context, positions: StockPosition[]) {
  const { shop, at, calendar } = ctx;
  const lines = await linesToRefresh(tx, shop, positions);
  const open = lines.filter((l) => l.status === "backordered");
  const closing = lines.filter((l) => l.status !== "backordered" && l.promiseStatus === "open");
  const coverage = await coverageOfLines(tx, shop, open.map((l) => l.id));
  const itemIds = [...new Set(positions.map((p) => p[0]))];
  const variants = await variantsOfItems(tx, shop, itemIds);
  const skus = [...new Set([...open.map((l) => l.sku), ...variants.map((v) => v.sku)].filter((s): s is string => Boolean(s)))];
  const offers = await offersForSkus(tx, shop, skus);
  const openUnits = await openUnitsOfItems(tx, shop, itemIds);
  const orderLines = await openOrderLinesOfItems(tx, shop, itemIds);
  const suppliers = [...new Set([...coverage.map((c) => c.supplierId), ...offers.map((o) => o.supplierId), ...orderLines.map((o) => o.supplierId)])];
  const records: ReceiptRecord[] = (await receiptHistory(tx, shop, suppliers)).map((r) => ({
    supplierId: r.supplierId,
    sku: r.sku,
    submittedOn: calendar.localDate(r.submittedAt),
    receivedOn: calendar.localDate(r.receivedAt),
    statedLeadDays: r.leadTimeDays,
    firstEta: (r.firstEta as LocalDate | null) ?? null,
    firstEtaGivenOn: r.firstEtaAt ? calendar.localDate(r.firstEtaAt) : null,
  }));
  // One history per supplier and SKU for the chunk (many lines share them).
  const histories = new Map<string, SupplyHistory>();
  const historyOf = (supplierId: string, sku: string | null) => {
    const k = `${supplierId}\u0000${sku ?? ""}`;
    let h = histories.get(k);
    if (!h) histories.set(k, (h = supplyHistoryFor(records, calendar, supplierId, sku)));
    return h;
  };
  const coverageOf = groupBy(coverage, (c) => c.backorderLineId.toString());
  const offersOf = groupBy(offers, (o) => o.sku);

  const writes: LinePromiseWrite[] = [];
  const touches: { backorderLineId: bigint; inputsKey: string }[] = [];
  const history: PromiseHistoryWrite[] = [];
  const events: NewBackorderEvent[] = [];
  const firsts: LineEvent[] = [];
  const slips: LineEvent[] = [];
  const shipped: LineEvent[] = [];
  const ordersTouched = new Set<bigint>();

  const collecting = await positionsWithOpenDeficit(tx, shop, positions);
  for (const line of open) {
    const parts = partsOf(ctx, line, coverageOf.get(line.id.toString()) ?? [], offersOf.get(line.sku ?? "") ?? [], historyOf);
    const result = parts ? promiseFor(ctx, line.channel, parts) : null;
    const stored: PromiseWindow | null = line.earliest && line.latest ? { earliest: line.earliest as LocalDate, latest: line.latest as LocalDate } : null;
    // Time alone (same inputs, same settings, nothing learned): a range stands while it can still
    // be kept — until the last day its stock could come in has passed.
    const timeOnly = line.promiseStatus === "open" && line.inputsKey === line.fingerprint && !ctx.settingsChanged && !ctx.receiptsChanged;
    const stands = timeOnly && stored !== null && line.receiptLatest !== null && ctx.today <= line.receiptLatest;
    const told: PromiseWindow | null = line.notifiedEarliest && line.notifiedLatest ? { earliest: line.notifiedEarliest as LocalDate, latest: line.notifiedLatest as LocalDate } : null;
    // The line's next state: its range (kept when nothing can be computed: the customer holds it).
    let window = stored;
    let phase = line.phase ?? "unknown";
    let basis: Prisma.InputJsonValue =
      stored && line.storedBasis ? (line.storedBasis as Prisma.InputJsonValue) : { phase: "unknown", reason: "no active supplier offer for the units nothing covers" };
    let version = line.version ?? 0;
    if (result && !stands) {
      window = { earliest: result.earliest, latest: result.latest };
      phase = result.basis.phase;
      basis = basisJson(result);
    }
    const moved = result !== null && !stands && !(stored && stored.earliest === window!.earliest && stored.latest === window!.latest);
    if (moved) {
      version++;
      const reason = promiseReason(
        line.promiseStatus ? { window: stored, phase: (line.phase as PromisePhase) ?? "unknown", supplierEta: (line.supplierEta as LocalDate | null) ?? null, open: line.promiseStatus === "open" } : null,
        { window, phase: phase as PromisePhase, supplierEta: result!.basis.supplierEta, open: true },
        { settingsChanged: ctx.settingsChanged, dayChanged: ctx.dayChanged },
      );
      const change = windowChange(stored, window!);
      history.push({ backorderLineId: line.id, version, earliest: window!.earliest, latest: window!.latest, phase, reason, change });
      events.push({
        backorderLineId: line.id,
        kind: stored ? "promise_changed" : "promise_set",
        fromStatus: null,
        toStatus: null,
        fromQuantity: null,
        toQuantity: null,
        reasonCode: reason,
        source: "promises",
        detail: { from: stored, to: window, change, phase, version },
      });
    }
    // What the customer hears: the first range once it is settled (not while the PO for it is
    // minutes away), then only a later end than the one they were told by email (a slip).
    let notified = { version: line.notifiedVersion, earliest: line.notifiedEarliest, latest: line.notifiedLatest };
    if (window && ctx.settings.noticesEnabled) {
      const settling = phase === "awaiting_po" && collecting.has(key(line.inventoryItemId, line.locationId));
      if (!told ? !settling : shouldNotifyCustomer(told, window)) {
        (told ? slips : firsts).push({ line, version, window, previous: told });
        notified = { version, earliest: window.earliest, latest: window.latest };
      }
    }
    const unchanged = line.promiseStatus === "open" && !moved && line.phase === phase && notified.version === line.notifiedVersion && (result !== null || stored !== null || stands);
    if (unchanged) {
      touches.push({ backorderLineId: line.id, inputsKey: line.fingerprint });
      continue;
    }
    writes.push({
      ...baseWrite(line),
      status: "open",
      closedReason: null,
      earliest: window?.earliest ?? null,
      latest: window?.latest ?? null,
      phase,
      version,
      notifiedVersion: notified.version,
      notifiedEarliest: notified.earliest,
      notifiedLatest: notified.latest,
      inputsKey: line.fingerprint,
      basis,
      setAt: moved || !line.setAt ? at : line.setAt,
      closedAt: null,
    });
    if (moved || line.promiseStatus !== "open") ordersTouched.add(line.orderId);
  }

  for (const line of closing) {
    const reason = closedReason({
      status: line.status,
      reasonCode: line.closeReasonCode,
      orderCancelled: line.orderCancelled,
      currentQuantity: line.currentQuantity,
      openQuantity: line.openQuantity,
    });
    writes.push({
      ...baseWrite(line),
      status: "closed",
      closedReason: reason,
      earliest: line.earliest,
      latest: line.latest,
      phase: line.phase ?? "unknown",
      version: line.version ?? 0,
      notifiedVersion: line.notifiedVersion,
      notifiedEarliest: line.notifiedEarliest,
      notifiedLatest: line.notifiedLatest,
      inputsKey: line.fingerprint,
      basis: { closed: reason },
      setAt: line.setAt ?? at,
      closedAt: at,
    });
    ordersTouched.add(line.orderId);
    // A customer who was told their item is backordered hears that it shipped.
    if (reason === "shipped" && line.earliest && line.latest && line.notifiedVersion !== null && ctx.settings.noticesEnabled) {
      shipped.push({ line, version: line.version ?? 0, window: { earliest: line.earliest as LocalDate, latest: line.latest as LocalDate }, previous: null });
    }
  }

  await upsertLinePromises(tx, shop, writes, at);
  await touchLinePromises(tx, shop, touches, at);
  await insertPromiseHistory(tx, shop, history, at);
  await insertBackorderEvents(tx, shop, events, at);

  const notices = await buildNotices(tx, ctx, firsts, slips, shipped);
  const noticesCreated = await insertNotices(tx, shop, notices, at);

  const desired = [
    ...(await orderMetafields(tx, shop, [...ordersTouched])),
    ...variantMetafields(ctx, variants, openUnits, orderLines, offersOf, historyOf),
  ];
  const metafields = await setDesiredMetafields(tx, shop, desired, at);
  await failPoint("promises.beforeCommit");
  return { lines: lines.length, changed: history.length, closed: closing.length, notices: noticesCreated, metafields };
}

function baseWrite(line: RefreshLineRow) {
  return { backorderLineId: line.id, orderId: line.orderId, lineItemId: line.lineItemId, variantId: line.variantId, inventoryItemId: line.inventoryItemId, locationId: line.locationId };
}

function groupBy<T>(rows: T[], k: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const g = m.get(k(r));
    if (g) g.push(r);
    else m.set(k(r), [r]);
  }
  return m;
}

// ---- computing ---------------------------------------------------------------------------------

/** A covering PO line's units count as in once all of the customer units it carries arrived. */
function coveringOrder(ctx: Context, c: Pick<CoverageRow, "status" | "submittedAt" | "eta" | "firstEta" | "firstEtaAt" | "receivedAt" | "leadTimeDays" | "customerUnits" | "receivedQuantity" | "firstReceivedAt">) {
  const received = c.status === "received" || (c.customerUnits > 0 && c.receivedQuantity >= c.customerUnits);
  const receivedAt = c.firstReceivedAt ?? c.receivedAt;
  return supplyForOrder(
    {
      status: c.status,
      submittedOn: c.submittedAt ? ctx.calendar.localDate(c.submittedAt) : null,
      eta: (c.eta as LocalDate | null) ?? null,
      firstEta: (c.firstEta as LocalDate | null) ?? null,
      ...(c.firstEta && c.firstEtaAt ? { firstEtaHorizonDays: ctx.calendar.businessDaysBetween(ctx.calendar.localDate(c.firstEtaAt), c.firstEta as LocalDate) } : {}),
      statedLeadDays: c.leadTimeDays,
      receivedOn: received && receivedAt ? ctx.calendar.localDate(receivedAt) : null,
    },
    { approvalDays: ctx.settings.approvalDays },
  );
}

/** The line's parts: each covering PO line, and the offer the rest would be ordered from. Null when part of it cannot be promised. */
function partsOf(ctx: Context, line: RefreshLineRow, coverage: CoverageRow[], offers: OfferRow[], historyOf: HistoryOf): PromisePart[] | null {
  const parts: PromisePart[] = [];
  let covered = 0;
  for (const c of coverage) {
    const supply = coveringOrder(ctx, c);
    if (!supply) continue;
    parts.push({ units: c.units, supply, history: historyOf(c.supplierId, line.sku), supplierId: c.supplierId });
    covered += c.units;
  }
  if (covered < line.quantityBackordered) {
    const offer = offerForUncovered(offers, windowDaysFor(ctx, line.channel));
    if (!offer) return null;
    parts.push({
      units: line.quantityBackordered - covered,
      supply: { phase: "awaiting_po", statedLeadDays: Math.max(0, Math.ceil(offer.leadTimeDays - 1e-9)), orderWithinDays: 0 },
      history: historyOf(offer.supplierId, line.sku),
      supplierId: offer.supplierId,
    });
  }
  return parts;
}

function windowDaysFor(ctx: Context, channel: string): number | null {
  return ctx.promiseWindowDays[channel] ?? ctx.promiseWindowDays.default ?? null;
}

function promiseFor(ctx: Context, channel: string, parts: PromisePart[]): LinePromiseResult | null {
  const tuning = { lowQuantile: ctx.settings.lowQuantile, highQuantile: ctx.settings.highQuantile };
  return linePromise({
    calendar: ctx.calendar,
    now: ctx.at,
    settings: { receivingDays: ctx.settings.receivingDays, processingDays: ctx.settings.processingDays, transitDays: transitDaysFor(ctx.settings, channel) },
    tuning: { leadTime: tuning, slip: tuning },
    parts,
  });
}

function basisJson(r: LinePromiseResult): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify({ ...r.basis, limitingSupplier: r.limitingSupplier, parts: r.parts }));
}

// ---- metafields --------------------------------------------------------------------------------

/** Each touched order's `line_promises`: its waiting lines and the ones that shipped; none left: delete. */
async function orderMetafields(tx: Tx, shop: string, orderIds: bigint[]): Promise<DesiredMetafield[]> {
  const rows = await promisesOfOrders(tx, shop, orderIds);
  const byOrder = groupBy(rows, (r) => r.orderId.toString());
  return orderIds.map((orderId) => {
    const lines: OrderLinePromise[] = (byOrder.get(orderId.toString()) ?? []).flatMap((r) => {
      if (!r.earliest || !r.latest || r.variantId === null) return [];
      const waiting = r.status === "open";
      if (!waiting && r.closedReason !== "shipped") return [];
      return [
        {
          variantId: gid("ProductVariant", r.variantId),
          earliest: r.earliest as LocalDate,
          latest: r.latest as LocalDate,
          status: waiting ? ("backordered" as const) : ("shipped" as const),
          ...(waiting && r.quantityBackordered < r.quantityOrdered ? { quantity: r.quantityBackordered } : {}),
        },
      ];
    });
    const value = lines.length ? orderPromisesMetafield(gid("Order", orderId), lines).value : null;
    return { ownerType: "order" as const, ownerId: orderId, value, hash: hashOf(value) };
  });
}

/**
 * Each variant's `backorder_window`: what a NEW backordered unit would be promised now at each
 * location where the variant waits — the last PO still bringing spare units, else the offer it
 * would be ordered from — the latest of them. Not backordered anywhere: delete.
 */
function variantMetafields(
  ctx: Context,
  variants: { variantId: bigint; inventoryItemId: bigint; sku: string | null }[],
  openUnits: { inventoryItemId: bigint; locationId: bigint; units: number }[],
  orderLines: OpenOrderLineRow[],
  offersOf: Map<string, OfferRow[]>,
  historyOf: HistoryOf,
): DesiredMetafield[] {
  const unitsAt = groupBy(openUnits, (u) => u.inventoryItemId.toString());
  const linesAt = groupBy(orderLines, (l) => key(l.inventoryItemId, l.locationId));
  return variants.map((v) => {
    let window = null as PromiseWindow | null;
    let unknown = false;
    for (const u of unitsAt.get(v.inventoryItemId.toString()) ?? []) {
      const coming = linesAt.get(key(u.inventoryItemId, u.locationId)) ?? [];
      const spare = coming.reduce((n, l) => n + Math.max(0, l.quantity - l.receivedQuantity), 0) - u.units;
      const last = [...coming].reverse().find((l) => l.quantity > l.receivedQuantity);
      const supply = spare > 0 && last ? coveringOrder(ctx, { ...last, customerUnits: last.quantity }) : null;
      let part: PromisePart | null = null;
      if (supply && last) part = { units: 1, supply, history: historyOf(last.supplierId, v.sku), supplierId: last.supplierId };
      else {
        const offer = offerForUncovered(offersOf.get(v.sku ?? "") ?? [], windowDaysFor(ctx, "default"));
        if (offer)
          part = {
            units: 1,
            supply: { phase: "awaiting_po", statedLeadDays: Math.max(0, Math.ceil(offer.leadTimeDays - 1e-9)), orderWithinDays: 0 },
            history: historyOf(offer.supplierId, v.sku),
            supplierId: offer.supplierId,
          };
      }
      const p = part ? promiseFor(ctx, "default", [part]) : null;
      if (!p) {
        unknown = true;
        continue;
      }
      window = window
        ? { earliest: p.earliest > window.earliest ? p.earliest : window.earliest, latest: p.latest > window.latest ? p.latest : window.latest }
        : { earliest: p.earliest, latest: p.latest };
    }
    // A location whose wait cannot be estimated: show nothing rather than a window that may not hold.
    const value = window && !unknown ? variantWindowMetafield(gid("ProductVariant", v.variantId), window).value : null;
    return { ownerType: "variant" as const, ownerId: v.variantId, value, hash: hashOf(value) };
  });
}

// ---- notices -----------------------------------------------------------------------------------

const lineEventKey = (e: LineEvent, kind: string) => `${e.line.id}:${kind}:${e.version}`;

/** One notice per order and kind for the events of this run, with what the email will say. */
async function buildNotices(tx: Tx, ctx: Context, firsts: LineEvent[], slips: LineEvent[], shipped: LineEvent[]): Promise<NewNotice[]> {
  const orderIds = [...new Set(firsts.map((e) => e.line.orderId))];
  const allLines = await linesOfOrders(tx, ctx.shop, orderIds);
  const waiting = new Map((await openBackorderUnitsOfOrders(tx, ctx.shop, orderIds)).map((r) => [r.lineItemId.toString(), r.units]));
  const linesOf = groupBy(allLines, (l) => l.orderId.toString());
  // Each notice carries the customer's own choice link (wait, ship what is in stock, substitute,
  // cancel): a fresh single-use link per notice (app/services/recovery/customer-links.server.ts).
  const actionUrls = new Map<string, string>();
  for (const id of new Set([...firsts, ...slips].map((e) => e.line.orderId.toString()))) {
    actionUrls.set(id, await customerChoiceUrl(ctx.shop, id, ctx.at, tx));
  }
  const notices: NewNotice[] = [];
  const make = (kind: string, events: LineEvent[], data: (events: LineEvent[]) => Prisma.InputJsonValue) => {
    for (const group of groupBy(events, (e) => e.line.orderId.toString()).values()) {
      const sorted = [...group].sort((a, b) => (a.line.id < b.line.id ? -1 : 1));
      const lineKeys = sorted.map((e) => ({ key: lineEventKey(e, kind), backorderLineId: e.line.id }));
      const raw = `${sorted[0].line.orderId}:${kind}:${sorted.map((e) => `${e.line.id}@${e.version}`).join(",")}`;
      const noticeKey = raw.length <= 200 ? raw : `${sorted[0].line.orderId}:${kind}:${crypto.createHash("sha256").update(raw).digest("hex")}`;
      notices.push({
        key: noticeKey,
        orderId: sorted[0].line.orderId,
        orderName: sorted[0].line.orderName,
        kind,
        data: data(sorted),
        status: "pending",
        messageId: deriveMessageId("notice", `${ctx.shop}/${noticeKey}`),
        lastError: null,
        lineKeys,
      });
    }
  };
  const item = (e: LineEvent) => ({ lineId: e.line.id.toString(), title: e.line.title ?? e.line.sku ?? "Item", quantity: e.line.quantityBackordered });
  make("first_backorder", firsts, (events) => {
    // Everything else the order still ships: other lines, and the units of these lines that are in stock.
    const onTrack = (linesOf.get(events[0].line.orderId.toString()) ?? []).flatMap((l) => {
      const units = l.openQuantity - (waiting.get(l.id.toString()) ?? 0);
      return units > 0 ? [{ title: l.title, quantity: units }] : [];
    });
    return {
      delayed: events.map((e) => ({ ...item(e), window: e.window })),
      onTrack,
      nextUpdateBy: nextUpdateBy(ctx.calendar, events.map((e) => e.window)),
      actionUrl: actionUrls.get(events[0].line.orderId.toString()) ?? null,
    };
  });
  make("window_slipped", slips, (events) => ({
    items: events.map((e) => ({ ...item(e), previous: e.previous!, window: e.window })),
    nextUpdateBy: nextUpdateBy(ctx.calendar, events.map((e) => e.window)),
    actionUrl: actionUrls.get(events[0].line.orderId.toString()) ?? null,
  }));
  make("shipped", shipped, (events) => ({ items: events.map((e) => item(e)) }));
  return notices;
}

