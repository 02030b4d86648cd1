// Assigned locations, read as cheaply as Shopify allows: only the fields the app uses, many
// fulfillment orders (or orders) per call through `nodes(ids:)`, paced to the shop's bucket by
// services/location-lookup.server.ts.

/** Line items read per fulfillment order; an order with more lines is read again on its own. */
export const FO_LINE_ITEMS_PAGE = 10;

const FULFILLMENT_ORDER_FIELDS = `
        id
        orderId
        status
        updatedAt
        assignedLocation {
          location {
            id
          }
        }
        lineItems(first: $lines) {
          nodes {
            id
            totalQuantity
            remainingQuantity
            lineItem {
              id
            }
          }
        }`;

export const FULFILLMENT_ORDER_LOCATIONS_QUERY = `#graphql
  query BackorderPilotFulfillmentOrderLocations($ids: [ID!]!, $lines: Int!) {
    nodes(ids: $ids) {
      ... on FulfillmentOrder {${FULFILLMENT_ORDER_FIELDS}
      }
    }
  }
`;

/** Orders whose routing webhook never came: their fulfillment orders, read through the order. */
export const ORDER_FULFILLMENT_LOCATIONS_QUERY = `#graphql
  query BackorderPilotOrderFulfillmentLocations($ids: [ID!]!, $lines: Int!) {
    nodes(ids: $ids) {
      ... on Order {
        id
        fulfillmentOrders(first: 5) {
          nodes {${FULFILLMENT_ORDER_FIELDS.replace(/\n {8}/g, "\n            ")}
          }
        }
      }
    }
  }
`;
