// Admin mutations on fulfillment orders (holds, moves, splits) and on placed orders (refunds, order
// edits), and productVariantsBulkUpdate, with the userErrors shapes of their payload types. The
// state changes and webhooks are the shop-activity functions the emulator's shop actions use too.
import { refundableMinor } from "./order-money";
import { gid, parseGid, type EmOrderEdit } from "./emulated-shop";
import { notImplemented, type makeViews, type ViewContext } from "./graphql-views";
import {
  addEditVariant,
  beginOrderEdit,
  commitOrderEdit,
  findFulfillmentOrder,
  holdError,
  holdFulfillmentOrder,
  moveError,
  moveFulfillmentOrder,
  orderEditError,
  refundError,
  refundOrder,
  releaseError,
  releaseFulfillmentHolds,
  setEditQuantity,
  splitError,
  splitFulfillmentOrder,
  updateVariants,
  type ActivityError,
  type LineQuantity,
  type RefundLineInput,
  type VariantChange,
} from "./shop-activity";

type Views = ReturnType<typeof makeViews>;
type LineInput = { id: string; quantity: number };

/** The numeric id of a gid of the given type, else null. */
const idOf = (value: unknown, type: string) => {
  const g = parseGid(value);
  return g?.type === type ? g.id : null;
};
/** FulfillmentOrderLineItemInput list -> numeric ids (unknown ids become -1: "not on this fulfillment order"). */
const lineQuantities = (lines: LineInput[]): LineQuantity[] => lines.map((l) => ({ id: idOf(l.id, "FulfillmentOrderLineItem") ?? -1, quantity: l.quantity }));
/** An ActivityError as a userError of a type with (`coded`) or without a `code` field. */
const userError = (e: ActivityError, coded = true) => (coded ? { field: e.field, message: e.message, code: e.code } : { field: e.field, message: e.message });

