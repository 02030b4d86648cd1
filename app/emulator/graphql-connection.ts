// Relay connections as Shopify serves them: first/last (max 250), after/before keyset cursors
// (base64 JSON of the last id and sort value, so pages stay stable while records are added),
// reverse, and both `nodes` and `edges`.
import { GraphQLError } from "graphql";

type Args = Record<string, unknown>;
export type SortKey = [value: string | number, id: number];

export const MAX_PAGE_SIZE = 250;

/** The default order: by id, which is creation order (Shopify's ID sort key). */
export const byId = <T extends { id: number }>(t: T): SortKey => [0, t.id];

export function encodeCursor([value, id]: SortKey): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: value })).toString("base64");
}

function decodeCursor(cursor: string): SortKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown; last_value?: unknown };
    if (typeof parsed.last_id === "number" && (typeof parsed.last_value === "string" || typeof parsed.last_value === "number")) {
      return [parsed.last_value, parsed.last_id];
    }
  } catch {
    // falls through to Shopify's error
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
}

const compare = (a: SortKey, b: SortKey) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]);

/**
 * One page of `all` (any order: it is sorted here by `key`, then id). `view` turns an item into
 * the GraphQL object; it runs only for the items on the page.
 */
export function connection<T>(all: T[], args: Args, key: (t: T) => SortKey, view: (t: T) => unknown) {
  const first = args.first as number | null | undefined;
  const last = args.last as number | null | undefined;
  if (first == null && last == null) throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  for (const [name, n] of [["first", first], ["last", last]] as const) {
    if (n != null && (n < 0 || n > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The value of the argument \`${name}\` must be between 0 and ${MAX_PAGE_SIZE}.`, { extensions: { code: "BAD_REQUEST" } });
    }
  }
  const dir = args.reverse ? -1 : 1;
  let items = all.map((item) => ({ item, k: key(item) })).sort((a, b) => dir * compare(a.k, b.k));
  const total = items.length;
  if (typeof args.after === "string") {
    const after = decodeCursor(args.after);
    items = items.filter((x) => dir * compare(x.k, after) > 0);
  }
  if (typeof args.before === "string") {
    const before = decodeCursor(args.before);
    items = items.filter((x) => dir * compare(x.k, before) < 0);
  }
  const windowSize = items.length;
  if (first != null) items = items.slice(0, first);
  if (last != null) items = items.slice(Math.max(0, items.length - last));
  const edges = items.map((x) => ({ cursor: encodeCursor(x.k), node: view(x.item) }));
  const startIndex = typeof args.after === "string" ? total - windowSize : 0;
  return {
    nodes: edges.map((e) => e.node),
    edges,
    pageInfo: {
      hasNextPage: first != null ? windowSize > items.length : typeof args.before === "string",
      hasPreviousPage: last != null ? windowSize > items.length : startIndex > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
