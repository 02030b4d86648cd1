// The contract between the app and the shopper-facing extensions: what the app writes into
// app-owned metafields and how the extensions read it. The single definition of keys and shapes.
// Dependency-free on purpose: the checkout and customer-account extensions bundle this file and
// must stay small (zod alone would double them); `metafield-schema.ts` wraps these readers in zod
// for server code.
import { isLocalDate, type LocalDate } from "../calendar/local-date";
import type { PromiseWindow } from "./compute-promise";

/** App-owned namespace; extensions and Liquid address it as "$app". */
export const METAFIELD_NAMESPACE = "$app";
export const METAFIELD_TYPE = "json";
export const CONTRACT_VERSION = 1;

/**
 * On a ProductVariant: the window a new order of it would be promised now.
 * Absent (deleted) whenever the variant is not backordered.
 */
export const VARIANT_WINDOW_KEY = "backorder_window";
/** On an Order: the promise of each of its backordered lines, keyed by ProductVariant gid. */
export const ORDER_PROMISES_KEY = "line_promises";

export type VariantWindowValue = { v: typeof CONTRACT_VERSION; earliest: LocalDate; latest: LocalDate };

export type LinePromiseStatus = "backordered" | "shipped";
export type LinePromise = {
  earliest: LocalDate;
  latest: LocalDate;
  status: LinePromiseStatus;
  /** Units of the line still waiting (absent: the whole line). */
  quantity?: number;
};
export type OrderPromisesValue = { v: typeof CONTRACT_VERSION; lines: Record<string, LinePromise> };

/** What `metafieldsSet` takes for one metafield. */
export type MetafieldsSetInput = { ownerId: string; namespace: string; key: string; type: string; value: string };

const VARIANT_GID = /^gid:\/\/shopify\/ProductVariant\/\d+$/;
const ORDER_GID = /^gid:\/\/shopify\/Order\/\d+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Metafield values arrive as JSON text (extensions) or already parsed (Admin API `jsonValue`). */
function parsed(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function readWindow(value: Record<string, unknown>): PromiseWindow | null {
  const { earliest, latest } = value;
  return isLocalDate(earliest) && isLocalDate(latest) && earliest <= latest ? { earliest, latest } : null;
}

function readLine(value: unknown): LinePromise | null {
  if (!isRecord(value)) return null;
  const window = readWindow(value);
  const { status, quantity } = value;
  if (!window || (status !== "backordered" && status !== "shipped")) return null;
  if (quantity === undefined) return { ...window, status };
  return typeof quantity === "number" && Number.isInteger(quantity) && quantity > 0 ? { ...window, status, quantity } : null;
}

/** The variant's current backorder window, or null when absent or not of this contract. */
export function readVariantWindow(raw: unknown): PromiseWindow | null {
  const value = parsed(raw);
  return isRecord(value) && value.v === CONTRACT_VERSION ? readWindow(value) : null;
}

/** The unread `lines` of an order's promises, or null when the value is not of this contract. */
function linesOf(raw: unknown): Record<string, unknown> | null {
  const value = parsed(raw);
  return isRecord(value) && value.v === CONTRACT_VERSION && isRecord(value.lines) ? value.lines : null;
}

/** Every well-formed line of an order's promises (malformed lines are left out), or null. */
export function readOrderPromises(raw: unknown): Record<string, LinePromise> | null {
  const lines = linesOf(raw);
  if (!lines) return null;
  // fromEntries defines own properties: a "__proto__" key cannot reach the prototype.
  return Object.fromEntries(
    Object.entries(lines).flatMap(([variantId, line]) => {
      const read = readLine(line);
      return read ? [[variantId, read] as const] : [];
    })
  );
}

/** One line's promise from an order's promises, or null. */
export function readLinePromise(raw: unknown, variantId: string): LinePromise | null {
  const lines = linesOf(raw);
  return lines && Object.prototype.hasOwnProperty.call(lines, variantId) ? readLine(lines[variantId]) : null;
}

function requireGid(id: string, shape: RegExp, what: string) {
  if (!shape.test(id)) throw new TypeError(`Expected a ${what} gid, got ${JSON.stringify(id)}`);
}

function requireWindow(window: PromiseWindow, what: string): PromiseWindow {
  const checked = readWindow(window);
  if (!checked) throw new RangeError(`${what}: not a window of calendar days, earliest <= latest: ${JSON.stringify(window)}`);
  return checked;
}

/** The metafield that shows a variant's backorder window (delete it once the variant is in stock). */
export function variantWindowMetafield(variantId: string, window: PromiseWindow): MetafieldsSetInput {
  requireGid(variantId, VARIANT_GID, "ProductVariant");
  const { earliest, latest } = requireWindow(window, variantId);
  const value: VariantWindowValue = { v: CONTRACT_VERSION, earliest, latest };
  return {
    ownerId: variantId,
    namespace: METAFIELD_NAMESPACE,
    key: VARIANT_WINDOW_KEY,
    type: METAFIELD_TYPE,
    value: JSON.stringify(value),
  };
}

export type OrderLinePromise = LinePromise & { variantId: string };

/**
 * Two lines of one variant (e.g. with different line properties) share an entry, because the
 * extensions cannot tell them apart: the wider window, "backordered" while either waits, no unit count.
 */
function merge(a: LinePromise, b: LinePromise): LinePromise {
  return {
    earliest: a.earliest < b.earliest ? a.earliest : b.earliest,
    latest: a.latest > b.latest ? a.latest : b.latest,
    status: a.status === "backordered" || b.status === "backordered" ? "backordered" : "shipped",
  };
}

/**
 * The metafield holding an order's per-line promises. Keyed by variant gid because that is what
 * the thank-you and order-status targets expose for a line (their CartLine ids are not stable).
 */
export function orderPromisesMetafield(orderId: string, lines: readonly OrderLinePromise[]): MetafieldsSetInput {
  requireGid(orderId, ORDER_GID, "Order");
  const byVariant: Record<string, LinePromise> = {};
  for (const { variantId, ...promise } of lines) {
    requireGid(variantId, VARIANT_GID, "ProductVariant");
    const line = readLine(promise);
    if (!line) throw new RangeError(`${variantId}: not a line promise: ${JSON.stringify(promise)}`);
    byVariant[variantId] = byVariant[variantId] ? merge(byVariant[variantId], line) : line;
  }
  const value: OrderPromisesValue = { v: CONTRACT_VERSION, lines: byVariant };
  return { ownerId: orderId, namespace: METAFIELD_NAMESPACE, key: ORDER_PROMISES_KEY, type: METAFIELD_TYPE, value: JSON.stringify(value) };
}
