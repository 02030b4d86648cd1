// Outbox keys of recovery's state rows: one hold sync per order, one policy per variant.
import type { NewAction } from "../../models/recovery/actions.server";

export const holdSyncKey = (orderId: bigint) => `holds:${orderId}`;
export const policyKey = (variantId: bigint) => `policy:${variantId}`;

/** The order's holds brought in line with its backorders (read fresh from Shopify when performed). */
export function holdSyncAction(orderId: bigint): NewAction {
  return { kind: "sync_holds", key: holdSyncKey(orderId), orderId, payload: { orderId: orderId.toString() } };
}
