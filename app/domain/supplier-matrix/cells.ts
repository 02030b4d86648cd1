// zod schemas for single CSV cells (already trimmed; "" when empty). Messages follow the column
// name: "moq must be at least 1 (got 0)".
import { z } from "zod";

const NUMERIC = /^-?(\d+(\.\d*)?|\.\d+)$/;

export const requiredText = () => z.string().min(1, "is required");

export const optionalText = () => z.string().transform((v) => (v === "" ? null : v));

type NumberRule = { integer?: boolean; min?: number; max?: number };

function checkNumber(raw: string, rule: NumberRule, ctx: z.RefinementCtx): number | typeof z.NEVER {
  const issue = (message: string) => {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    return z.NEVER;
  };
  if (!NUMERIC.test(raw)) return issue(`must be a number (got "${raw}")`);
  const n = Number(raw);
  const min = rule.min ?? 0;
  if (n < 0 && min >= 0) return issue(`must not be negative (got ${raw})`);
  if (rule.integer && !Number.isInteger(n)) return issue(`must be a whole number (got ${raw})`);
  if (rule.max !== undefined && (n < min || n > rule.max)) return issue(`must be between ${min} and ${rule.max} (got ${raw})`);
  if (n < min) return issue(`must be at least ${min} (got ${raw})`);
  return n;
}

export const requiredNumber = (rule: NumberRule = {}) =>
  z
    .string()
    .min(1, "is required")
    .transform((raw, ctx) => checkNumber(raw, rule, ctx));

/** Empty is null (unknown / unlimited / not seeded). */
export const optionalNumber = (rule: NumberRule = {}) =>
  z.string().transform((raw, ctx) => (raw === "" ? null : checkNumber(raw, rule, ctx)));

/** One of a fixed set of lowercase codes; "Active" is read as "active". */
export const enumCell = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(values, { errorMap: () => ({ message: `must be one of ${values.join(", ")}` }) }));

export const optionalCurrency = () =>
  z
    .string()
    .transform((v) => v.toUpperCase())
    .refine((v) => v === "" || /^[A-Z]{3}$/.test(v), "must be a 3-letter ISO 4217 code such as EUR")
    .transform((v) => (v === "" ? null : v));

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const optionalTimeZone = () =>
  z
    .string()
    .refine((v) => v === "" || isTimeZone(v), "must be an IANA time zone such as Europe/Berlin")
    .transform((v) => (v === "" ? null : v));

const email = z.string().email();

export const optionalEmail = () =>
  z
    .string()
    .refine((v) => v === "" || email.safeParse(v).success, "must be an email address")
    .transform((v) => (v === "" ? null : v));

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

export const optionalHttpUrl = () =>
  z
    .string()
    .refine((v) => v === "" || isHttpUrl(v), "must be an http(s) URL")
    .transform((v) => (v === "" ? null : v));
