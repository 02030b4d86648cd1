import { describe, expect, it } from "vitest";
import { normalizeTopic } from "./topics";

describe("normalizeTopic", () => {
  it.each([
    ["ORDERS_CREATE", "orders/create"],
    ["INVENTORY_LEVELS_UPDATE", "inventory_levels/update"],
    ["APP_SCOPES_UPDATE", "app/scopes_update"],
    ["CUSTOMERS_DATA_REQUEST", "customers/data_request"],
    ["orders/cancelled", "orders/cancelled"],
  ])("%s -> %s", (given, expected) => expect(normalizeTopic(given)).toBe(expected));
});
