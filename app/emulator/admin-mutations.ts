// The Admin mutations later capabilities call (metafields for promise dates, tags, inventory
// adjustments, cancellation; fulfillment orders, refunds, order edits and variant updates in
// admin-order-mutations), with Shopify's userErrors shapes. State changes go through
// shop-activity, so they emit the same webhooks as the same change made in the admin.
import { gid, parseGid, quantitiesOf } from "./emulated-shop";
import { iso, makeViews, metafieldDigest, resolveNamespace, type ViewContext } from "./graphql-views";
import { isKnownMetafieldType, metafieldValueError } from "./metafield-values";
import { fulfillmentOrderMutations, orderChangeMutations } from "./admin-order-mutations";
import {
  ADJUSTABLE_QUANTITIES,
  applyQuantityDelta,
  cancelOrder,
  emitLevel,
  emitOrderUpdated,
  emitProductUpdated,
  type QuantityName,
} from "./shop-activity";

type Input = Record<string, unknown>;
type MetafieldDefinitionInput = {
  namespace?: string | null;
  key: string;
  name: string;
  description?: string | null;
  ownerType: string;
  type: string;
  access?: { admin?: string | null; storefront?: string | null; customerAccount?: string | null } | null;
};

// Shopify's inventory adjustment reasons.
const INVENTORY_REASONS = [
  "correction", "cycle_count_available", "damaged", "movement_created", "movement_updated", "movement_received",
  "movement_canceled", "other", "promotion", "quality_control", "received", "reservation_created",
  "reservation_deleted", "reservation_updated", "restock", "safety_stock", "shrinkage",
];
const MAX_METAFIELDS_PER_CALL = 25;

