// Admin GraphQL for background work (offline session), with Shopify's failure modes handled:
// THROTTLED (wait for the leaky bucket to refill, then retry), 5xx / network errors (backoff),
// and GraphQL errors surfaced as AdminApiError with Shopify's error list.
import { unauthenticated } from "../shopify.server";

export type GraphqlError = { message: string; extensions?: { code?: string; [k: string]: unknown }; path?: unknown[] };
export type CostExtension = {
  requestedQueryCost?: number;
  actualQueryCost?: number;
  throttleStatus?: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
};
export type GraphqlBody<T> = { data?: T; errors?: GraphqlError[] | string; extensions?: { cost?: CostExtension } };

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly errors: GraphqlError[],
    readonly code?: string,
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

/** Sends one operation and returns Shopify's raw JSON body (errors included), or throws on transport failure. */
export type AdminTransport = (shop: string, query: string, variables?: Record<string, unknown>) => Promise<GraphqlBody<unknown>>;

export const libraryAdminTransport: AdminTransport = async (shop, query, variables) => {
  const { admin } = await unauthenticated.admin(shop);
  try {
    const res = await admin.graphql(query, { variables });
    return (await res.json()) as GraphqlBody<unknown>;
  } catch (error) {
    // The library throws GraphqlQueryError for a body with `errors` (wrapped as
    // { graphQLErrors: [...] }): hand Shopify's body back for uniform handling.
    const body = (error as { body?: { data?: unknown; errors?: { graphQLErrors?: GraphqlError[] }; extensions?: GraphqlBody<unknown>["extensions"] } }).body;
    if (body?.errors?.graphQLErrors) return { data: body.data, errors: body.errors.graphQLErrors, extensions: body.extensions };
    throw error;
  }
};

let transport: AdminTransport = libraryAdminTransport;
/** Tests and replay may swap the transport; production never does. */
export function setAdminTransport(t: AdminTransport | null): void {
  transport = t ?? libraryAdminTransport;
}

export type AdminCallOptions = {
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  transport?: AdminTransport;
};

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Milliseconds until the bucket holds the requested cost again (Shopify's restore rate is per second). */
export function throttleWaitMs(cost: CostExtension | undefined): number {
  const t = cost?.throttleStatus;
  if (!t || !t.restoreRate) return 1000;
  const needed = Math.max(0, (cost?.requestedQueryCost ?? 50) - t.currentlyAvailable);
  return Math.ceil((needed / t.restoreRate) * 1000) + 50;
}

const TRANSIENT = /HttpInternalError|HttpRetriableError|HttpThrottlingError|FetchError|AbortError|ECONNRESET|ECONNREFUSED|fetch failed/;
export function isTransient(error: unknown): boolean {
  const e = error as { name?: string; message?: string; constructor?: { name?: string } };
  return TRANSIENT.test(`${e?.constructor?.name ?? ""} ${e?.name ?? ""} ${e?.message ?? ""}`);
}

export async function adminGraphql<T>(
  shop: string,
  query: string,
  variables?: Record<string, unknown>,
  options: AdminCallOptions = {},
): Promise<T> {
  return (await adminGraphqlWithCost<T>(shop, query, variables, options)).data;
}

/** As adminGraphql, with the cost extension of the answer (callers that pace themselves to the bucket). */
export async function adminGraphqlWithCost<T>(
  shop: string,
  query: string,
  variables?: Record<string, unknown>,
  options: AdminCallOptions = {},
): Promise<{ data: T; cost: CostExtension | undefined }> {
  const maxAttempts = options.maxAttempts ?? 6;
  const sleep = options.sleep ?? realSleep;
  const send = options.transport ?? transport;
  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let body: GraphqlBody<T>;
    try {
      body = (await send(shop, query, variables)) as GraphqlBody<T>;
    } catch (error) {
      // Network failure or 5xx/429 from the library: back off and retry. Anything else (no offline
      // session, 401/403) will not heal by waiting.
      if (!isTransient(error)) throw error;
      lastError = error;
      if (attempt < maxAttempts) await sleep(Math.min(30_000, 250 * 2 ** (attempt - 1)));
      continue;
    }
    const errors: GraphqlError[] = typeof body.errors === "string" ? [{ message: body.errors }] : Array.isArray(body.errors) ? body.errors : [];
    if (errors.length === 0 && body.data) return { data: body.data, cost: body.extensions?.cost };
    const throttled = errors.some((e) => e.extensions?.code === "THROTTLED");
    const t = body.extensions?.cost;
    const neverFits = t?.throttleStatus && (t.requestedQueryCost ?? 0) > t.throttleStatus.maximumAvailable;
    if (throttled && attempt < maxAttempts && !neverFits) {
      await sleep(throttleWaitMs(body.extensions?.cost));
      continue;
    }
    throw new AdminApiError(
      `Admin API: ${errors.map((e) => e.message).join("; ") || "no data"}`,
      errors,
      errors[0]?.extensions?.code,
    );
  }
  throw lastError instanceof Error ? lastError : new Error("Admin API: retries exhausted");
}

/** Walks a connection page by page; `pick` returns the connection from each page's data. */
export async function* paginate<T, N>(
  shop: string,
  query: string,
  pick: (data: T) => { nodes: N[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } },
  variables: Record<string, unknown> = {},
  options: AdminCallOptions = {},
): AsyncGenerator<N[]> {
  let after: string | null | undefined = null;
  do {
    const data: T = await adminGraphql<T>(shop, query, { ...variables, after }, options);
    const conn = pick(data);
    yield conn.nodes;
    after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
  } while (after);
}
