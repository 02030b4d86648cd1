import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseInventoryLevelPayload } from "./inventory-level-payload";

const SAMPLES = path.resolve(__dirname, "../../../shared/shopify/webhook-samples");
const sample = (file: string) => JSON.parse(fs.readFileSync(path.join(SAMPLES, file), "utf8"));

describe("parseInventoryLevelPayload", () => {
  it("reads the captured sample (admin_graphql_api_id with a query string is not needed)", () => {
    const r = parseInventoryLevelPayload(sample("inventory-levels-update--basic.json"));
    expect(r.ok && r.value.available).toBe(0);
  });

  it("keeps available null (item no longer stocked there) and rejects a missing location", () => {
    const r = parseInventoryLevelPayload({ inventory_item_id: 1, location_id: 2, available: null, updated_at: "2026-01-01T00:00:00Z" });
    expect(r.ok && r.value.available).toBeNull();
    expect(parseInventoryLevelPayload({ inventory_item_id: 1, available: 3 }).ok).toBe(false);
  });
});
