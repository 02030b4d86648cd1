// Lenient field parsers for Shopify's REST webhook JSON: ids and counts arrive as numbers or
// numeric strings, empty strings stand for null, timestamps carry the shop's UTC offset.
import { z } from "zod";

/** A numeric Shopify id (number or digit string) -> bigint. */
export const id = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, "expected a numeric id")])
  .transform((v) => BigInt(v));

export const optionalId = z.preprocess((v) => (v === "" ? null : v), id.nullable().optional());

/** An integer count (number or integer string). */
export const int = z
  .union([z.number().int(), z.string().regex(/^-?\d+$/, "expected an integer")])
  .transform((v) => Number(v));

export const timestamp = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "expected an ISO-8601 timestamp")
  .transform((s) => new Date(s));

export const optionalTimestamp = z.preprocess((v) => (v === "" ? null : v), timestamp.nullable().optional());

export const optionalString = z.preprocess(
  (v) => (v === "" ? null : typeof v === "number" ? String(v) : v),
  z.string().nullable().optional(),
);

/** "a.b[2].c: message" for the first issues of a failed parse. */
export function describeIssues(error: z.ZodError, max = 3): string {
  return error.issues
    .slice(0, max)
    .map((i) => `${i.path.map((p, n) => (typeof p === "number" ? `[${p}]` : n ? `.${p}` : p)).join("") || "(body)"}: ${i.message}`)
    .join("; ");
}
