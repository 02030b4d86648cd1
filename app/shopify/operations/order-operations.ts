// Where each line of an order is assigned: the fulfillment orders' assigned location.
// Webhook payloads of online orders carry no location; this is the authoritative answer.
export const ORDER_ASSIGNMENTS_QUERY = `#graphql
  query BackorderPilotOrderAssignments($id: ID!) {
    order(id: $id) {
      id
      fulfillmentOrders(first: 20) {
        nodes {
          id
          status
          assignedLocation {
            location {
              id
            }
          }
          lineItems(first: 100) {
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

// Open, unfulfilled orders at install time (and for reconciliation), with their lines.
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
        lineItems(first: 100) {
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
        fulfillmentOrders(first: 20) {
          nodes {
            assignedLocation {
              location {
                id
              }
            }
            lineItems(first: 100) {
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
