// Every property of the emulator's GraphQL views is a real field of its schema type (a misspelt
// property would be dead code while the real field silently fails as unimplemented), and values of
// object-typed fields are checked the same way, recursively.
import { describe, expect, it } from "vitest";
import { getNamedType, isInterfaceType, isObjectType, type GraphQLObjectType } from "graphql";
import { adminSchema } from "../../app/emulator";
import { makeViews } from "../../app/emulator/graphql-views";
import { addEditVariant, beginOrderEdit, holdFulfillmentOrder } from "../../app/emulator/shop-activity";
import { createFixture, SHOP } from "./emulator-fixture";

function unknownProperties(typeName: string, view: unknown, path = typeName): string[] {
  if (view === null || typeof view !== "object") return [];
  if (Array.isArray(view)) return view.flatMap((v, i) => unknownProperties(typeName, v, `${path}[${i}]`));
  const declared = (view as { __typename?: string }).__typename ?? typeName;
  const type = adminSchema().getType(declared);
  if (!isObjectType(type)) return [`${path}: ${declared} is not an object type`];
  const fields = (type as GraphQLObjectType).getFields();
  const problems: string[] = [];
  for (const [key, value] of Object.entries(view)) {
    if (key === "__typename") continue;
    const field = fields[key];
    if (!field) {
      problems.push(`${path}.${key}: not a field of ${declared}`);
      continue;
    }
    const named = getNamedType(field.type);
    if ((isObjectType(named) || isInterfaceType(named)) && typeof value !== "function") problems.push(...unknownProperties(named.name, value, `${path}.${key}`));
  }
  return problems;
}

describe("emulator GraphQL views", () => {
  it("only have properties that are fields of their schema types", () => {
    const f = createFixture();
    const shop = f.emulator.shop(SHOP);
    const order = f.emulator.placeOrder(SHOP, { channel: "pos", location: "Outlet", customer: { email: "a@example.com" }, lines: [{ sku: "DESK-L", quantity: 1 }] });
    holdFulfillmentOrder(shop, order.fulfillmentOrders[0], order, { reason: "OTHER" }, f.clock.now());
    shop.metafields.push({ id: shop.id(), ownerId: `gid://shopify/Order/${order.id}`, namespace: "custom", key: "k", type: "single_line_text_field", value: "v", createdAt: f.clock.now(), updatedAt: f.clock.now() });
    const refund = f.emulator.refundOrder(SHOP, order.id, { lines: [{ lineItemId: order.lineItems[0].id, quantity: 1, restockType: "CANCEL" }] });
    const edit = beginOrderEdit(shop, order, f.clock.now());
    const added = addEditVariant(shop, edit, shop.variantBySku("LAMP-1")!.id, null, 1, false) as { id: number };
    const views = makeViews({ shop, appNamespace: f.emulator.appNamespace, searches: [], appId: f.emulator.appId });
    const variant = shop.variantBySku("DESK-L")!;
    const item = shop.items.get(variant.inventoryItemId)!;
    const all: [string, unknown][] = [
      ["Shop", views.shopView],
      ["Location", views.locationView(f.locations.main)],
      ["Product", views.productView(variant.productId)],
      ["ProductVariant", views.variantView(variant)],
      ["InventoryItem", views.itemView(item)],
      ["InventoryLevel", views.levelView(item, f.locations.main)],
      ["Order", views.orderView(order)],
      ["Customer", views.customerView(order.customerId)],
      ["Metafield", views.metafieldView(shop.metafields[0])],
      ["FulfillmentOrder", views.fulfillmentOrderView(order.fulfillmentOrders[0], order)],
      ["Refund", views.refundView(refund, order)],
      ["CalculatedOrder", views.calculatedOrderView(edit)],
      ["CalculatedLineItem", views.calculatedLineView(edit, added.id)],
      ["CalculatedLineItem", views.calculatedLineView(edit, order.lineItems[0].id)],
      ["OrderEditSession", views.orderEditSessionView(edit)],
    ];
    for (const [type, view] of all) expect(view, type).not.toBeNull();
    expect(all.flatMap(([type, view]) => unknownProperties(type, view))).toEqual([]);
  });

  it("the check itself reports a property that is not a field, also in nested objects", () => {
    expect(unknownProperties("Shop", { name: "x", nmae: "y", plan: { displayName: "Basic", tier: 1 } })).toEqual(["Shop.nmae: not a field of Shop", "Shop.plan.tier: not a field of ShopPlan"]);
  });
});
