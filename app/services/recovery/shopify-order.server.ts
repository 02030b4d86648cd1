// Recovery's Admin API calls, typed: the minimal order read (lines, fulfillment orders with holds),
// Shopify's refund suggestion, and each mutation, with Shopify's userErrors returned as data (a
// refusal is an answer, not a transport failure).
import { AdminApiError, adminGraphql, type AdminCallOptions } from "../../shopify/admin-client.server";
import { decimalText } from "../../integrations/suppliers/purchase-order-totals";
import {
  FULFILLMENT_ORDER_HOLD_MUTATION,
  FULFILLMENT_ORDER_RELEASE_HOLD_MUTATION,
  INVENTORY_RECEIVE_MUTATION,
  ORDER_CANCEL_MUTATION,
  ORDER_EDIT_ADD_VARIANT_MUTATION,
  ORDER_EDIT_BEGIN_MUTATION,
  ORDER_EDIT_COMMIT_MUTATION,
  ORDER_EDIT_SET_QUANTITY_MUTATION,
  ORDER_RECOVERY_QUERY,
  RECOVERY_FULFILLMENT_ORDERS_PAGE,
  RECOVERY_LINES_PAGE,
  ORDER_SUGGESTED_REFUND_QUERY,
  REFUND_CREATE_MUTATION,
  VARIANT_POLICY_UPDATE_MUTATION,
} from "../../shopify/operations";
import type { CancelOrderStep, EditOrderStep, FulfillmentOrderSnapshot, FulfillmentOrderStatus, HoldAction, RefundStep, ReleaseAction } from "../../domain/fulfillment-holds";

export type UserError = { field?: string[] | null; message: string; code?: string | null };

const gid = (type: string, id: string | bigint) => `gid://shopify/${type}/${id}`;
const num = (g: string | null | undefined): string | null => (g ? (/\/(\d+)(\?.*)?$/.exec(g)?.[1] ?? null) : null);

export type RecoveryOrderLine = { lineItemId: string; title: string; quantity: number; unfulfilledQuantity: number; variantId: string | null };

export type RecoveryOrder = {
  orderId: string;
  name: string;
  cancelled: boolean;
  currencyCode: string;
  lines: RecoveryOrderLine[];
  fulfillmentOrders: FulfillmentOrderSnapshot[];
};

type OrderAnswer = {
  order: {
    id: string;
    name: string;
    cancelledAt: string | null;
    currencyCode: string;
    lineItems: { nodes: { id: string; title: string; currentQuantity: number; unfulfilledQuantity: number; variant: { id: string } | null }[] };
    fulfillmentOrders: {
      nodes: {
        id: string;
        status: FulfillmentOrderStatus;
        assignedLocation: { location: { id: string } | null } | null;
        fulfillmentHolds: { id: string; handle: string; heldByRequestingApp: boolean }[];
        lineItems: { nodes: { id: string; remainingQuantity: number; lineItem: { id: string } }[] };
      }[];
    };
  } | null;
};

export async function readRecoveryOrder(shop: string, orderId: bigint | string, o: AdminCallOptions = {}): Promise<RecoveryOrder | null> {
  const data = await adminGraphql<OrderAnswer>(shop, ORDER_RECOVERY_QUERY, { id: gid("Order", orderId), lines: RECOVERY_LINES_PAGE, fulfillmentOrders: RECOVERY_FULFILLMENT_ORDERS_PAGE }, o);
  const order = data.order;
  if (!order) return null;
  return {
    orderId: num(order.id)!,
    name: order.name,
    cancelled: order.cancelledAt !== null,
    currencyCode: order.currencyCode,
    lines: order.lineItems.nodes.map((l) => ({
      lineItemId: num(l.id)!,
      title: l.title,
      quantity: l.currentQuantity,
      unfulfilledQuantity: l.unfulfilledQuantity,
      variantId: num(l.variant?.id),
    })),
    fulfillmentOrders: order.fulfillmentOrders.nodes.map((fo) => ({
      id: num(fo.id)!,
      status: fo.status,
      locationId: num(fo.assignedLocation?.location?.id),
      lineItems: fo.lineItems.nodes.map((li) => ({ id: num(li.id)!, lineItemId: num(li.lineItem.id)!, remainingQuantity: li.remainingQuantity })),
      holds: fo.fulfillmentHolds.map((h) => ({ id: num(h.id)!, handle: h.handle, heldByRequestingApp: h.heldByRequestingApp })),
    })),
  };
}

// ---- holds ---------------------------------------------------------------------------------------

