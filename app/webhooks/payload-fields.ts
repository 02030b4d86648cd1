// Lenient field parsers for Shopify's REST webhook JSON: ids and counts arrive as numbers or
// numeric strings, empty strings stand for null, timestamps carry the shop's UTC offset.
import { z } from "zod";

// Ids are stored as Postgres bigint and counts as integer: a value outside those ranges is a
// malformed body to report at once, not a database error to retry five times.
const MAX_BIGINT = 2n ** 63n - 1n;
const INT32 = 2 ** 31;

/** A numeric Shopify id (number or digit string) -> bigint. */
export const id = z
  .union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,19}$/, "expected a numeric id")])
  .transform((v) => BigInt(v))
  .refine((v) => v <= MAX_BIGINT, "id out of range");

export const optionalId = z.preprocess((v) => (v === "" ? null : v), id.nullable().optional());

/** An integer count (number or integer string). */
export const int = z
  .union([z.number().int(), z.string().regex(/^-?\d{1,10}$/, "expected an integer")])
  .transform((v) => Number(v))
  .refine((v) => v > -INT32 && v < INT32, "integer out of range");

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
