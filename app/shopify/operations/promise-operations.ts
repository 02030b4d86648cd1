// The shopper-facing promise metafields: written with metafieldsSet (at most 25 per call, all or
// nothing: one invalid entry writes none and is named by elementIndex), removed with
// metafieldsDelete, and their definitions created once per shop.

/** Shopify's limit per metafieldsSet / metafieldsDelete call. */
export const METAFIELDS_PER_CALL = 25;

export const METAFIELDS_SET_MUTATION = `#graphql
  mutation BackorderPilotSetMetafields($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
        ownerType
        namespace
        key
      }
      userErrors {
        field
        message
        code
        elementIndex
      }
    }
  }
`;

export const METAFIELDS_DELETE_MUTATION = `#graphql
  mutation BackorderPilotDeleteMetafields($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        ownerId
        namespace
        key
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const METAFIELD_DEFINITION_CREATE_MUTATION = `#graphql
  mutation BackorderPilotCreateMetafieldDefinition($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition {
        id
        namespace
        key
        ownerType
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;