export function adminMutations(ctx: ViewContext, now: Date) {
  const { shop } = ctx;
  const views = makeViews(ctx);
  const ownerExists = (ownerId: string) => views.nodeById(ownerId) !== null;
  return {
    ...fulfillmentOrderMutations(ctx, views, now),
    ...orderChangeMutations(ctx, views, now),
    metafieldsSet: ({ metafields }: { metafields: Input[] }) => {
      if (metafields.length > MAX_METAFIELDS_PER_CALL) {
        return { metafields: [], userErrors: [{ field: ["metafields"], message: `Exceeded the maximum metafields input limit of ${MAX_METAFIELDS_PER_CALL}.`, code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }] };
      }
      // Shopify validates the whole batch first: one invalid entry writes nothing.
      const errors: Record<string, unknown>[] = [];
      const planned = metafields.map((m, i) => {
        const ownerId = String(m.ownerId);
        const namespace = resolveNamespace(typeof m.namespace === "string" ? m.namespace : "$app", ctx.appNamespace);
        const key = String(m.key);
        const existing = shop.metafields.find((x) => x.ownerId === ownerId && x.namespace === namespace && x.key === key);
        const type = typeof m.type === "string" ? m.type : existing?.type;
        const value = String(m.value);
        const err = (field: string, message: string, code: string) => errors.push({ field: ["metafields", String(i), field], message, code, elementIndex: i });
        if (!ownerExists(ownerId)) err("ownerId", "Owner does not exist.", "INVALID");
        else if (key.length < 2 || key.length > 64 || !/^[\w-]+$/.test(key)) err("key", "Key must be 2-64 characters: letters, numbers, - and _.", "INVALID");
        else if (namespace.length < 2 || namespace.length > 255) err("namespace", "Namespace must be 2-255 characters.", "INVALID");
        else if (!type) err("type", "Type can't be blank.", "BLANK");
        else if (!isKnownMetafieldType(type)) err("type", `Type name ${type} is not a valid type.`, "INVALID_TYPE");
        else if (existing && typeof m.compareDigest === "string" && m.compareDigest !== metafieldDigest(existing)) {
          err("compareDigest", "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.", "STALE_OBJECT");
        } else {
          const valueError = metafieldValueError(type, value);
          if (valueError) err("value", valueError, "INVALID_VALUE");
        }
        return { ownerId, namespace, key, type: type ?? "", value, existing };
      });
      if (errors.length) return { metafields: [], userErrors: errors };
      const written = planned.map((p) => {
        let m = p.existing;
        if (!m) {
          m = { id: shop.id(), ownerId: p.ownerId, namespace: p.namespace, key: p.key, type: p.type, value: p.value, createdAt: now, updatedAt: now };
          shop.metafields.push(m);
        } else if (m.value !== p.value || m.type !== p.type) {
          m.value = p.value;
          m.type = p.type;
          m.updatedAt = now;
        }
        return views.metafieldView(m);
      });
      return { metafields: written, userErrors: [] };
    },

    metafieldsDelete: ({ metafields }: { metafields: { ownerId: string; namespace: string; key: string }[] }) => {
      const deleted = metafields.map((m) => {
        const namespace = resolveNamespace(m.namespace, ctx.appNamespace);
        const i = shop.metafields.findIndex((x) => x.ownerId === m.ownerId && x.namespace === namespace && x.key === m.key);
        if (i < 0) return null;
        shop.metafields.splice(i, 1);
        return { ownerId: m.ownerId, namespace, key: m.key };
      });
      return { deletedMetafields: deleted, userErrors: [] };
    },

    metafieldDefinitionCreate: ({ definition: d }: { definition: MetafieldDefinitionInput }) => {
      const fail = (field: string[], message: string, code: string) => ({ createdDefinition: null, userErrors: [{ field: ["definition", ...field], message, code, elementIndex: null }] });
      const appOwned = d.namespace === undefined || d.namespace === null || d.namespace === "$app" || d.namespace.startsWith("$app:");
      const namespace = appOwned ? resolveNamespace(d.namespace ?? "$app", ctx.appNamespace) : d.namespace!;
      if (!d.name?.trim()) return fail(["name"], "Name can't be blank", "BLANK");
      if (d.key.length < 2) return fail(["key"], "Key is too short (minimum is 2 characters)", "TOO_SHORT");
      if (d.key.length > 64) return fail(["key"], "Key is too long (maximum is 64 characters)", "TOO_LONG");
      if (!/^[\w-]+$/.test(d.key)) return fail(["key"], "Key contains one or more invalid characters.", "INVALID_CHARACTER");
      if (!appOwned && (namespace.length < 3 || namespace.length > 255 || !/^[\w-]+$/.test(namespace))) return fail(["namespace"], "Namespace must be 3-255 characters: letters, numbers, - and _.", "INVALID");
      if (!isKnownMetafieldType(d.type)) return fail(["type"], `Type name ${d.type} is not a valid type.`, "INCLUSION");
      if (d.access?.admin && !appOwned) return fail(["access", "admin"], "Admin access can only be specified on metafield definitions that have an app namespace.", "ADMIN_ACCESS_INPUT_NOT_ALLOWED");
      if (shop.metafieldDefinitions.some((x) => x.ownerType === d.ownerType && x.namespace === namespace && x.key === d.key)) {
        return fail(["key"], `Key is in use for ${d.ownerType} metafields on the '${d.namespace ?? "$app"}' namespace.`, "TAKEN");
      }
      const created = {
        id: shop.id(),
        ownerType: d.ownerType,
        namespace,
        key: d.key,
        name: d.name.trim(),
        description: d.description ?? null,
        type: d.type,
        access: {
          admin: appOwned ? (d.access?.admin ?? "MERCHANT_READ_WRITE") : "PUBLIC_READ_WRITE",
          storefront: d.access?.storefront ?? "NONE",
          customerAccount: d.access?.customerAccount ?? "NONE",
        },
        createdAt: now,
      };
      shop.metafieldDefinitions.push(created);
      return { createdDefinition: views.metafieldDefinitionView(created), userErrors: [] };
    },

    tagsAdd: ({ id, tags }: { id: string; tags: string[] }) => changeTags(id, tags, "add"),
    tagsRemove: ({ id, tags }: { id: string; tags: string[] }) => changeTags(id, tags, "remove"),

    inventoryAdjustQuantities: ({ input }: { input: { name: string; reason: string; referenceDocumentUri?: string | null; changes: { inventoryItemId: string; locationId: string; delta: number; changeFromQuantity?: number | null }[] } }) => {
      const fail = (field: string[], message: string, code: string) => ({ inventoryAdjustmentGroup: null, userErrors: [{ field, message, code }] });
      if (!ADJUSTABLE_QUANTITIES.includes(input.name as QuantityName)) {
        return fail(["input", "name"], `The quantity name must be one of: ${ADJUSTABLE_QUANTITIES.join(", ")}.`, "INVALID_QUANTITY_NAME");
      }
      if (!INVENTORY_REASONS.includes(input.reason)) return fail(["input", "reason"], "The specified reason is invalid.", "INVALID_REASON");
      const resolved = [];
      for (const [i, c] of input.changes.entries()) {
        const item = shop.items.get(parseGid(c.inventoryItemId)?.id ?? -1);
        const loc = parseGid(c.locationId)?.id ?? -1;
        if (!item) return fail(["input", "changes", String(i), "inventoryItemId"], "The specified inventory item could not be found.", "INVALID_INVENTORY_ITEM");
        if (!shop.locations.has(loc)) return fail(["input", "changes", String(i), "locationId"], "The specified location could not be found.", "INVALID_LOCATION");
        if (!item.levels.has(loc)) return fail(["input", "changes", String(i), "locationId"], "The specified inventory item is not stocked at the location.", "ITEM_NOT_STOCKED_AT_LOCATION");
        if (typeof c.changeFromQuantity === "number") {
          const q = quantityNow(item.id, loc, input.name as QuantityName);
          if (q !== c.changeFromQuantity) return fail(["input", "changes", String(i), "changeFromQuantity"], "The specified compare quantity does not match the current quantity.", "CHANGE_FROM_QUANTITY_STALE");
        }
        resolved.push({ item: item.id, loc, delta: c.delta });
      }
      const changes = resolved.map((r) => ({ ...r, after: applyQuantityDelta(shop, r.item, r.loc, input.name as QuantityName, r.delta, now) }));
      for (const r of changes) emitLevel(shop, r.item, r.loc, now);
      return { inventoryAdjustmentGroup: adjustmentGroup(input.reason, input.referenceDocumentUri ?? null, changes.map((c) => ({ ...c, name: input.name }))), userErrors: [] };
    },

    inventorySetQuantities: ({ input }: { input: { name: string; reason: string; referenceDocumentUri?: string | null; ignoreCompareQuantity?: boolean | null; quantities: { inventoryItemId: string; locationId: string; quantity: number; compareQuantity?: number | null }[] } }) => {
      const fail = (field: string[], message: string, code: string) => ({ inventoryAdjustmentGroup: null, userErrors: [{ field, message, code }] });
      if (input.name !== "available" && input.name !== "on_hand") return fail(["input", "name"], "The quantity name must be either 'available' or 'on_hand'.", "INVALID_NAME");
      if (!INVENTORY_REASONS.includes(input.reason)) return fail(["input", "reason"], "The specified reason is invalid.", "INVALID_REASON");
      const resolved = [];
      for (const [i, q] of input.quantities.entries()) {
        const item = shop.items.get(parseGid(q.inventoryItemId)?.id ?? -1);
        const loc = parseGid(q.locationId)?.id ?? -1;
        if (!item) return fail(["input", "quantities", String(i), "inventoryItemId"], "The specified inventory item could not be found.", "INVALID_INVENTORY_ITEM");
        if (!shop.locations.has(loc)) return fail(["input", "quantities", String(i), "locationId"], "The specified location could not be found.", "INVALID_LOCATION");
        const current = item.levels.has(loc) ? quantityNow(item.id, loc, input.name as QuantityName) : 0;
        if (!input.ignoreCompareQuantity) {
          if (typeof q.compareQuantity !== "number") return fail(["input", "quantities", String(i), "compareQuantity"], "The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.", "COMPARE_QUANTITY_REQUIRED");
          if (q.compareQuantity !== current) return fail(["input", "quantities", String(i), "compareQuantity"], "The specified compare quantity does not match the current quantity.", "COMPARE_QUANTITY_STALE");
        }
        resolved.push({ item: item.id, loc, delta: q.quantity - current });
      }
      const changes = resolved.map((r) => ({ ...r, after: applyQuantityDelta(shop, r.item, r.loc, input.name as QuantityName, r.delta, now) }));
      for (const r of changes) emitLevel(shop, r.item, r.loc, now);
      return { inventoryAdjustmentGroup: adjustmentGroup(input.reason, input.referenceDocumentUri ?? null, changes.map((c) => ({ ...c, name: input.name }))), userErrors: [] };
    },

    orderCancel: ({ orderId, restock, reason }: { orderId: string; restock: boolean; reason: string; refund?: boolean; notifyCustomer?: boolean; staffNote?: string }) => {
      const g = parseGid(orderId);
      const order = g?.type === "Order" ? shop.orders.get(g.id) : undefined;
      if (!order) {
        const e = { field: ["orderId"], message: "Order does not exist", code: "NOT_FOUND" };
        return { job: null, orderCancelUserErrors: [e], userErrors: [{ field: e.field, message: e.message }] };
      }
      if (order.cancelledAt) {
        const e = { field: ["orderId"], message: "Cannot cancel an order that has already been cancelled", code: "INVALID" };
        return { job: null, orderCancelUserErrors: [e], userErrors: [{ field: e.field, message: e.message }] };
      }
      cancelOrder(shop, order.id, { restock, reason }, now);
      // Shopify cancels asynchronously; the emulator has already done it when the job is returned.
      return { job: { id: gid("Job", shop.id()), done: true }, orderCancelUserErrors: [], userErrors: [] };
    },
  };

  function quantityNow(itemId: number, loc: number, name: QuantityName): number {
    return quantitiesOf(shop.level(itemId, loc))[name];
  }

  function adjustmentGroup(reason: string, referenceDocumentUri: string | null, changes: { item: number; loc: number; delta: number; after: number; name: string }[]) {
    return {
      __typename: "InventoryAdjustmentGroup",
      id: gid("InventoryAdjustmentGroup", shop.id()),
      reason,
      referenceDocumentUri,
      createdAt: iso(now),
      changes: (args: { inventoryItemIds?: string[]; locationIds?: string[]; quantityNames?: string[] }) =>
        changes
          .filter((c) => (!args.inventoryItemIds || args.inventoryItemIds.includes(gid("InventoryItem", c.item))) && (!args.locationIds || args.locationIds.includes(gid("Location", c.loc))) && (!args.quantityNames || args.quantityNames.includes(c.name)))
          .map((c) => ({
            __typename: "InventoryChange",
            name: c.name,
            delta: c.delta,
            quantityAfterChange: c.after,
            ledgerDocumentUri: null,
            item: () => views.itemView(shop.items.get(c.item)!),
            location: () => views.locationView(c.loc),
          })),
    };
  }

  function changeTags(id: string, tags: string[], how: "add" | "remove") {
    const g = parseGid(id);
    const apply = (list: string[]) => {
      const cleaned = tags.flatMap((t) => t.split(",")).map((t) => t.trim()).filter(Boolean);
      return how === "add" ? [...list, ...cleaned.filter((t) => !list.includes(t))] : list.filter((t) => !cleaned.includes(t));
    };
    if (g?.type === "Order" && shop.orders.has(g.id)) {
      const order = shop.orders.get(g.id)!;
      order.tags = apply(order.tags);
      emitOrderUpdated(shop, order, now);
      return { node: views.orderView(order), userErrors: [] };
    }
    if (g?.type === "Product" && shop.products.has(g.id)) {
      const product = shop.products.get(g.id)!;
      product.tags = apply(product.tags);
      emitProductUpdated(shop, product, now);
      return { node: views.productView(product.id), userErrors: [] };
    }
    if (g?.type === "Customer" && shop.customers.has(g.id)) {
      const customer = shop.customers.get(g.id)!;
      customer.tags = apply(customer.tags);
      customer.updatedAt = now;
      return { node: views.customerView(customer.id), userErrors: [] };
    }
    return { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
  }
}