export function fulfillmentOrderMutations(ctx: ViewContext, views: Views, now: Date) {
  const { shop } = ctx;
  const appId = ctx.appId ?? null;
  const find = (id: unknown) => {
    const n = idOf(id, "FulfillmentOrder");
    return n === null ? null : findFulfillmentOrder(shop, n);
  };
  const notFound = { field: ["id"], message: "Fulfillment order does not exist.", code: "FULFILLMENT_ORDER_NOT_FOUND" };

  return {
    fulfillmentOrderHold: ({ id, fulfillmentHold }: { id: string; fulfillmentHold: { reason: string; reasonNotes?: string | null; handle?: string | null; fulfillmentOrderLineItems?: LineInput[] | null } }) => {
      const none = { fulfillmentHold: null, fulfillmentOrder: null, remainingFulfillmentOrder: null };
      const found = find(id);
      if (!found) return { ...none, userErrors: [notFound] };
      const { fo, order } = found;
      const input = {
        reason: fulfillmentHold.reason,
        reasonNotes: fulfillmentHold.reasonNotes,
        handle: fulfillmentHold.handle,
        appId,
        lineItems: fulfillmentHold.fulfillmentOrderLineItems?.length ? lineQuantities(fulfillmentHold.fulfillmentOrderLineItems) : undefined,
      };
      const error = holdError(fo, input);
      if (error) return { ...none, userErrors: [userError(error)] };
      const { hold, remaining } = holdFulfillmentOrder(shop, fo, order, input, now);
      const foView = views.fulfillmentOrderView(fo, order);
      return {
        fulfillmentHold: (foView.fulfillmentHolds as { id: string }[]).find((h) => h.id === gid("FulfillmentHold", hold.id)),
        fulfillmentOrder: foView,
        remainingFulfillmentOrder: remaining ? views.fulfillmentOrderView(remaining, order) : null,
        userErrors: [],
      };
    },

    fulfillmentOrderReleaseHold: ({ id, holdIds, externalId }: { id: string; holdIds?: string[] | null; externalId?: string | null }) => {
      if (externalId != null) notImplemented("fulfillmentOrderReleaseHold(externalId:)");
      const found = find(id);
      if (!found) return { fulfillmentOrder: null, userErrors: [notFound] };
      const ids = holdIds ? holdIds.map((h) => idOf(h, "FulfillmentHold") ?? -1) : null;
      const error = releaseError(found.fo, ids);
      if (error) return { fulfillmentOrder: null, userErrors: [userError(error)] };
      releaseFulfillmentHolds(shop, found.fo, ids, now);
      return { fulfillmentOrder: views.fulfillmentOrderView(found.fo, found.order), userErrors: [] };
    },

    fulfillmentOrderMove: ({ id, newLocationId, fulfillmentOrderLineItems }: { id: string; newLocationId: string; fulfillmentOrderLineItems?: LineInput[] | null }) => {
      const none = { movedFulfillmentOrder: null, originalFulfillmentOrder: null, remainingFulfillmentOrder: null };
      const found = find(id);
      if (!found) return { ...none, userErrors: [{ field: ["id"], message: notFound.message }] };
      const destination = idOf(newLocationId, "Location") ?? -1;
      const lines = fulfillmentOrderLineItems?.length ? lineQuantities(fulfillmentOrderLineItems) : null;
      const error = moveError(shop, found.order, found.fo, destination, lines);
      if (error) return { ...none, userErrors: [userError(error, false)] };
      const { original, moved } = moveFulfillmentOrder(shop, found.order, found.fo, destination, lines, now);
      return {
        movedFulfillmentOrder: views.fulfillmentOrderView(moved, found.order),
        originalFulfillmentOrder: views.fulfillmentOrderView(original, found.order),
        // Deprecated by Shopify: a move no longer leaves a separate remaining fulfillment order.
        remainingFulfillmentOrder: null,
        userErrors: [],
      };
    },

    fulfillmentOrderSplit: ({ fulfillmentOrderSplits }: { fulfillmentOrderSplits: { fulfillmentOrderId: string; fulfillmentOrderLineItems: LineInput[] }[] }) => {
      // Every split is checked before any is made: one invalid input changes nothing.
      const seen = new Set<number>();
      const planned = [];
      for (const [i, s] of fulfillmentOrderSplits.entries()) {
        const found = find(s.fulfillmentOrderId);
        const field = ["fulfillmentOrderSplits", String(i), "fulfillmentOrderId"];
        if (!found) return { fulfillmentOrderSplits: null, userErrors: [{ field, message: "Fulfillment order does not exist.", code: "FULFILLMENT_ORDER_NOT_FOUND" }] };
        if (seen.has(found.fo.id)) return { fulfillmentOrderSplits: null, userErrors: [{ field, message: "A fulfillment order can be split once per request.", code: null }] };
        seen.add(found.fo.id);
        const lines = lineQuantities(s.fulfillmentOrderLineItems);
        const error = splitError(found.fo, lines, i);
        if (error) return { fulfillmentOrderSplits: null, userErrors: [userError(error)] };
        planned.push({ ...found, lines, i });
      }
      const results = planned.map((p) => {
        const r = splitFulfillmentOrder(shop, p.order, p.fo, p.lines, now, p.i);
        return {
          fulfillmentOrder: views.fulfillmentOrderView(r.fulfillmentOrder, p.order),
          remainingFulfillmentOrder: views.fulfillmentOrderView(r.remaining, p.order),
          replacementFulfillmentOrder: null,
        };
      });
      return { fulfillmentOrderSplits: results, userErrors: [] };
    },
  };
}

type RefundInput = {
  orderId: string;
  note?: string | null;
  refundLineItems?: { lineItemId: string; quantity: number; restockType?: string | null; locationId?: string | null }[] | null;
  transactions?: { orderId: string; parentId?: string | null; kind: string; gateway: string; amount: string | number }[] | null;
  shipping?: unknown;
  refundDuties?: unknown[] | null;
  refundMethods?: unknown[] | null;
};

type VariantInput = Record<string, unknown> & { id?: string | null; inventoryPolicy?: "DENY" | "CONTINUE" | null; price?: string | null; inventoryItem?: Record<string, unknown> | null };
const VARIANT_FIELDS = new Set(["id", "inventoryPolicy", "price", "inventoryItem", "inventoryQuantities"]);
const INVENTORY_ITEM_FIELDS = new Set(["sku", "tracked"]);

