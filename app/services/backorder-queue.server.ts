// View models for the admin queue and detail pages: plain, serialisable objects (no Polaris or
// Prisma types), so the pages can move to Polaris web components without touching this.
import { z } from "zod";
import { now } from "../clock.server";
import { AGING_BUCKETS, ageInDays, agingBucket, bucketRange, type AgingBucket } from "../domain/aging";
import { BACKORDER_STATUSES, REASON_LABELS, STATUS_LABELS, type BackorderStatus, type ReasonCode } from "../domain/backorder-status";
import {
  hasAnyBackorder,
  decodeCursor,
  encodeCursor,
  findBackorderWithTrail,
  findQueuePage,
  locationNames,
  queueFacets,
} from "../models/backorder-queue.server";
import { channelLabel } from "./channel-label";
import { findPromiseShop } from "../models/promises.server";
import { shopCalendar } from "./promises/shop-calendar.server";
import { noticesOfOrder, phaseLabel, promiseHistory, promisesByLine, reasonLabel } from "./promises/report.server";

export const QueueParams = z.object({
  status: z.enum([...BACKORDER_STATUSES, "all"]).default("backordered"),
  bucket: z.enum(AGING_BUCKETS).optional(),
  channel: z.string().trim().min(1).max(100).optional(),
  sku: z.string().trim().min(1).max(255).optional(),
  /** "past": only lines whose promised window has ended. */
  promise: z.enum(["past"]).optional(),
  after: z.string().max(200).optional(),
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(250).default(50),
});
export type QueueParams = z.infer<typeof QueueParams>;

export function parseQueueParams(url: URL): QueueParams {
  const raw = Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v !== ""));
  const r = QueueParams.safeParse(raw);
  // Bad filters from a hand-edited URL fall back to the default view rather than an error page.
  return r.success ? r.data : QueueParams.parse({});
}

export type QueueRow = {
  id: string;
  order: string;
  orderId: string;
  sku: string | null;
  title: string | null;
  quantityBackordered: number;
  quantityOrdered: number;
  channel: string;
  channelLabel: string;
  location: string;
  ageDays: number;
  bucket: AgingBucket;
  status: BackorderStatus;
  statusLabel: string;
  reason: string;
  /** The range the line is promised now (null: none, or the line stopped waiting). */
  promise: { earliest: string; latest: string } | null;
  /** The line still waits and its promised window has ended (the shop's today is after it). */
  pastPromise: boolean;
};

/** The shop's day now, in its time zone. */
async function shopToday(shop: string, at: Date): Promise<string> {
  const info = await findPromiseShop(shop);
  return shopCalendar({ timezone: info?.timezone ?? null, country: info?.country ?? null }).localDate(at);
}

export async function loadBackorderQueue(shop: string, params: QueueParams, at: Date = now()) {
  const range = params.bucket ? bucketRange(params.bucket, at) : {};
  const after = params.after ? decodeCursor(params.after) ?? undefined : undefined;
  const before = params.before ? decodeCursor(params.before) ?? undefined : undefined;
  const today = await shopToday(shop, at);
  const page = await findQueuePage(
    shop,
    {
      status: params.status === "all" ? undefined : params.status,
      channel: params.channel,
      sku: params.sku,
      detectedAfter: range.after,
      detectedAtOrBefore: range.atOrBefore,
      promiseEndedBefore: params.promise === "past" ? today : undefined,
    },
    { after: before ? undefined : after, before, limit: params.limit },
  );
  const names = await locationNames(shop, [...new Set(page.rows.map((r) => r.locationId))]);
  const promises = await promisesByLine(shop, page.rows.map((r) => r.id));
  const rows: QueueRow[] = page.rows.map((r) => ({
    id: r.id.toString(),
    order: r.orderName,
    orderId: r.orderId.toString(),
    sku: r.sku,
    title: r.title,
    quantityBackordered: r.quantityBackordered,
    quantityOrdered: r.quantityOrdered,
    channel: r.channel,
    channelLabel: channelLabel(r.channel),
    location: names.get(r.locationId) ?? `Location ${r.locationId}`,
    ageDays: ageInDays(r.detectedAt, at),
    bucket: agingBucket(r.detectedAt, at),
    status: r.status as BackorderStatus,
    statusLabel: STATUS_LABELS[r.status as BackorderStatus] ?? r.status,
    reason: REASON_LABELS[r.reasonCode as ReasonCode] ?? r.reasonCode,
    ...currentPromise(promises.get(r.id.toString()), today),
  }));
  const first = page.rows[0];
  const last = page.rows[page.rows.length - 1];
  const empty = rows.length === 0 && !params.after && !params.before ? !(await hasAnyBackorder(shop)) : false;
  return {
    rows,
    nextCursor: page.hasNext && last ? encodeCursor(last) : null,
    previousCursor: page.hasPrevious && first ? encodeCursor(first) : null,
    // A shop that has never had a backorder sees the onboarding empty state, not "no results".
    neverHadBackorders: empty,
    facets: await queueFacets(shop),
  };
}

