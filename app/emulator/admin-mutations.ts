// The Admin mutations later capabilities call (metafields for promise dates, tags, holds,
// inventory adjustments), with Shopify's userErrors shape.
import { gid, parseGid, type EmulatedShop } from "./emulated-shop";
import { makeViews } from "./graphql-views";

type Input = Record<string, unknown>;

export function adminMutations(shop: EmulatedShop, now: Date) {
  const views = makeViews(shop);
  return {
    metafieldsSet: ({ metafields }: { metafields: Input[] }) => {
      const out = metafields.map((m) => {
        const ownerId = String(m.ownerId);
        // `$app` namespaces resolve to the app's reserved namespace.
        const namespace = String(m.namespace ?? "$app").replace(/^\$app/, "app--backorder-pilot");
        let existing = shop.metafields.find((x) => x.ownerId === ownerId && x.namespace === namespace && x.key === m.key);
        if (!existing) {
          existing = { id: shop.id(), ownerId, namespace, key: String(m.key), type: String(m.type ?? "single_line_text_field"), value: "", updatedAt: now };
          shop.metafields.push(existing);
        }
        existing.value = String(m.value);
        existing.updatedAt = now;
        return { id: gid("Metafield", existing.id), namespace, key: existing.key, type: existing.type, value: existing.value, updatedAt: now.toISOString() };
      });
      return { metafields: out, userErrors: [] };
    },
    tagsAdd: ({ id, tags }: { id: string; tags: string[] }) => {
      const g = parseGid(id);
      const order = g?.type === "Order" ? shop.orders.get(g.id) : undefined;
      if (!order) return { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
      for (const t of tags) if (!order.tags.includes(t)) order.tags.push(t);
      order.updatedAt = now;
      return { node: views.orderView(order), userErrors: [] };
    },
    tagsRemove: ({ id, tags }: { id: string; tags: string[] }) => {
      const g = parseGid(id);
      const order = g?.type === "Order" ? shop.orders.get(g.id) : undefined;
      if (!order) return { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
      order.tags = order.tags.filter((t) => !tags.includes(t));
      order.updatedAt = now;
      return { node: views.orderView(order), userErrors: [] };
    },
    inventoryAdjustQuantities: ({ input }: { input: { name: string; reason: string; changes: { inventoryItemId: string; locationId: string; delta: number }[] } }) => {
      if (input.name !== "available" && input.name !== "on_hand") {
        return { inventoryAdjustmentGroup: null, userErrors: [{ field: ["input", "name"], message: "The quantity name must be either 'available' or 'on_hand'." }] };
      }
      for (const c of input.changes) {
        const item = parseGid(c.inventoryItemId)?.id;
        const loc = parseGid(c.locationId)?.id;
        if (item === undefined || loc === undefined || !shop.items.has(item) || !shop.locations.has(loc)) {
          return { inventoryAdjustmentGroup: null, userErrors: [{ field: ["input", "changes"], message: "The specified inventory item or location could not be found." }] };
        }
      }
      for (const c of input.changes) {
        const l = shop.level(parseGid(c.inventoryItemId)!.id, parseGid(c.locationId)!.id);
        l.onHand += c.delta;
        l.updatedAt = now;
      }
      return {
        inventoryAdjustmentGroup: { id: gid("InventoryAdjustmentGroup", shop.id()), reason: input.reason, createdAt: now.toISOString(), changes: input.changes.map((c) => ({ name: input.name, delta: c.delta })) },
        userErrors: [],
      };
    },
  };
}
