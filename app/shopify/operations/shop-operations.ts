export const SHOP_INFO_QUERY = `#graphql
  query BackorderPilotShopInfo {
    shop {
      id
      myshopifyDomain
      name
      currencyCode
      ianaTimezone
      shopAddress {
        countryCodeV2
      }
    }
  }
`;

export const LOCATIONS_QUERY = `#graphql
  query BackorderPilotLocations($first: Int!, $after: String) {
    locations(first: $first, after: $after, includeInactive: true) {
      nodes {
        id
        name
        isActive
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
