import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseProductPayload } from "./product-payload";

const SAMPLES = path.resolve(__dirname, "../../../shared/shopify/webhook-samples");
const sample = (file: string) => JSON.parse(fs.readFileSync(path.join(SAMPLES, file), "utf8"));

describe("parseProductPayload", () => {
  it("maps every variant of a captured multi-variant product to its inventory item", () => {
    const body = sample("products-update--multi-variant.json");
    const r = parseProductPayload(body);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.variants).toHaveLength(body.variants.length);
    expect(r.value.variants.map((v) => v.inventoryItemId)).toEqual(body.variants.map((v: { inventory_item_id: number }) => BigInt(v.inventory_item_id)));
    expect(r.value.skippedVariants).toBe(0);
  });

  it("reads a 2024-11 variant without inventory_management", () => {
    const r = parseProductPayload(sample("products-update--draft-with-category.json"));
    expect(r.ok && r.value.variants.length).toBe(1);
  });

  it("reads the inventory policy and skips variants without an inventory item", () => {
    const r = parseProductPayload({
      id: "7",
      title: "Lamp",
      variants: [
        { id: 1, title: "Default Title", sku: "L-1", inventory_item_id: 11, inventory_policy: "continue" },
        { id: 2, title: "Blue", sku: "", inventory_item_id: null },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.variants).toEqual([{ variantId: 1n, inventoryItemId: 11n, sku: "L-1", title: "Lamp", inventoryPolicy: "CONTINUE" }]);
    expect(r.value.skippedVariants).toBe(1);
  });
});