const isPromiseEvent = (kind: string) => kind === "promise_set" || kind === "promise_changed";

function promiseEventRanges(detail: unknown): { from: { earliest: string; latest: string } | null; to: { earliest: string; latest: string } | null } {
  const d = detail as { from?: { earliest: string; latest: string } | null; to?: { earliest: string; latest: string } | null } | null;
  return { from: d?.from ?? null, to: d?.to ?? null };
}

function currentPromise(p: { open: boolean; earliest: string | null; latest: string | null } | undefined, today: string) {
  const promise = p?.open && p.earliest && p.latest ? { earliest: p.earliest, latest: p.latest } : null;
  return { promise, pastPromise: promise !== null && promise.latest < today };
}

export async function loadBackorderDetail(shop: string, id: string, at: Date = now()) {
  if (!/^\d+$/.test(id)) return null;
  const line = await findBackorderWithTrail(shop, BigInt(id));
  if (!line) return null;
  const names = await locationNames(shop, [line.locationId]);
  const today = await shopToday(shop, at);
  const stored = (await promisesByLine(shop, [line.id])).get(line.id.toString());
  const history = await promiseHistory(shop, line.id);
  return {
    id: line.id.toString(),
    order: line.orderName,
    orderId: line.orderId.toString(),
    lineItemId: line.lineItemId.toString(),
    sku: line.sku,
    title: line.title,
    location: names.get(line.locationId) ?? `Location ${line.locationId}`,
    channel: line.channel,
    channelLabel: channelLabel(line.channel),
    quantityOrdered: line.quantityOrdered,
    quantityBackordered: line.quantityBackordered,
    status: line.status as BackorderStatus,
    statusLabel: STATUS_LABELS[line.status as BackorderStatus] ?? line.status,
    reasonCode: line.reasonCode,
    reason: REASON_LABELS[line.reasonCode as ReasonCode] ?? line.reasonCode,
    detectedAt: line.detectedAt.toISOString(),
    resolvedAt: line.resolvedAt?.toISOString() ?? null,
    ageDays: ageInDays(line.detectedAt, at),
    bucket: agingBucket(line.detectedAt, at),
    customer: line.customerName || line.customerEmail ? { name: line.customerName, email: line.customerEmail } : null,
    ...currentPromise(stored, today),
    promisePhase: stored ? phaseLabel(stored.phase) : null,
    promiseClosed: stored && !stored.open ? stored.closedReason : null,
    /** Every range the customer was given, oldest first, with why it moved. */
    promiseHistory: history.map((h) => ({ ...h, phaseLabel: phaseLabel(h.phase), reasonLabel: reasonLabel(h.reason) })),
    notices: await noticesOfOrder(shop, line.orderId),
    trail: line.events.map((e) => ({
      id: e.id.toString(),
      at: e.at.toISOString(),
      kind: e.kind,
      fromStatus: e.fromStatus ? STATUS_LABELS[e.fromStatus as BackorderStatus] ?? e.fromStatus : null,
      toStatus: e.toStatus ? STATUS_LABELS[e.toStatus as BackorderStatus] ?? e.toStatus : null,
      fromQuantity: e.fromQuantity,
      toQuantity: e.toQuantity,
      reason: e.reasonCode ? (isPromiseEvent(e.kind) ? reasonLabel(e.reasonCode) : REASON_LABELS[e.reasonCode as ReasonCode] ?? e.reasonCode) : null,
      source: e.source,
      /** promise_set / promise_changed: the range before and after. */
      promise: isPromiseEvent(e.kind) ? promiseEventRanges(e.detail) : null,
    })),
  };
}