export function orderChangeMutations(ctx: ViewContext, views: Views, now: Date) {
  const { shop } = ctx;
  const appId = ctx.appId ?? null;
  const orderOf = (id: unknown) => {
    const n = idOf(id, "Order");
    return n === null ? undefined : shop.orders.get(n);
  };
  // The edit session's id is the CalculatedOrder's and the OrderEditSession's (both are accepted).
  const editOf = (id: unknown): EmOrderEdit | undefined => {
    const n = idOf(id, "CalculatedOrder") ?? idOf(id, "OrderEditSession");
    return n === null ? undefined : shop.orderEdits.get(n);
  };
  const noEdit = { field: ["id"], message: "The order edit does not exist." };
  const editPayload = (edit: EmOrderEdit, lineId: number | null) => ({
    ...(lineId !== null ? { calculatedLineItem: views.calculatedLineView(edit, lineId) } : {}),
    calculatedOrder: views.calculatedOrderView(edit),
    orderEditSession: views.orderEditSessionView(edit),
    userErrors: [],
  });

  return {
    refundCreate: ({ input }: { input: RefundInput }) => {
      if (input.shipping != null) notImplemented("refundCreate(input.shipping)");
      if (input.refundDuties?.length) notImplemented("refundCreate(input.refundDuties)");
      if (input.refundMethods?.length) notImplemented("refundCreate(input.refundMethods)");
      const order = orderOf(input.orderId);
      if (!order) return { order: null, refund: null, userErrors: [{ field: ["input", "orderId"], message: "Order does not exist." }] };
      const lines: RefundLineInput[] = (input.refundLineItems ?? []).map((l) => ({
        lineItemId: idOf(l.lineItemId, "LineItem") ?? -1,
        quantity: l.quantity,
        restockType: (l.restockType ?? null) as RefundLineInput["restockType"],
        locationId: l.locationId != null ? (idOf(l.locationId, "Location") ?? -1) : null,
      }));
      const error = refundError(shop, order, lines);
      if (error) return { order: null, refund: null, userErrors: [userError(error, false)] };
      // Money: each refund transaction against the order's one sale (see orderTransactions), never
      // more than is left of it.
      const money = input.transactions ?? [];
      let left = refundableMinor(order) / 100;
      for (const [i, t] of money.entries()) {
        const fail = (field: string, message: string) => ({ order: null, refund: null, userErrors: [{ field: ["input", "transactions", String(i), field], message }] });
        if (t.kind !== "REFUND") return fail("kind", "Transaction kind must be REFUND.");
        if (idOf(t.orderId, "Order") !== order.id) return fail("orderId", "The transaction must belong to the refunded order.");
        if (idOf(t.parentId, "OrderTransaction") !== order.id) return fail("parentId", "Parent transaction does not exist on this order.");
        const amount = Number(t.amount);
        if (!(amount > 0)) return fail("amount", "Amount must be greater than 0.");
        if (amount > left + 1e-9) return fail("amount", "Refund amount exceeds the amount available to refund.");
        left -= amount;
      }
      const refund = refundOrder(shop, order, { note: input.note, lines }, now);
      if (money.length) refund.transactions = money.map((t) => ({ id: shop.id(), amount: Number(t.amount).toFixed(2), gateway: t.gateway }));
      return { order: views.orderView(order), refund: views.refundView(refund, order), userErrors: [] };
    },

    orderEditBegin: ({ id }: { id: string }) => {
      const order = orderOf(id);
      if (!order) return { calculatedOrder: null, orderEditSession: null, userErrors: [{ field: ["id"], message: "Order does not exist." }] };
      const error = orderEditError(order);
      if (error) return { calculatedOrder: null, orderEditSession: null, userErrors: [userError(error, false)] };
      return editPayload(beginOrderEdit(shop, order, now), null);
    },

    orderEditSetQuantity: ({ id, lineItemId, quantity, restock, locationId }: { id: string; lineItemId: string; quantity: number; restock?: boolean | null; locationId?: string | null }) => {
      const none = { calculatedLineItem: null, calculatedOrder: null, orderEditSession: null };
      if (locationId != null) notImplemented("orderEditSetQuantity(locationId:), deprecated by Shopify,");
      const edit = editOf(id);
      if (!edit) return { ...none, userErrors: [noEdit] };
      const lineId = idOf(lineItemId, "CalculatedLineItem");
      if (lineId === null) return { ...none, userErrors: [{ field: ["lineItemId"], message: "The line item id must be a CalculatedLineItem id." }] };
      const error = setEditQuantity(shop, edit, lineId, quantity, restock ?? false);
      if (error) return { ...none, userErrors: [userError(error, false)] };
      return editPayload(edit, lineId);
    },

    orderEditAddVariant: ({ id, variantId, locationId, quantity, allowDuplicates }: { id: string; variantId: string; locationId?: string | null; quantity: number; allowDuplicates?: boolean | null }) => {
      const none = { calculatedLineItem: null, calculatedOrder: null, orderEditSession: null };
      const edit = editOf(id);
      if (!edit) return { ...none, userErrors: [noEdit] };
      const location = locationId != null ? (idOf(locationId, "Location") ?? -1) : null;
      const r = addEditVariant(shop, edit, idOf(variantId, "ProductVariant") ?? -1, location, quantity, allowDuplicates ?? false);
      if ("field" in r) return { ...none, userErrors: [userError(r, false)] };
      return editPayload(edit, r.id);
    },

    orderEditCommit: ({ id, notifyCustomer, staffNote }: { id: string; notifyCustomer?: boolean | null; staffNote?: string | null }) => {
      const edit = editOf(id);
      if (!edit) return { order: null, successMessages: null, userErrors: [noEdit] };
      try {
        const order = commitOrderEdit(shop, edit, { appId, notifyCustomer, staffNote }, now);
        return { order: views.orderView(order), successMessages: [], userErrors: [] };
      } catch (e) {
        const error = (e as { error?: ActivityError }).error;
        if (!error) throw e;
        return { order: null, successMessages: null, userErrors: [userError(error, false)] };
      }
    },

    productVariantsBulkUpdate: ({ productId, variants, media, allowPartialUpdates }: { productId: string; variants: VariantInput[]; media?: unknown[] | null; allowPartialUpdates?: boolean | null }) => {
      if (media?.length) notImplemented("productVariantsBulkUpdate(media:)");
      const product = shop.products.get(idOf(productId, "Product") ?? -1);
      if (!product) return { product: null, productVariants: null, userErrors: [{ field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }] };
      const errors: { field: string[]; message: string; code: string }[] = [];
      const changes: VariantChange[] = [];
      for (const [i, v] of variants.entries()) {
        for (const [k, value] of Object.entries(v)) if (value != null && !VARIANT_FIELDS.has(k)) notImplemented(`productVariantsBulkUpdate(variants.${k})`);
        for (const [k, value] of Object.entries(v.inventoryItem ?? {})) if (value != null && !INVENTORY_ITEM_FIELDS.has(k)) notImplemented(`productVariantsBulkUpdate(variants.inventoryItem.${k})`);
        const err = (field: string, message: string, code: string) => errors.push({ field: ["variants", String(i), field], message, code });
        if (v.inventoryQuantities != null) {
          err("inventoryQuantities", "Inventory quantities can only be provided during create. To update inventory for existing variants, use inventoryAdjustQuantities.", "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE");
          continue;
        }
        if (!v.id) {
          err("id", "Product variant is missing ID attribute", "PRODUCT_VARIANT_ID_MISSING");
          continue;
        }
        const variant = shop.variants.get(idOf(v.id, "ProductVariant") ?? -1);
        if (!variant) {
          err("id", "Product variant does not exist", "PRODUCT_VARIANT_DOES_NOT_EXIST");
          continue;
        }
        if (variant.productId !== product.id) {
          err("id", "Product variant does not belong to this product", "MUST_BE_FOR_THIS_PRODUCT");
          continue;
        }
        if (v.price != null && !(Number(v.price) >= 0)) {
          err("price", "Price must be greater than or equal to 0", "GREATER_THAN_OR_EQUAL_TO");
          continue;
        }
        const sku = v.inventoryItem?.sku as string | null | undefined;
        const taken = sku ? shop.variantBySku(sku) : undefined;
        if (taken && taken.id !== variant.id) notImplemented(`A duplicate SKU (${sku}; Shopify allows them, the emulator's SKU index does not)`);
        changes.push({
          variantId: variant.id,
          ...(v.inventoryPolicy ? { inventoryPolicy: v.inventoryPolicy } : {}),
          ...(v.price != null ? { price: v.price } : {}),
          ...(sku !== undefined ? { sku } : {}),
          ...(typeof v.inventoryItem?.tracked === "boolean" ? { tracked: v.inventoryItem.tracked } : {}),
        });
      }
      if (errors.length && !allowPartialUpdates) return { product: views.productView(product.id), productVariants: null, userErrors: errors };
      if (changes.length) updateVariants(shop, product, changes, now);
      return {
        product: views.productView(product.id),
        productVariants: changes.map((c) => views.variantView(shop.variants.get(c.variantId)!)),
        userErrors: errors,
      };
    },
  };
}
