// GraphQL views over the emulated shop: plain objects whose properties are the schema's fields
// (functions where the field takes arguments — the strict resolver calls them with the arguments).
// A field the emulator does not implement is simply absent, and the strict resolver reports it as
// an error; a test checks every property here is a real field of its schema type.
import { createHash } from "node:crypto";
import { GraphQLError } from "graphql";
import {
  available,
  gid,
  levelGid,
  parseGid,
  quantitiesOf,
  type EmCustomer,
  type EmFulfillmentOrder,
  type EmInventoryItem,
  type EmLineItem,
  type EmLocation,
  type EmMetafield,
  type EmMetafieldDefinition,
  type EmOrder,
  type EmOrderEdit,
  type EmProduct,
  type EmRefund,
  type EmTaxLine,
  type EmVariant,
  type EmulatedShop,
} from "./emulated-shop";
import { byId, connection } from "./graphql-connection";
import { currentMinor, decimal, orderTaxLines, originalMinor, refundTotalMinor, suggestRefund } from "./order-money";
import { financialStatus } from "./rest-payloads";
import { compareValues, searchFilter, type SearchReport } from "./search-query";

type Args = Record<string, unknown>;
type View = Record<string, unknown>;

/** A field or argument the emulator does not model: a GraphQL error that names it. */
export function notImplemented(what: string): never {
  throw new GraphQLError(`${what} is not implemented by the Backorder Pilot Shopify emulator`, { extensions: { code: "NOT_IMPLEMENTED_BY_EMULATOR" } });
}

export type ViewContext = {
  shop: EmulatedShop;
  /** What `$app` resolves to for the calling app: `app--<app id>`. */
  appNamespace: string;
  /** Search reports for `extensions.search`. */
  searches: SearchReport[];
  /** The calling token's access scopes, and the emulator's time (for scope-limited reads). */
  scopes?: string[];
  now?: Date;
  /** The calling app's id (holds it placed are `heldByRequestingApp`). */
  appId?: number;
};

/** Without read_all_orders, Shopify lists only the last 60 days of orders. */
export const RECENT_ORDERS_MS = 60 * 24 * 3600 * 1000;

export const iso = (d: Date | null) => (d ? d.toISOString().replace(/\.\d{3}Z$/, "Z") : null);
const moneyV2 = (amount: string, currencyCode: string) => ({ amount, currencyCode });
const moneyBag = (amount: string, currencyCode: string) => ({ shopMoney: moneyV2(amount, currencyCode), presentmentMoney: moneyV2(amount, currencyCode) });

/** `$app` and `$app:sub` as Shopify resolves them for the calling app. */
export function resolveNamespace(namespace: string, appNamespace: string): string {
  if (namespace === "$app") return appNamespace;
  if (namespace.startsWith("$app:")) return `${appNamespace}--${namespace.slice(5)}`;
  return namespace;
}

export const metafieldDigest = (m: EmMetafield) => createHash("sha256").update(`${m.id}:${m.updatedAt.toISOString()}:${m.value}`).digest("hex");

const OWNER_TYPES: Record<string, string> = { Product: "PRODUCT", ProductVariant: "PRODUCTVARIANT", Order: "ORDER", Customer: "CUSTOMER", Location: "LOCATION", Shop: "SHOP" };

