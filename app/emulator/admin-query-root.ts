// QueryRoot fields the emulator serves. Anything else on QueryRoot is absent, so the strict
// resolver fails it with an error instead of returning made-up data.
import { gid, parseGid } from "./emulated-shop";
import { makeViews, type ViewContext } from "./graphql-views";
import { makeLists } from "./admin-lists";

type Args = Record<string, unknown>;

export function adminQueryRoot(ctx: ViewContext) {
  const views = makeViews(ctx);
  const { nodeById } = views;
  const lists = makeLists(ctx, views);
  const typed = (type: string) => ({ id }: { id: string }) => (parseGid(id)?.type === type ? nodeById(id) : null);
  return {
    shop: views.shopView,
    locations: lists.locations,
    // Without an id, Shopify answers with the shop's primary location.
    location: ({ id }: { id?: string | null }) => (id ? typed("Location")({ id }) : views.locationView(ctx.shop.activeLocationIds()[0] ?? -1)),
    productVariants: lists.productVariants,
    productVariant: typed("ProductVariant"),
    products: lists.products,
    product: typed("Product"),
    inventoryItems: lists.inventoryItems,
    inventoryItem: typed("InventoryItem"),
    inventoryLevel: typed("InventoryLevel"),
    orders: lists.orders,
    order: typed("Order"),
    fulfillmentOrder: typed("FulfillmentOrder"),
    customers: lists.customers,
    customer: typed("Customer"),
    node: ({ id }: { id: string }) => nodeById(id),
    nodes: ({ ids }: { ids: string[] }) => ids.map((id) => nodeById(id)),
    // Jobs (orderCancel) complete before the emulator answers.
    job: ({ id }: Args) => (parseGid(id)?.type === "Job" ? { id: gid("Job", parseGid(id)!.id), done: true } : null),
  };
}
