// Variant -> inventory item -> SKU mapping with available quantities per location, paginated.
// Used by the initial sync after install and the periodic reconciliation.
export const INVENTORY_SNAPSHOT_QUERY = `#graphql
  query BackorderPilotInventorySnapshot($first: Int!, $after: String) {
    productVariants(first: $first, after: $after) {
      nodes {
        id
        sku
        title
        displayName
        inventoryPolicy
        product {
          id
        }
        inventoryItem {
          id
          tracked
          inventoryLevels(first: 50) {
            nodes {
              id
              updatedAt
              location {
                id
              }
              quantities(names: ["available"]) {
                name
                quantity
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
