// Open, unfulfilled orders at install time, with their lines: OPEN_ORDERS_PAGE_SIZE per page keeps
// the calculated cost under 1,000 (orders with more than 20 lines are read partially: noted).
export const OPEN_ORDERS_PAGE_SIZE = 4;
export const OPEN_ORDERS_QUERY = `#graphql
  query BackorderPilotOpenOrders($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT) {
      nodes {
        id
        name
        createdAt
        updatedAt
        cancelledAt
        closedAt
        test
        sourceName
        email
        customer {
          id
          displayName
        }
        lineItems(first: 20) {
          nodes {
            id
            sku
            name
            quantity
            currentQuantity
            unfulfilledQuantity
            variant {
              id
              inventoryItem {
                id
              }
            }
          }
        }
        fulfillmentOrders(first: 3) {
          nodes {
            assignedLocation {
              location {
                id
              }
            }
            lineItems(first: 20) {
              nodes {
                remainingQuantity
                lineItem {
                  id
                }
              }
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

// Orders changed since the reconciliation watermark, with what processing needs (a missed
// orders/create or orders/updated is found and applied through the same code as a webhook).
export const RECONCILE_ORDERS_PAGE_SIZE = 10;
export const ORDERS_UPDATED_SINCE_QUERY = `#graphql
  query BackorderPilotOrdersUpdatedSince($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        id
        name
        createdAt
        updatedAt
        cancelledAt
        closedAt
        test
        sourceName
        email
        customer {
          id
          displayName
        }
        currentTotalPriceSet {
          shopMoney {
            amount
          }
        }
        retailLocation {
          id
        }
        lineItems(first: 20) {
          nodes {
            id
            sku
            name
            quantity
            currentQuantity
            unfulfilledQuantity
            variant {
              id
            }
            originalUnitPriceSet {
              shopMoney {
                amount
              }
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