export function makeViews(ctx: ViewContext) {
  const { shop } = ctx;
  const cur = shop.currencyCode;

  // ---- metafields ------------------------------------------------------------------------------
  const metafieldView = (m: EmMetafield): View => ({
    __typename: "Metafield",
    id: gid("Metafield", m.id),
    legacyResourceId: String(m.id),
    namespace: m.namespace,
    key: m.key,
    type: m.type,
    value: m.value,
    jsonValue: m.type === "json" || m.type.startsWith("list.") ? JSON.parse(m.value) : m.type === "boolean" ? m.value === "true" : m.type.startsWith("number_") ? Number(m.value) : m.value,
    compareDigest: metafieldDigest(m),
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
    ownerType: OWNER_TYPES[parseGid(m.ownerId)?.type ?? ""] ?? "SHOP",
    owner: () => nodeById(m.ownerId),
  });
  const metafieldFields = (ownerId: string) => ({
    metafield: ({ namespace, key }: { namespace?: string | null; key: string }) => {
      const ns = resolveNamespace(namespace ?? "$app", ctx.appNamespace);
      const m = shop.metafields.find((x) => x.ownerId === ownerId && x.namespace === ns && x.key === key);
      return m ? metafieldView(m) : null;
    },
    metafields: (args: Args) => {
      const ns = typeof args.namespace === "string" ? resolveNamespace(args.namespace, ctx.appNamespace) : null;
      const keys = Array.isArray(args.keys)
        ? (args.keys as string[]).map((k) => {
            const dot = k.lastIndexOf(".");
            return [resolveNamespace(k.slice(0, dot), ctx.appNamespace), k.slice(dot + 1)].join(".");
          })
        : null;
      const list = shop.metafields.filter((m) => m.ownerId === ownerId && (ns === null || m.namespace === ns) && (keys === null || keys.includes(`${m.namespace}.${m.key}`)));
      return connection(list, args, byId, metafieldView);
    },
  });

  // ---- locations and inventory -----------------------------------------------------------------
  const locationView = (id: number): View | null => {
    const l: EmLocation | undefined = shop.locations.get(id);
    if (!l) return null;
    const stocked = () => [...shop.items.values()].filter((item) => item.levels.has(l.id));
    return {
      __typename: "Location",
      id: gid("Location", l.id),
      legacyResourceId: String(l.id),
      name: l.name,
      isActive: l.isActive,
      createdAt: iso(l.createdAt),
      fulfillsOnlineOrders: true,
      shipsInventory: true,
      hasActiveInventory: () => stocked().length > 0,
      inventoryLevels: (args: Args) => connection(stocked(), args, byId, (item) => levelView(item, l.id)),
      inventoryLevel: ({ inventoryItemId }: { inventoryItemId: string }) => {
        const item = shop.items.get(parseGid(inventoryItemId)?.id ?? -1);
        return item?.levels.has(l.id) ? levelView(item, l.id) : null;
      },
      ...metafieldFields(gid("Location", l.id)),
    };
  };
  const levelView = (item: EmInventoryItem, locationId: number): View => {
    const lvl = shop.level(item.id, locationId, false);
    return {
      __typename: "InventoryLevel",
      id: levelGid(lvl, item.id),
      createdAt: iso(lvl.createdAt),
      updatedAt: iso(lvl.updatedAt),
      canDeactivate: lvl.committed === 0,
      location: () => locationView(locationId),
      item: () => itemView(item),
      quantities: ({ names }: { names: string[] }) => {
        const q = quantitiesOf(lvl);
        return names.map((name) => {
          if (!(name in q)) throw new GraphQLError(`The quantity name '${name}' is not valid. Valid quantity names are: ${Object.keys(q).join(", ")}.`, { extensions: { code: "BAD_REQUEST" } });
          return { id: `gid://shopify/InventoryQuantity/${lvl.id}?inventory_item_id=${item.id}&name=${name}`, name, quantity: q[name], updatedAt: iso(lvl.updatedAt) };
        });
      },
    };
  };
  const itemView = (item: EmInventoryItem): View => {
    const variant = shop.variants.get(item.variantId)!;
    return {
      __typename: "InventoryItem",
      id: gid("InventoryItem", item.id),
      legacyResourceId: String(item.id),
      tracked: item.tracked,
      sku: variant.sku,
      requiresShipping: true,
      createdAt: iso(item.createdAt),
      updatedAt: iso(item.updatedAt),
      duplicateSkuCount: 0,
      locationsCount: { count: item.levels.size, precision: "EXACT" },
      variant: () => variantView(variant),
      variants: (args: Args) => connection([variant], args, byId, variantView),
      inventoryLevels: (args: Args) =>
        connection([...item.levels.keys()], args, (loc) => [0, loc], (loc) => levelView(item, loc)),
      inventoryLevel: ({ locationId }: { locationId: string }) => {
        const loc = parseGid(locationId)?.id;
        return loc !== undefined && item.levels.has(loc) ? levelView(item, loc) : null;
      },
    };
  };

  // ---- products ----------------------------------------------------------------------------------
  const productView = (id: number): View | null => {
    const p: EmProduct | undefined = shop.products.get(id);
    if (!p) return null;
    const variants = () => p.variantIds.map((v) => shop.variants.get(v)!);
    return {
      __typename: "Product",
      id: gid("Product", p.id),
      legacyResourceId: String(p.id),
      title: p.title,
      handle: p.handle,
      vendor: p.vendor,
      productType: p.productType,
      status: p.status,
      tags: p.tags,
      createdAt: iso(p.createdAt),
      updatedAt: iso(p.updatedAt),
      tracksInventory: () => variants().some((v) => shop.items.get(v.inventoryItemId)!.tracked),
      totalInventory: () => variants().reduce((s, v) => s + [...shop.items.get(v.inventoryItemId)!.levels.values()].reduce((n, l) => n + available(l), 0), 0),
      hasOnlyDefaultVariant: p.variantIds.length === 1 && variants()[0].title === "Default Title",
      variantsCount: { count: p.variantIds.length, precision: "EXACT" },
      variants: (args: Args) => connection(variants(), args, (v) => [v.position, v.id], variantView),
      ...metafieldFields(gid("Product", p.id)),
    };
  };
  const variantView = (v: EmVariant): View => {
    const item = shop.items.get(v.inventoryItemId)!;
    const productTitle = shop.products.get(v.productId)?.title ?? "";
    return {
      __typename: "ProductVariant",
      id: gid("ProductVariant", v.id),
      legacyResourceId: String(v.id),
      sku: v.sku,
      title: v.title,
      price: v.price,
      position: v.position,
      taxable: true,
      barcode: null,
      compareAtPrice: null,
      createdAt: iso(v.createdAt),
      updatedAt: iso(v.updatedAt),
      displayName: `${productTitle} - ${v.title}`,
      inventoryPolicy: v.inventoryPolicy,
      inventoryQuantity: () => (item.tracked ? [...item.levels.values()].reduce((n, l) => n + available(l), 0) : null),
      availableForSale: () => !item.tracked || v.inventoryPolicy === "CONTINUE" || [...item.levels.values()].some((l) => available(l) > 0),
      selectedOptions: [{ name: "Title", value: v.title }],
      product: () => productView(v.productId),
      inventoryItem: () => itemView(item),
      ...metafieldFields(gid("ProductVariant", v.id)),
    };
  };

  // ---- customers and orders ------------------------------------------------------------------------
  const customerView = (id: number | null): View | null => {
    const c: EmCustomer | undefined = id !== null ? shop.customers.get(id) : undefined;
    if (!c) return null;
    return {
      __typename: "Customer",
      id: gid("Customer", c.id),
      legacyResourceId: String(c.id),
      email: c.email,
      firstName: c.firstName,
      lastName: c.lastName,
      displayName: [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || "",
      tags: c.tags,
      createdAt: iso(c.createdAt),
      updatedAt: iso(c.updatedAt),
      defaultEmailAddress: c.email ? { emailAddress: c.email } : null,
      numberOfOrders: () => String([...shop.orders.values()].filter((o) => o.customerId === c.id).length),
      ...metafieldFields(gid("Customer", c.id)),
    };
  };
  const taxLineView = (t: EmTaxLine): View => ({ __typename: "TaxLine", title: t.title, rate: t.rate, ratePercentage: Math.round(t.rate * 10000) / 100, priceSet: moneyBag(t.price, cur), channelLiable: false, source: null });
  const lineItemView = (li: EmLineItem): View => ({
    __typename: "LineItem",
    id: gid("LineItem", li.id),
    sku: li.sku,
    name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title,
    title: li.title,
    variantTitle: li.variantTitle,
    vendor: li.vendor,
    quantity: li.quantity,
    currentQuantity: li.currentQuantity,
    unfulfilledQuantity: Math.max(0, li.currentQuantity - li.fulfilledQuantity),
    nonFulfillableQuantity: Math.max(0, li.quantity - li.currentQuantity),
    refundableQuantity: li.currentQuantity,
    isGiftCard: false,
    requiresShipping: true,
    taxable: true,
    originalUnitPriceSet: moneyBag(li.price, cur),
    // The emulator models no discounts: the price after all discounts is the original price.
    discountedUnitPriceAfterAllDiscountsSet: moneyBag(li.price, cur),
    taxLines: li.taxLines.map(taxLineView),
    variant: () => (li.variantId !== null && shop.variants.has(li.variantId) ? variantView(shop.variants.get(li.variantId)!) : null),
    product: () => (li.variantId !== null && shop.variants.has(li.variantId) ? productView(shop.variants.get(li.variantId)!.productId) : null),
  });
  const fulfillmentOrderView = (fo: EmFulfillmentOrder, o: EmOrder): View => {
    const location = shop.locations.get(fo.locationId);
    return {
      __typename: "FulfillmentOrder",
      id: gid("FulfillmentOrder", fo.id),
      status: fo.status,
      requestStatus: "UNSUBMITTED",
      createdAt: iso(fo.createdAt),
      updatedAt: iso(fo.updatedAt),
      orderId: gid("Order", o.id),
      orderName: o.name,
      orderProcessedAt: iso(o.createdAt),
      fulfillmentHolds: fo.holds.map((h) => ({
        __typename: "FulfillmentHold",
        id: gid("FulfillmentHold", h.id),
        reason: h.reason,
        reasonNotes: h.reasonNotes,
        handle: h.handle,
        heldByRequestingApp: h.appId !== null && h.appId === ctx.appId,
        displayReason: h.reason.replace(/_/g, " ").toLowerCase().replace(/^./, (c) => c.toUpperCase()),
      })),
      assignedLocation: { location: () => locationView(fo.locationId), name: location?.name ?? "", countryCode: "US" },
      order: () => orderView(o),
      lineItems: (args: Args) =>
        connection(fo.lines, args, byId, (l) => {
          const li = o.lineItems.find((x) => x.id === l.lineItemId)!;
          const variant = li.variantId !== null ? shop.variants.get(li.variantId) : undefined;
          return {
            __typename: "FulfillmentOrderLineItem",
            id: gid("FulfillmentOrderLineItem", l.id),
            totalQuantity: l.totalQuantity,
            remainingQuantity: l.remainingQuantity,
            inventoryItemId: variant ? gid("InventoryItem", variant.inventoryItemId) : null,
            sku: li.sku,
            productTitle: li.title,
            variantTitle: li.variantTitle,
            vendor: li.vendor,
            requiresShipping: true,
            lineItem: () => lineItemView(li),
            variant: () => (variant ? variantView(variant) : null),
          };
        }),
    };
  };
  const displayFulfillmentStatus = (o: EmOrder) => {
    const shipped = o.lineItems.reduce((s, li) => s + li.fulfilledQuantity, 0);
    const toShip = o.lineItems.reduce((s, li) => s + li.currentQuantity, 0);
    if (o.cancelledAt && shipped === 0) return "UNFULFILLED";
    if (shipped === 0) return o.fulfillmentOrders.some((fo) => fo.status === "ON_HOLD") ? "ON_HOLD" : "UNFULFILLED";
    return shipped >= toShip ? "FULFILLED" : "PARTIALLY_FULFILLED";
  };
  const orderTransactions = (o: EmOrder): View[] => {
    const total = decimal(originalMinor(o).total);
    const base = { manualPaymentGateway: true, manuallyCapturable: false, multiCapturable: false, test: o.test, fees: [], errorCode: null };
    const sale: View = { __typename: "OrderTransaction", ...base, id: gid("OrderTransaction", o.id), kind: "SALE", status: "SUCCESS", gateway: "manual", formattedGateway: "Manual", amountSet: moneyBag(total, cur), createdAt: iso(o.createdAt), processedAt: iso(o.createdAt), parentTransaction: null };
    const refunds = o.refunds.flatMap((r) =>
      (r.transactions ?? []).map((t): View => ({ __typename: "OrderTransaction", ...base, id: gid("OrderTransaction", t.id), kind: "REFUND", status: "SUCCESS", gateway: t.gateway, formattedGateway: t.gateway, amountSet: moneyBag(t.amount, cur), createdAt: iso(r.createdAt), processedAt: iso(r.createdAt), parentTransaction: () => sale })),
    );
    return [sale, ...refunds];
  };
  const orderView = (o: EmOrder): View => {
    const placed = originalMinor(o);
    const now = currentMinor(o);
    return {
      __typename: "Order",
      id: gid("Order", o.id),
      legacyResourceId: String(o.id),
      name: o.name,
      number: o.number - 1000,
      createdAt: iso(o.createdAt),
      processedAt: iso(o.createdAt),
      updatedAt: iso(o.updatedAt),
      cancelledAt: iso(o.cancelledAt),
      cancelReason: o.cancelReason?.toUpperCase() ?? null,
      closedAt: iso(o.closedAt),
      closed: o.closedAt !== null,
      confirmed: true,
      test: o.test,
      sourceName: o.sourceName,
      email: o.email,
      note: null,
      phone: null,
      tags: o.tags,
      currencyCode: cur,
      presentmentCurrencyCode: cur,
      displayFulfillmentStatus: displayFulfillmentStatus(o),
      displayFinancialStatus: financialStatus(o).toUpperCase(),
      totalRefundedSet: moneyBag(decimal(o.refunds.reduce((n, r) => n + refundTotalMinor(r), 0)), cur),
      // One captured sale for the order total (orders are taken as paid), then each refund's money.
      transactions: ({ first }: { first?: number | null }) => orderTransactions(o).slice(0, first ?? undefined),
      refunds: ({ first }: { first?: number | null }) => o.refunds.slice(0, first ?? undefined).map((r) => refundView(r, o)),
      fulfillable: !o.cancelledAt && o.lineItems.some((li) => li.currentQuantity > li.fulfilledQuantity),
      subtotalLineItemsQuantity: o.lineItems.reduce((s, li) => s + li.quantity, 0),
      currentSubtotalLineItemsQuantity: o.lineItems.reduce((s, li) => s + li.currentQuantity, 0),
      subtotalPriceSet: moneyBag(decimal(placed.subtotal), cur),
      totalPriceSet: moneyBag(decimal(placed.total), cur),
      totalTaxSet: moneyBag(decimal(placed.tax), cur),
      currentSubtotalPriceSet: moneyBag(decimal(now.subtotal), cur),
      currentTotalPriceSet: moneyBag(decimal(now.total), cur),
      currentTotalTaxSet: moneyBag(decimal(now.tax), cur),
      taxesIncluded: false,
      taxLines: orderTaxLines(o).map(taxLineView),
      suggestedRefund: (args: Args) => suggestedRefundView(o, args),
      customer: () => customerView(o.customerId),
      retailLocation: () => (o.locationId !== null ? locationView(o.locationId) : null),
      lineItems: (args: Args) => connection(o.lineItems, args, byId, lineItemView),
      // displayable: hides fulfillment orders closed with nothing left on them (after a move).
      fulfillmentOrders: (args: Args) =>
        connection(
          searchFilter(
            o.fulfillmentOrders.filter((fo) => !args.displayable || fo.status !== "CLOSED" || fo.lines.length > 0),
            args.query,
            { status: (fo, _op, v) => fo.status === v.toUpperCase(), assigned_location_id: (fo, op, v) => compareValues(fo.locationId, op, String(parseGid(v)?.id ?? v)) },
            ["order", "fulfillmentOrders"],
            ctx.searches,
          ),
          args,
          byId,
          (fo) => fulfillmentOrderView(fo, o),
        ),
      ...metafieldFields(gid("Order", o.id)),
    };
  };
  /** Order.suggestedRefund for line items (shipping, duties and a full-refund suggestion are not modelled). */
  const suggestedRefundView = (o: EmOrder, args: Args): View => {
    if (args.refundShipping || args.shippingAmount || (Array.isArray(args.refundDuties) && args.refundDuties.length) || args.suggestFullRefund) notImplemented("Order.suggestedRefund(shipping, duties or suggestFullRefund)");
    const lines = ((args.refundLineItems as { lineItemId: string; quantity: number }[] | null) ?? []).map((l) => ({ lineItemId: parseGid(l.lineItemId)?.id ?? -1, quantity: l.quantity }));
    const s = suggestRefund(o, lines);
    const zero = moneyBag("0.00", cur);
    const sale = orderTransactions(o)[0];
    return {
      __typename: "SuggestedRefund",
      amountSet: moneyBag(decimal(s.amount), cur),
      subtotalSet: moneyBag(decimal(s.subtotal), cur),
      discountedSubtotalSet: moneyBag(decimal(s.subtotal), cur),
      totalTaxSet: moneyBag(decimal(s.tax), cur),
      totalCartDiscountAmountSet: zero,
      totalDutiesSet: zero,
      maximumRefundableSet: moneyBag(decimal(s.maximumRefundable), cur),
      shipping: { amountSet: zero, maximumRefundableSet: zero, taxSet: zero },
      refundDuties: [],
      refundLineItems: s.lines.map((l) => ({
        __typename: "RefundLineItem", quantity: l.units, restockType: "NO_RESTOCK", restocked: false, lineItem: () => lineItemView(l.lineItem),
        priceSet: moneyBag(l.lineItem.price, cur), subtotalSet: moneyBag(decimal(l.subtotal), cur), totalTaxSet: moneyBag(decimal(l.tax), cur),
      })),
      suggestedTransactions:
        s.amount > 0
          ? [{ __typename: "SuggestedOrderTransaction", kind: "SUGGESTED_REFUND", gateway: sale.gateway, formattedGateway: sale.formattedGateway, amountSet: moneyBag(decimal(s.amount), cur), maximumRefundableSet: moneyBag(decimal(s.maximumRefundable), cur), parentTransaction: () => sale, accountNumber: null, paymentDetails: null }]
          : [],
      suggestedRefundMethods: [],
    };
  };
  const refundView = (r: EmRefund, o: EmOrder): View => {
    const total = decimal(refundTotalMinor(r));
    return {
      __typename: "Refund",
      id: gid("Refund", r.id),
      legacyResourceId: String(r.id),
      note: r.note,
      createdAt: iso(r.createdAt),
      processedAt: iso(r.createdAt),
      updatedAt: iso(r.createdAt),
      order: () => orderView(o),
      totalRefundedSet: moneyBag(total, cur),
      refundLineItems: (args: Args) =>
        connection(r.lines, args, byId, (l) => {
          const li = o.lineItems.find((x) => x.id === l.lineItemId)!;
          return {
            __typename: "RefundLineItem",
            id: gid("RefundLineItem", l.id),
            quantity: l.quantity,
            restockType: l.restockType,
            restocked: l.restockType !== "NO_RESTOCK",
            location: () => (l.locationId !== null ? locationView(l.locationId) : null),
            lineItem: () => lineItemView(li),
            priceSet: moneyBag(li.price, cur),
            subtotalSet: moneyBag(l.subtotal, cur),
            totalTaxSet: moneyBag(l.totalTax, cur),
          };
        }),
    };
  };

  // ---- order edits -------------------------------------------------------------------------------
  const calculatedLineItemView = (line: { id: number; variantId: number | null; sku: string | null; title: string; variantTitle: string | null; price: string; quantity: number; before: number; fulfilled: number; restocking: boolean; tracked: boolean }): View => ({
    __typename: "CalculatedLineItem",
    id: gid("CalculatedLineItem", line.id),
    quantity: line.quantity,
    editableQuantity: line.quantity - line.fulfilled,
    editableQuantityBeforeChanges: line.before - line.fulfilled,
    restockable: line.tracked && line.before > line.fulfilled,
    restocking: line.restocking,
    sku: line.sku,
    title: line.title,
    variantTitle: line.variantTitle,
    hasStagedLineItemDiscount: false,
    calculatedDiscountAllocations: [],
    customAttributes: [],
    originalUnitPriceSet: moneyBag(line.price, cur),
    discountedUnitPriceSet: moneyBag(line.price, cur),
    editableSubtotalSet: moneyBag((Number(line.price) * (line.quantity - line.fulfilled)).toFixed(2), cur),
    uneditableSubtotalSet: moneyBag((Number(line.price) * line.fulfilled).toFixed(2), cur),
    variant: () => (line.variantId !== null && shop.variants.has(line.variantId) ? variantView(shop.variants.get(line.variantId)!) : null),
  });
  /** The order's lines as the edit would leave them: existing ones (staged quantities), then added ones. */
  const calculatedLines = (edit: EmOrderEdit) => {
    const o = shop.orders.get(edit.orderId)!;
    const tracked = (variantId: number | null) => (variantId !== null && shop.variants.has(variantId) ? shop.items.get(shop.variants.get(variantId)!.inventoryItemId)!.tracked : false);
    const existing = o.lineItems.map((li) => {
      const staged = edit.quantities.get(li.id);
      const quantity = staged?.quantity ?? li.currentQuantity;
      return { id: li.id, variantId: li.variantId, sku: li.sku, title: li.title, variantTitle: li.variantTitle, price: li.price, quantity, before: li.currentQuantity, fulfilled: li.fulfilledQuantity, restocking: Boolean(staged?.restock && quantity < li.currentQuantity), tracked: tracked(li.variantId), added: false };
    });
    // Once committed, added variants are order lines like the others.
    const added = (edit.committedAt ? [] : edit.added).map((a) => {
      const v = shop.variants.get(a.variantId)!;
      return { id: a.id, variantId: v.id, sku: v.sku, title: shop.products.get(v.productId)?.title ?? v.title, variantTitle: v.title === "Default Title" ? null : v.title, price: v.price, quantity: a.quantity, before: 0, fulfilled: 0, restocking: false, tracked: tracked(v.id), added: true };
    });
    return [...existing, ...added];
  };
  const calculatedOrderView = (edit: EmOrderEdit): View => {
    const o = shop.orders.get(edit.orderId)!;
    const lines = () => calculatedLines(edit);
    const subtotal = () => lines().reduce((n, l) => n + Number(l.price) * l.quantity, 0).toFixed(2);
    return {
      __typename: "CalculatedOrder",
      id: gid("CalculatedOrder", edit.id),
      committed: edit.committedAt !== null,
      originalOrder: () => orderView(o),
      lineItems: (args: Args) => connection(lines(), args, byId, (l) => calculatedLineItemView(l)),
      addedLineItems: (args: Args) => connection(lines().filter((l) => l.added), args, byId, (l) => calculatedLineItemView(l)),
      subtotalLineItemsQuantity: () => lines().reduce((n, l) => n + l.quantity, 0),
      subtotalPriceSet: () => moneyBag(subtotal(), cur),
      totalPriceSet: () => moneyBag(subtotal(), cur),
      // The emulator takes orders as paid in full: the edit leaves this balance (negative = refund due).
      totalOutstandingSet: () => moneyBag((Number(subtotal()) - o.lineItems.reduce((n, li) => n + Number(li.price) * li.currentQuantity, 0)).toFixed(2), cur),
    };
  };
  /** The CalculatedLineItem view of one line of an edit (after a change to it). */
  const calculatedLineView = (edit: EmOrderEdit, lineId: number): View | null => {
    const line = calculatedLines(edit).find((l) => l.id === lineId);
    return line ? calculatedLineItemView(line) : null;
  };
  const orderEditSessionView = (edit: EmOrderEdit): View => ({ __typename: "OrderEditSession", id: gid("OrderEditSession", edit.id) });

  const metafieldDefinitionView = (d: EmMetafieldDefinition): View => ({
    __typename: "MetafieldDefinition",
    id: gid("MetafieldDefinition", d.id),
    name: d.name,
    description: d.description,
    namespace: d.namespace,
    key: d.key,
    ownerType: d.ownerType,
    type: { __typename: "MetafieldDefinitionType", name: d.type, category: d.type === "json" ? "JSON" : "TEXT" },
    access: { __typename: "MetafieldAccess", admin: d.access.admin, storefront: d.access.storefront, customerAccount: d.access.customerAccount },
    useAsCollectionCondition: false,
    pinnedPosition: null,
  });

  const shopView: View = {
    __typename: "Shop",
    id: gid("Shop", shop.shopId),
    name: shop.name,
    email: shop.email,
    contactEmail: shop.email,
    myshopifyDomain: shop.domain,
    currencyCode: shop.currencyCode,
    ianaTimezone: shop.ianaTimezone,
    shopAddress: { __typename: "ShopAddress", id: gid("ShopAddress", shop.shopId), countryCodeV2: shop.countryCode, coordinatesValidated: false },
    createdAt: iso(shop.createdAt),
    enabledPresentmentCurrencies: [shop.currencyCode],
    plan: { displayName: "Basic", publicDisplayName: "Basic", partnerDevelopment: false, shopifyPlus: false },
    ...metafieldFields(gid("Shop", shop.shopId)),
  };

  function nodeById(id: unknown): View | null {
    const g = parseGid(id);
    if (!g) return null;
    switch (g.type) {
      case "Order": return shop.orders.has(g.id) ? orderView(shop.orders.get(g.id)!) : null;
      case "ProductVariant": return shop.variants.has(g.id) ? variantView(shop.variants.get(g.id)!) : null;
      case "Product": return productView(g.id);
      case "InventoryItem": return shop.items.has(g.id) ? itemView(shop.items.get(g.id)!) : null;
      case "InventoryLevel": {
        const item = shop.items.get(Number(/inventory_item_id=(\d+)/.exec(String(id))?.[1] ?? -1));
        const loc = item ? [...item.levels].find(([, l]) => l.id === g.id)?.[0] : undefined;
        return item && loc !== undefined ? levelView(item, loc) : null;
      }
      case "Location": return locationView(g.id);
      case "Customer": return customerView(g.id);
      case "Shop": return g.id === shop.shopId ? shopView : null;
      case "Metafield": {
        const m = shop.metafields.find((x) => x.id === g.id);
        return m ? metafieldView(m) : null;
      }
      case "MetafieldDefinition": {
        const d = shop.metafieldDefinitions.find((x) => x.id === g.id);
        return d ? metafieldDefinitionView(d) : null;
      }
      case "FulfillmentOrder": {
        const hit = shop.findFulfillmentOrder(g.id);
        return hit ? fulfillmentOrderView(hit.fo, hit.order) : null;
      }
      case "Refund": {
        for (const o of shop.orders.values()) for (const r of o.refunds) if (r.id === g.id) return refundView(r, o);
        return null;
      }
      case "CalculatedOrder": return shop.orderEdits.has(g.id) ? calculatedOrderView(shop.orderEdits.get(g.id)!) : null;
      case "OrderEditSession": return shop.orderEdits.has(g.id) ? orderEditSessionView(shop.orderEdits.get(g.id)!) : null;
      case "LineItem": {
        const hit = shop.findLineItem(g.id);
        return hit ? lineItemView(hit.lineItem) : null;
      }
      default: return null;
    }
  }

  return {
    shopView,
    locationView,
    variantView,
    productView,
    itemView,
    levelView,
    orderView,
    customerView,
    metafieldView,
    metafieldDefinitionView,
    fulfillmentOrderView,
    refundView,
    calculatedOrderView,
    calculatedLineView,
    orderEditSessionView,
    displayFulfillmentStatus,
    nodeById,
  };
}
