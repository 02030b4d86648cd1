// orders/create, orders/updated, orders/cancelled: the fields detection needs, from payloads as
// messy as the captured samples (custom items without a variant, gift cards, POS without a
// customer, numeric app ids as source_name, strings where numbers are expected).
import { z } from "zod";
import { id, int, optionalId, optionalMoney, optionalString, optionalTimestamp, timestamp } from "./payload-fields";

const LineItem = z.object({
  id,
  variant_id: optionalId,
  sku: optionalString,
  title: optionalString,
  name: optionalString,
  quantity: int,
  current_quantity: int.nullable().optional(),
  fulfillable_quantity: int.nullable().optional(),
  gift_card: z.boolean().nullable().optional(),
  product_exists: z.boolean().nullable().optional(),
  requires_shipping: z.boolean().nullable().optional(),
  price: optionalMoney,
});

const OrderPayload = z.object({
  id,
  name: optionalString,
  order_number: int.nullable().optional(),
  source_name: optionalString,
  created_at: timestamp,
  updated_at: optionalTimestamp,
  cancelled_at: optionalTimestamp,
  closed_at: optionalTimestamp,
  test: z.boolean().nullable().optional(),
  email: optionalString,
  contact_email: optionalString,
  location_id: optionalId,
  current_total_price: optionalMoney,
  total_price: optionalMoney,
  customer: z
    .object({
      id: optionalId,
      email: optionalString,
      first_name: optionalString,
      last_name: optionalString,
    })
    .passthrough()
    .nullable()
    .optional(),
  line_items: z.array(LineItem).superRefine((items, ctx) => {
    const seen = new Set<bigint>();
    items.forEach((li, i) => {
      if (seen.has(li.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, "id"], message: "duplicate line item id" });
      seen.add(li.id);
    });
  }),
  // Refunded units (restocked or not) no longer ship; older payloads carry no current_quantity.
  refunds: z
    .array(
      z.object({
        refund_line_items: z.array(z.object({ line_item_id: id, quantity: int }).passthrough()).nullable().optional(),
      }).passthrough(),
    )
    .nullable()
    .optional(),
});

export type ParsedOrderLine = {
  id: bigint;
  variantId: bigint | null;
  sku: string | null;
  title: string;
  quantity: number;
  /** Units still to ship: 0 once fulfilled, removed, refunded or cancelled. */
  openQuantity: number;
  /** Units the order still has (less refunded and removed; fulfilled ones count): a fulfilled line keeps them. */
  currentQuantity?: number;
  /** Why the line never draws on tracked stock (custom item, gift card), or null. */
  untrackedReason: string | null;
  /** Unit price in the shop's currency (decimal string), when the payload carries it. */
  unitPrice: string | null;
};

export type ParsedOrder = {
  id: bigint;
  name: string;
  channel: string;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  closedAt: Date | null;
  test: boolean;
  customerId: bigint | null;
  email: string | null;
  customerName: string | null;
  locationId: bigint | null;
  /** current_total_price (decimal string), when the payload carries it. */
  totalPrice: string | null;
  lines: ParsedOrderLine[];
};

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: z.ZodError };

export function parseOrderPayload(body: unknown): ParseResult<ParsedOrder> {
  const r = OrderPayload.safeParse(body);
  if (!r.success) return { ok: false, error: r.error };
  const o = r.data;
  const cancelled = Boolean(o.cancelled_at);
  const customerName = [o.customer?.first_name, o.customer?.last_name].filter(Boolean).join(" ") || null;
  const refunded = new Map<bigint, number>();
  for (const r of o.refunds ?? []) {
    for (const rl of r.refund_line_items ?? []) refunded.set(rl.line_item_id, (refunded.get(rl.line_item_id) ?? 0) + rl.quantity);
  }
  return {
    ok: true,
    value: {
      id: o.id,
      name: o.name ?? (o.order_number != null ? `#${o.order_number}` : `#${o.id}`),
      // Orders created through the Admin API by an app carry no source_name in some versions.
      channel: o.source_name ?? "unknown",
      createdAt: o.created_at,
      updatedAt: o.updated_at ?? o.created_at,
      cancelledAt: o.cancelled_at ?? null,
      closedAt: o.closed_at ?? null,
      test: o.test ?? false,
      customerId: o.customer?.id ?? null,
      email: o.email ?? o.contact_email ?? o.customer?.email ?? null,
      customerName,
      locationId: o.location_id ?? null,
      totalPrice: o.current_total_price ?? o.total_price ?? null,
      lines: o.line_items.map((li) => {
        const untrackedReason = li.gift_card
          ? "gift card"
          : li.variant_id == null
            ? "custom line item (no variant)"
            : null;
        const current = li.current_quantity ?? li.quantity - (refunded.get(li.id) ?? 0);
        const fulfillable = li.fulfillable_quantity ?? current;
        return {
          id: li.id,
          variantId: li.variant_id ?? null,
          sku: li.sku ?? null,
          title: li.name ?? li.title ?? "Untitled line",
          quantity: li.quantity,
          openQuantity: cancelled ? 0 : Math.max(0, Math.min(current, fulfillable)),
          currentQuantity: Math.max(0, current),
          untrackedReason,
          unitPrice: li.price ?? null,
        };
      }),
    },
  };
}
