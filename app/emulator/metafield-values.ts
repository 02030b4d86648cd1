// Metafield value validation by type, as metafieldsSet checks it (userErrors code INVALID_VALUE /
// INVALID_TYPE). The types later features use: text, numbers, booleans, dates, JSON, lists.

const SCALAR_CHECKS: Record<string, (v: string) => boolean> = {
  single_line_text_field: (v) => !/[\r\n]/.test(v),
  multi_line_text_field: () => true,
  number_integer: (v) => /^-?\d+$/.test(v) && Math.abs(Number(v)) <= 9007199254740991,
  number_decimal: (v) => /^-?\d+(\.\d+)?$/.test(v),
  boolean: (v) => v === "true" || v === "false",
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
  date_time: (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(v) && !Number.isNaN(Date.parse(v)),
  url: (v) => /^(https?|mailto|sms|tel):/.test(v),
  color: (v) => /^#[0-9a-fA-F]{6}$/.test(v),
  product_reference: (v) => /^gid:\/\/shopify\/Product\/\d+$/.test(v),
  variant_reference: (v) => /^gid:\/\/shopify\/ProductVariant\/\d+$/.test(v),
};

function parseJson(v: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(v) };
  } catch {
    return { ok: false };
  }
}

export function isKnownMetafieldType(type: string): boolean {
  return type === "json" || type in SCALAR_CHECKS || (type.startsWith("list.") && type.slice(5) in SCALAR_CHECKS);
}

/** null when valid, else Shopify's message. */
export function metafieldValueError(type: string, value: string): string | null {
  if (type === "json") return parseJson(value).ok ? null : "Value is invalid JSON.";
  if (type.startsWith("list.")) {
    const inner = SCALAR_CHECKS[type.slice(5)];
    const parsed = parseJson(value);
    if (!parsed.ok || !Array.isArray(parsed.value)) return `Value must be an array of ${type.slice(5)} values.`;
    return parsed.value.every((x) => inner(typeof x === "string" ? x : JSON.stringify(x))) ? null : `Value has an invalid ${type.slice(5)} element.`;
  }
  const check = SCALAR_CHECKS[type];
  return check(value) ? null : `Value must be a valid ${type.replace(/_/g, " ")}.`;
}
