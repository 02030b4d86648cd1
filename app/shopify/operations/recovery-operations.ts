// Recovery (issue 9): what the app does to a waiting order in Shopify — fulfillment holds (and the
// partial holds that split a fulfillment order), order edits for substitutes, refunds for a
// cancelled line, cancelling the whole order — and the variant inventory policy the oversell caps
// flip, and a received restock. Every mutation is performed from the recovery outbox
// (services/recovery/actions.server.ts); refunds and inventory adjustments carry Shopify's
// idempotency key so a retried job never repeats them.

/** Line items and fulfillment orders read per order (a larger order is handled by staff). */
export const RECOVERY_LINES_PAGE = 25;
export const RECOVERY_FULFILLMENT_ORDERS_PAGE = 5;

/**
 * One order as recovery needs it: its lines (current and unfulfilled quantity, price after
 * discounts, variant), its sale transaction (a refund's parent), and its fulfillment orders with
 * their holds and line items — the minimal read before planning holds or a customer's choice.
 */
export const ORDER_RECOVERY_QUERY = `#graphql
  query BackorderPilotOrderRecovery($id: ID!, $lines: Int!, $fulfillmentOrders: Int!) {
    order(id: $id) {
      id
      name
      cancelledAt
      currencyCode
      lineItems(first: $lines) {
        nodes {
          id
          title
          currentQuantity
          unfulfilledQuantity
          variant {
            id
          }
        }
      }
      fulfillmentOrders(first: $fulfillmentOrders) {
        nodes {
          id
          status
          assignedLocation {
            location {
              id
            }
          }
          fulfillmentHolds {
            id
            handle
            heldByRequestingApp
          }
          lineItems(first: $lines) {
            nodes {
              id
              remainingQuantity
              lineItem {
                id
              }
            }
          }
        }
      }
    }
  }
`;

export const FULFILLMENT_ORDER_HOLD_MUTATION = `#graphql
  mutation BackorderPilotHoldFulfillmentOrder($id: ID!, $fulfillmentHold: FulfillmentOrderHoldInput!) {
    fulfillmentOrderHold(id: $id, fulfillmentHold: $fulfillmentHold) {
      fulfillmentHold {
        id
        handle
      }
      fulfillmentOrder {
        id
        status
      }
      remainingFulfillmentOrder {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const FULFILLMENT_ORDER_RELEASE_HOLD_MUTATION = `#graphql
  mutation BackorderPilotReleaseFulfillmentHolds($id: ID!, $holdIds: [ID!]) {
    fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
      fulfillmentOrder {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const ORDER_EDIT_BEGIN_MUTATION = `#graphql
  mutation BackorderPilotBeginOrderEdit($id: ID!) {
    orderEditBegin(id: $id) {
      calculatedOrder {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const ORDER_EDIT_SET_QUANTITY_MUTATION = `#graphql
  mutation BackorderPilotSetEditQuantity($id: ID!, $lineItemId: ID!, $quantity: Int!, $restock: Boolean) {
    orderEditSetQuantity(id: $id, lineItemId: $lineItemId, quantity: $quantity, restock: $restock) {
      calculatedLineItem {
        id
        quantity
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const ORDER_EDIT_ADD_VARIANT_MUTATION = `#graphql
  mutation BackorderPilotAddEditVariant($id: ID!, $variantId: ID!, $quantity: Int!) {
    orderEditAddVariant(id: $id, variantId: $variantId, quantity: $quantity) {
      calculatedLineItem {
        id
        quantity
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const ORDER_EDIT_COMMIT_MUTATION = `#graphql
  mutation BackorderPilotCommitOrderEdit($id: ID!, $notifyCustomer: Boolean, $staffNote: String) {
    orderEditCommit(id: $id, notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
      order {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/**
 * Shopify's own reckoning of a refund of these units: their price after discounts plus their share of
 * the line's taxes, as transactions against the payments that can take it back. The app never
 * computes refund money itself.
 */
export const ORDER_SUGGESTED_REFUND_QUERY = `#graphql
  query BackorderPilotSuggestedRefund($id: ID!, $refundLineItems: [RefundLineItemInput!]!) {
    order(id: $id) {
      id
      suggestedRefund(refundLineItems: $refundLineItems) {
        amountSet {
          shopMoney {
            amount
            currencyCode
          }
        }
        totalTaxSet {
          shopMoney {
            amount
          }
        }
        suggestedTransactions {
          kind
          gateway
          amountSet {
            shopMoney {
              amount
            }
          }
          parentTransaction {
            id
          }
        }
      }
    }
  }
`;

/** refundCreate supports Shopify's idempotency key (2026-01): a retry with the same key refunds once. */
export const REFUND_CREATE_MUTATION = `#graphql
  mutation BackorderPilotRefundLines($input: RefundInput!, $idempotencyKey: String!) {
    refundCreate(input: $input) @idempotent(key: $idempotencyKey) {
      refund {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const ORDER_CANCEL_MUTATION = `#graphql
  mutation BackorderPilotCancelOrder($orderId: ID!, $reason: OrderCancelReason!, $restock: Boolean!, $refundMethod: OrderCancelRefundMethodInput, $notifyCustomer: Boolean, $staffNote: String) {
    orderCancel(orderId: $orderId, reason: $reason, restock: $restock, refundMethod: $refundMethod, notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
      job {
        id
        done
      }
      orderCancelUserErrors {
        field
        message
        code
      }
    }
  }
`;

/** The oversell caps: a variant's inventory policy (DENY stops selling at zero, CONTINUE sells below it). */
export const VARIANT_POLICY_UPDATE_MUTATION = `#graphql
  mutation BackorderPilotSetInventoryPolicy($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants) {
      productVariants {
        id
        inventoryPolicy
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** A received restock, committed from the allocation preview (reason `received`, idempotency key). */
export const INVENTORY_RECEIVE_MUTATION = `#graphql
  mutation BackorderPilotReceiveInventory($input: InventoryAdjustQuantitiesInput!, $idempotencyKey: String!) {
    inventoryAdjustQuantities(input: $input) @idempotent(key: $idempotencyKey) {
      inventoryAdjustmentGroup {
        id
        reason
        referenceDocumentUri
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;