export async function placeHold(shop: string, a: HoldAction, o: AdminCallOptions = {}): Promise<{ errors: UserError[]; remainingFulfillmentOrderId: string | null }> {
  type R = { fulfillmentOrderHold: { remainingFulfillmentOrder: { id: string } | null; userErrors: UserError[] } };
  const r = await adminGraphql<R>(
    shop,
    FULFILLMENT_ORDER_HOLD_MUTATION,
    {
      id: gid("FulfillmentOrder", a.fulfillmentOrderId),
      fulfillmentHold: {
        reason: a.reason,
        reasonNotes: a.reasonNotes,
        handle: a.handle,
        ...(a.lineItems ? { fulfillmentOrderLineItems: a.lineItems.map((l) => ({ id: gid("FulfillmentOrderLineItem", l.id), quantity: l.quantity })) } : {}),
      },
    },
    o,
  );
  return { errors: r.fulfillmentOrderHold.userErrors, remainingFulfillmentOrderId: num(r.fulfillmentOrderHold.remainingFulfillmentOrder?.id) };
}

export async function releaseHolds(shop: string, a: ReleaseAction, o: AdminCallOptions = {}): Promise<UserError[]> {
  type R = { fulfillmentOrderReleaseHold: { userErrors: UserError[] } };
  const r = await adminGraphql<R>(shop, FULFILLMENT_ORDER_RELEASE_HOLD_MUTATION, { id: gid("FulfillmentOrder", a.fulfillmentOrderId), holdIds: a.holdIds.map((id) => gid("FulfillmentHold", id)) }, o);
  return r.fulfillmentOrderReleaseHold.userErrors;
}

// ---- order edits, refunds, cancellation ------------------------------------------------------------

/** orderEditBegin, SetQuantity (restock), AddVariant, Commit: one call each, in order. */
export async function editOrder(shop: string, step: EditOrderStep, o: AdminCallOptions = {}): Promise<UserError[]> {
  type Begin = { orderEditBegin: { calculatedOrder: { id: string } | null; userErrors: UserError[] } };
  const begin = await adminGraphql<Begin>(shop, ORDER_EDIT_BEGIN_MUTATION, { id: gid("Order", step.orderId) }, o);
  if (begin.orderEditBegin.userErrors.length || !begin.orderEditBegin.calculatedOrder) return begin.orderEditBegin.userErrors;
  const id = begin.orderEditBegin.calculatedOrder.id;
  type Change = { [k: string]: { userErrors: UserError[] } };
  const set = await adminGraphql<Change>(
    shop,
    ORDER_EDIT_SET_QUANTITY_MUTATION,
    { id, lineItemId: gid("CalculatedLineItem", step.setQuantity.lineItemId), quantity: step.setQuantity.quantity, restock: step.setQuantity.restock },
    o,
  );
  if (set.orderEditSetQuantity.userErrors.length) return set.orderEditSetQuantity.userErrors;
  const add = await adminGraphql<Change>(shop, ORDER_EDIT_ADD_VARIANT_MUTATION, { id, variantId: gid("ProductVariant", step.addVariant.variantId), quantity: step.addVariant.quantity }, o);
  if (add.orderEditAddVariant.userErrors.length) return add.orderEditAddVariant.userErrors;
  const commit = await adminGraphql<Change>(shop, ORDER_EDIT_COMMIT_MUTATION, { id, notifyCustomer: step.notifyCustomer, staffNote: step.staffNote }, o);
  return commit.orderEditCommit.userErrors;
}

/** refundCreate's input, exactly as sent: a retry sends the same one under the same idempotency key. */
export type RefundRequest = {
  orderId: string;
  note: string;
  notify: boolean;
  refundLineItems: { lineItemId: string; quantity: number; restockType: string }[];
  transactions?: { orderId: string; parentId: string; kind: "REFUND"; gateway: string; amount: string }[];
};

/**
 * A refund as prepared: the input to send, and the money it gives back (null: none, e.g. unpaid).
 * `madeEarlier`: the key's refund had been made before with another input (see sendRefund), its money unknown here.
 */
export type PreparedRefund = { input: RefundRequest; money: { amount: string; currencyCode: string } | null; madeEarlier?: true };

type SuggestedRefundAnswer = {
  order: {
    suggestedRefund: {
      amountSet: { shopMoney: { amount: string; currencyCode: string } };
      suggestedTransactions: { kind: string; gateway: string | null; amountSet: { shopMoney: { amount: string } }; parentTransaction: { id: string } | null }[];
    } | null;
  } | null;
};

/**
 * The refund of a step's units as Shopify reckons it (Order.suggestedRefund): the units' price after
 * discounts plus their share of the line's taxes, split over the payments that can take it back. An
 * order with nothing refundable left (unpaid, already refunded) gets a refund of the lines alone.
 */
