import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseOrderPayload, type ParsedOrder } from "./order-payload";
import { describeIssues } from "./payload-fields";

const SAMPLES = path.resolve(__dirname, "../../../shared/shopify/webhook-samples");
const sample = (file: string) => JSON.parse(fs.readFileSync(path.join(SAMPLES, file), "utf8"));

function parsed(body: unknown): ParsedOrder {
  const r = parseOrderPayload(body);
  if (!r.ok) throw new Error(describeIssues(r.error));
  return r.value;
}

const minimal = (line: Record<string, unknown> = {}, order: Record<string, unknown> = {}) => ({
  id: 1,
  created_at: "2026-01-01T10:00:00+01:00",
  line_items: [{ id: 10, variant_id: 20, quantity: 3, ...line }],
  ...order,
});

describe("parseOrderPayload on captured samples", () => {
  it("keeps a numeric app id as the channel and leaves the custom line untracked", () => {
    const o = parsed(sample("orders-create--custom-line-item-app-source.json"));
    expect(o.channel).toBe("6665737");
    expect(o.email).toBeNull(); // "" in the payload
    expect(o.locationId).toBe(68291985637n);
    expect(o.lines).toEqual([expect.objectContaining({ variantId: null, sku: null, openQuantity: 11, untrackedReason: "custom line item (no variant)" })]);
  });

  it("reads a POS order without a customer, already fulfilled at the till", () => {
    const o = parsed(sample("orders-create--pos.json"));
    expect(o).toMatchObject({ channel: "pos", customerId: null, customerName: null, locationId: 17277419569n });
    expect(o.lines.map((l) => [l.quantity, l.openQuantity])).toEqual([[2, 0], [1, 0]]);
  });

  it("marks gift card lines untracked", () => {
    for (const file of ["orders-create--gift-card-line.json", "orders-create--draft-order.json"]) {
      const giftCards = parsed(sample(file)).lines.filter((l) => l.untrackedReason === "gift card");
      expect(giftCards.length, file).toBeGreaterThan(0);
    }
  });

  it("closes every line of a cancelled, refunded order while keeping the ordered quantity", () => {
    const o = parsed(sample("orders-cancelled--customer-refunded.json"));
    expect(o.cancelledAt).toEqual(new Date("2024-01-12T09:36:00Z"));
    expect(o.lines.map((l) => [l.quantity, l.openQuantity])).toEqual([[2, 0], [2, 0]]);
    expect(o.lines[1].sku).toBeNull(); // "" in the payload
  });

  it("reads timestamps with the shop's UTC offset", () => {
    const o = parsed(sample("orders-updated--web-test-order.json"));
    expect(o.updatedAt).toEqual(new Date("2023-12-08T11:48:54Z"));
    expect(o.test).toBe(true);
  });
});

describe("parseOrderPayload open quantity", () => {
  it("prefers the smaller of current_quantity and fulfillable_quantity", () => {
    expect(parsed(minimal({ current_quantity: 2, fulfillable_quantity: 1 })).lines[0].openQuantity).toBe(1);
    expect(parsed(minimal({ current_quantity: 1, fulfillable_quantity: 3 })).lines[0].openQuantity).toBe(1);
  });

  it("subtracts refunded units when the payload has no current_quantity", () => {
    const body = minimal({}, { refunds: [{ refund_line_items: [{ line_item_id: "10", quantity: 2, subtotal: 12.5 }] }] });
    expect(parsed(body).lines[0].openQuantity).toBe(1);
  });

  it("accepts numbers sent as strings and empty strings for null", () => {
    const o = parsed({ ...minimal({ id: "10", variant_id: "20", quantity: "3", sku: "" }), id: "1", location_id: "", source_name: 42 });
    expect(o.lines[0]).toMatchObject({ id: 10n, variantId: 20n, quantity: 3, sku: null });
    expect(o.locationId).toBeNull();
    expect(o.channel).toBe("42");
  });

  it("names the order after order_number when name is missing", () => {
    expect(parsed(minimal({}, { order_number: 1042 })).name).toBe("#1042");
    expect(parsed(minimal()).name).toBe("#1");
  });
});

describe("parseOrderPayload rejects malformed bodies with a path", () => {
  it.each([
    ["an id beyond bigint", minimal({}, { id: "99999999999999999999" }), /^id: /],
    ["an id that lost precision as a JSON number", minimal({}, { id: 2 ** 60 }), /^id: /],
    ["a quantity beyond integer", minimal({ quantity: 3_000_000_000 }), /^line_items\[0\]\.quantity: /],
    ["a negative id", minimal({ id: -5 }), /^line_items\[0\]\.id: /],
    ["no line_items", { id: 1, created_at: "2026-01-01T00:00:00Z" }, /^line_items: Required/],
  ])("%s", (_name, body, message) => {
    const r = parseOrderPayload(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(describeIssues(r.error)).toMatch(message);
  });
});
