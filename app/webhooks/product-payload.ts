// products/update: keeps the variant -> inventory item -> SKU mapping current.
import { z } from "zod";
import { id, optionalId, optionalString, optionalTimestamp } from "./payload-fields";
import type { ParseResult } from "./order-payload";

const Variant = z.object({
  id,
  sku: optionalString,
  title: optionalString,
  inventory_item_id: optionalId,
  inventory_policy: optionalString,
  inventory_management: optionalString,
});

const ProductPayload = z.object({
  id,
  title: optionalString,
  updated_at: optionalTimestamp,
  variants: z
    .array(Variant)
    .default([])
    .superRefine((variants, ctx) => {
      const seen = new Set<string>();
      variants.forEach((v, i) => {
        for (const [field, value] of [["id", v.id], ["inventory_item_id", v.inventory_item_id]] as const) {
          if (value == null) continue;
          if (seen.has(`${field}:${value}`)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, field], message: `duplicate ${field}` });
          seen.add(`${field}:${value}`);
        }
      });
    }),
});

export type ParsedProductVariant = {
  variantId: bigint;
  inventoryItemId: bigint;
  sku: string | null;
  title: string;
  inventoryPolicy: "DENY" | "CONTINUE";
};

export type ParsedProduct = { id: bigint; title: string; updatedAt: Date | null; variants: ParsedProductVariant[]; skippedVariants: number };

export function parseProductPayload(body: unknown): ParseResult<ParsedProduct> {
  const r = ProductPayload.safeParse(body);
  if (!r.success) return { ok: false, error: r.error };
  const p = r.data;
  const variants = p.variants
    .filter((v) => v.inventory_item_id != null)
    .map((v) => ({
      variantId: v.id,
      inventoryItemId: v.inventory_item_id!,
      sku: v.sku ?? null,
      title: [p.title, v.title && v.title !== "Default Title" ? v.title : null].filter(Boolean).join(" — ") || "Untitled",
      inventoryPolicy: (v.inventory_policy ?? "deny").toUpperCase() === "CONTINUE" ? ("CONTINUE" as const) : ("DENY" as const),
    }));
  return {
    ok: true,
    value: { id: p.id, title: p.title ?? "Untitled", updatedAt: p.updated_at ?? null, variants, skippedVariants: p.variants.length - variants.length },
  };
}