export async function prepareRefund(shop: string, step: RefundStep, o: AdminCallOptions = {}): Promise<PreparedRefund> {
  const orderId = gid("Order", step.orderId);
  const refundLineItems = step.lineItems.map((l) => ({ lineItemId: gid("LineItem", l.lineItemId), quantity: l.quantity, restockType: l.restockType }));
  const data = await adminGraphql<SuggestedRefundAnswer>(shop, ORDER_SUGGESTED_REFUND_QUERY, { id: orderId, refundLineItems }, o);
  const transactions = (data.order?.suggestedRefund?.suggestedTransactions ?? [])
    .filter((t) => t.parentTransaction && Number(t.amountSet.shopMoney.amount) > 0)
    .map((t) => ({ orderId, parentId: t.parentTransaction!.id, kind: "REFUND" as const, gateway: t.gateway ?? "manual", amount: t.amountSet.shopMoney.amount }));
  const input = { orderId, note: step.note, notify: step.notify, refundLineItems, ...(transactions.length ? { transactions } : {}) };
  const currencyCode = data.order?.suggestedRefund?.amountSet.shopMoney.currencyCode;
  return { input, money: transactions.length && currencyCode ? { amount: sumDecimals(transactions.map((t) => t.amount)), currencyCode } : null };
}

/** Decimal amounts added without float drift ("43.55" + "0.10" = "43.65"), at the most decimals given. */
export function sumDecimals(amounts: string[]): string {
  const digits = Math.max(0, ...amounts.map((a) => a.split(".")[1]?.length ?? 0));
  return decimalText(amounts.reduce((n, a) => n + Math.round(Number(a) * 10 ** digits), 0), digits, digits);
}

/**
 * refundCreate with Shopify's idempotency key: sent again with the same key and input, it refunds
 * once. Shopify refuses a used key with other parameters only once a request under it went through,
 * so that refusal means the refund was made (a retry of a step journaled before its input was kept,
 * by an earlier version of the app): done, nothing sent twice.
 */
export async function sendRefund(shop: string, input: RefundRequest, idempotencyKey: string, o: AdminCallOptions = {}): Promise<{ errors: UserError[]; madeEarlier: boolean }> {
  type R = { refundCreate: { refund: { id: string } | null; userErrors: UserError[] } };
  try {
    const r = await adminGraphql<R>(shop, REFUND_CREATE_MUTATION, { input, idempotencyKey }, o);
    return { errors: r.refundCreate.userErrors, madeEarlier: false };
  } catch (error) {
    if (error instanceof AdminApiError && error.code === "IDEMPOTENCY_KEY_PARAMETER_MISMATCH") {
      console.warn(`[recovery] ${shop}: refund ${idempotencyKey} was made earlier with other parameters; counted as done`);
      return { errors: [], madeEarlier: true };
    }
    throw error;
  }
}

export async function cancelOrder(shop: string, step: CancelOrderStep, o: AdminCallOptions = {}): Promise<UserError[]> {
  type R = { orderCancel: { orderCancelUserErrors: UserError[] } };
  const r = await adminGraphql<R>(
    shop,
    ORDER_CANCEL_MUTATION,
    {
      orderId: gid("Order", step.orderId),
      reason: step.reason,
      restock: step.restock,
      refundMethod: { originalPaymentMethodsRefund: step.refundToOriginalPayment },
      notifyCustomer: step.notifyCustomer,
      staffNote: step.staffNote,
    },
    o,
  );
  return r.orderCancel.orderCancelUserErrors;
}

// ---- caps and restocks -----------------------------------------------------------------------------

export async function setVariantPolicy(shop: string, productId: bigint, variantId: bigint, policy: "DENY" | "CONTINUE", o: AdminCallOptions = {}): Promise<UserError[]> {
  type R = { productVariantsBulkUpdate: { userErrors: UserError[] } };
  const r = await adminGraphql<R>(shop, VARIANT_POLICY_UPDATE_MUTATION, { productId: gid("Product", productId), variants: [{ id: gid("ProductVariant", variantId), inventoryPolicy: policy }] }, o);
  return r.productVariantsBulkUpdate.userErrors;
}

export async function receiveInventory(
  shop: string,
  r: { inventoryItemId: bigint; locationId: bigint; delta: number; referenceDocumentUri: string; idempotencyKey: string },
  o: AdminCallOptions = {},
): Promise<UserError[]> {
  type R = { inventoryAdjustQuantities: { inventoryAdjustmentGroup: { id: string } | null; userErrors: UserError[] } };
  const out = await adminGraphql<R>(
    shop,
    INVENTORY_RECEIVE_MUTATION,
    {
      input: {
        name: "available",
        reason: "received",
        referenceDocumentUri: r.referenceDocumentUri,
        changes: [{ inventoryItemId: gid("InventoryItem", r.inventoryItemId), locationId: gid("Location", r.locationId), delta: r.delta, changeFromQuantity: null }],
      },
      idempotencyKey: r.idempotencyKey,
    },
    o,
  );
  return out.inventoryAdjustQuantities.userErrors;
}
