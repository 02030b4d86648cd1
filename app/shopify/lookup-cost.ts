// What an assigned-location lookup costs, per id asked for (Shopify charges `nodes(ids:)` per id),
// and how many ids fit in the next call given the bucket as last seen. Checked against the
// emulator's cost calculation by test/admin-operations-schema.test.ts.
import type { CostExtension } from "./admin-client.server";
import { FO_LINE_ITEMS_PAGE } from "./operations/fulfillment-operations";

/** FulfillmentOrder 1 + assignedLocation 1 + location 1 + lineItems (2 + page x (item 1 + lineItem 1)). */
export const FO_LOOKUP_COST = 3 + 2 + FO_LINE_ITEMS_PAGE * 2;
/** Order 1 + fulfillmentOrders (2 + 5 x a fulfillment order). */
export const ORDER_LOOKUP_COST = 1 + 2 + 5 * FO_LOOKUP_COST;
/** Shopify's single-query limit. */
export const MAX_QUERY_COST = 1000;

export function lookupBatchSize(unitCost: number, cost: CostExtension | undefined): number {
  const available = cost?.throttleStatus?.currentlyAvailable ?? MAX_QUERY_COST;
  return Math.max(1, Math.floor(Math.min(MAX_QUERY_COST, available) / unitCost));
}
