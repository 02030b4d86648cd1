// Shopify's search syntax for connection `query:` arguments, the subset the app and its tests
// use: `field:value`, comparisons (`field:>value`, `>=`, `<`, `<=`), quoted values, implicit AND,
// `OR`, negation (`-field:value`). As Shopify does, an unknown field does not fail the request:
// it is ignored and reported as a warning in `extensions.search`.

export type SearchTerm = { field: string; op: ":" | ">" | ">=" | "<" | "<="; value: string; negated: boolean };
export type SearchWarning = { field: string; message: string };
export type SearchReport = { path: string[]; query: string; parsed: unknown; warnings?: SearchWarning[] };

/** Field name -> predicate on one value (with the comparison operator). */
export type SearchFields<T> = Record<string, (item: T, op: SearchTerm["op"], value: string) => boolean>;

function tokenize(query: string): string[] {
  return query.match(/-?[\w.]+:(?:[<>]=?)?(?:"[^"]*"|'[^']*'|\S+)|\S+/g) ?? [];
}

function parseTerm(token: string): SearchTerm | null {
  const m = /^(-?)([\w.]+):(>=|<=|>|<)?(.*)$/.exec(token);
  if (!m) return null;
  return { negated: m[1] === "-", field: m[2], op: (m[3] as SearchTerm["op"]) ?? ":", value: m[4].replace(/^["']|["']$/g, "") };
}

/** Parsed query: alternatives (OR) of conjunctions (AND) of terms. */
export function parseSearch(query: string): SearchTerm[][] {
  const groups: SearchTerm[][] = [[]];
  for (const token of tokenize(query)) {
    if (token === "OR") groups.push([]);
    else if (token === "AND") continue;
    else {
      const term = parseTerm(token);
      // Free text (no field) matches a default field in Shopify; the emulator treats it as "title".
      groups[groups.length - 1].push(term ?? { negated: false, field: "title", op: ":", value: token });
    }
  }
  return groups.filter((g) => g.length > 0);
}

export function compareValues(actual: string | number | null | undefined, op: SearchTerm["op"], expected: string): boolean {
  if (actual === null || actual === undefined) return false;
  if (op === ":") return String(actual).toLowerCase() === expected.toLowerCase();
  const a = typeof actual === "number" ? actual : Date.parse(actual);
  const b = typeof actual === "number" ? Number(expected) : Date.parse(expected);
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return op === ">" ? a > b : op === ">=" ? a >= b : op === "<" ? a < b : a <= b;
}

/** Filters `items` by `query`, pushing Shopify's search report (with warnings) to `reports`. */
export function searchFilter<T>(items: T[], query: unknown, fields: SearchFields<T>, path: string[], reports: SearchReport[]): T[] {
  if (typeof query !== "string" || query.trim() === "") return items;
  const groups = parseSearch(query);
  const warnings: SearchWarning[] = [];
  for (const g of groups) for (const t of g) if (!fields[t.field] && !warnings.some((w) => w.field === t.field)) warnings.push({ field: t.field, message: "Invalid search field for this query." });
  reports.push({ path, query, parsed: groups, ...(warnings.length ? { warnings } : {}) });
  const known = groups.map((g) => g.filter((t) => fields[t.field]));
  return items.filter((item) => known.some((g) => g.every((t) => fields[t.field](item, t.op, t.value) !== t.negated)));
}
