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

/** A money amount ("162.04", 1259.9, "25") as a decimal string, or null. */
export const optionalMoney = z.preprocess(
  (v) => (v === "" ? null : v),
  z
    .union([z.string().regex(/^-?\d{1,12}(\.\d{1,6})?$/, "expected a money amount"), z.number().finite()])
    .transform((v) => (typeof v === "number" ? String(v) : v))
    .nullable()
    .optional(),
);

/** A Shopify id as a gid ("gid://shopify/FulfillmentOrder/123") or a number -> bigint. */
export const gidOrId = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const m = /^(?:gid:\/\/shopify\/\w+\/)?(\d{1,19})(?:\?.*)?$/.exec(String(v));
    if (!m || BigInt(m[1]) > MAX_BIGINT) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "expected a Shopify id or gid" });
      return z.NEVER;
    }
    return BigInt(m[1]);
  });

/** Text as Postgres can store it: NUL characters (valid JSON, invalid in a text column) removed. */
const storable = (s: string) => (s.includes("\u0000") ? s.replaceAll("\u0000", "") : s);

export const optionalString = z.preprocess(
  (v) => (v === "" ? null : typeof v === "number" ? String(v) : typeof v === "string" ? storable(v) : v),
  z.string().max(100_000, "string too long").nullable().optional(),
);

/** "a.b[2].c: message" for the first issues of a failed parse. */
export function describeIssues(error: z.ZodError, max = 3): string {
  return error.issues
    .slice(0, max)
    .map((i) => `${i.path.map((p, n) => (typeof p === "number" ? `[${p}]` : n ? `.${p}` : p)).join("") || "(body)"}: ${i.message}`)
    .join("; ");
}
