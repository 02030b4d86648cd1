// Variant -> inventory item -> SKU mapping with available quantities per location, paginated.
// Used by the initial sync after install and the periodic reconciliation. Page size keeps the
// calculated cost under Shopify's 1,000-point single-query limit (see the schema test):
// INVENTORY_PAGE_SIZE variants x up to 10 locations each.
export const INVENTORY_PAGE_SIZE = 25;
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
          inventoryLevels(first: 10) {
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
