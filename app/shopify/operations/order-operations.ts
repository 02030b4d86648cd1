// Where each line of an order is assigned: the fulfillment orders' assigned location.
// Webhook payloads of online orders carry no location; this is the authoritative answer.
export const ORDER_ASSIGNMENTS_QUERY = `#graphql
  query BackorderPilotOrderAssignments($id: ID!) {
    order(id: $id) {
      id
      fulfillmentOrders(first: 5) {
        nodes {
          id
          status
          assignedLocation {
            location {
              id
            }
          }
          lineItems(first: 50) {
            nodes {
              id
              remainingQuantity
              totalQuantity
              inventoryItemId
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
