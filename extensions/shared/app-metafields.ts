// Finds the app's backorder metafields among the entries an extension target receives. Only
// reads and matches: the shapes and their validation live in the app's metafield contract.
import {
  METAFIELD_NAMESPACE,
  ORDER_PROMISES_KEY,
  VARIANT_WINDOW_KEY,
  readLinePromise,
  readVariantWindow,
  type LinePromise,
} from "../../app/domain/promises/metafield-contract";
import type { PromiseWindow } from "../../app/domain/promises/compute-promise";

/** What checkout and customer-account targets both hand out as `appMetafields` entries. */
export type AppMetafieldEntryLike = {
  target: { type: string; id: string };
  metafield: { namespace: string; key: string; value: unknown };
};

const isOurs = (entry: AppMetafieldEntryLike, key: string) =>
  entry.metafield.namespace === METAFIELD_NAMESPACE && entry.metafield.key === key;

/** The backorder window of the variant `variantId`, or null when it is not backordered. */
export function variantWindow(entries: readonly AppMetafieldEntryLike[], variantId: string): PromiseWindow | null {
  const entry = entries.find((e) => isOurs(e, VARIANT_WINDOW_KEY) && e.target.type === "variant" && e.target.id === variantId);
  return entry ? readVariantWindow(entry.metafield.value) : null;
}

/**
 * The order's promise for the line of `variantId` while it waits, else null. Matched by key
 * alone: only orders carry it, and the 2026-01 type definitions have no "order" owner type to
 * compare with although order-status pages deliver order metafields.
 */
export function waitingLinePromise(entries: readonly AppMetafieldEntryLike[], variantId: string): LinePromise | null {
  const entry = entries.find((e) => isOurs(e, ORDER_PROMISES_KEY));
  const promise = entry ? readLinePromise(entry.metafield.value, variantId) : null;
  return promise?.status === "backordered" ? promise : null;
}
