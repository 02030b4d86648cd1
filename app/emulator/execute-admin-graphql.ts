// Executes an Admin GraphQL request the way Shopify answers it: syntax/validation/variable errors
// in Shopify's shape (HTTP 200), calculated cost and leaky-bucket throttling in `extensions.cost`,
// MAX_COST_EXCEEDED over 1,000 points, and an error (never silent nulls) for any field the
// emulator does not implement.
import {
  GraphQLError,
  Kind,
  execute,
  getVariableValues,
  parse,
  validate,
  getDirectiveValues,
  type DocumentNode,
  type GraphQLResolveInfo,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type OperationDefinitionNode,
} from "graphql";
import { adminSchema } from "./admin-schema";
import { actualQueryCost, requestedQueryCost } from "./query-cost";
import type { EmulatedShop } from "./emulated-shop";
import type { LeakyBucket } from "./leaky-bucket";
import { adminQueryRoot } from "./admin-query-root";
import { adminMutations } from "./admin-mutations";
import type { ViewContext } from "./graphql-views";
import type { SearchReport } from "./search-query";
import { shopifyParseError, shopifyValidationErrors, shopifyVariableError, type ShopifyError } from "./shopify-graphql-errors";

export type GraphqlResponse = { status: number; body: Record<string, unknown> };

export const MAX_QUERY_COST = 1000;
const THROTTLE_DOCS = "https://shopify.dev/api/usage/rate-limits";

const strictResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, ctx, info) => {
  if (source && typeof source === "object" && info.fieldName in (source as object)) {
    const value = (source as Record<string, unknown>)[info.fieldName];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).call(source, args, ctx, info) : value;
  }
  if (info.fieldName === "__typename") return info.parentType.name;
  throw new GraphQLError(`Field '${info.fieldName}' on type '${info.parentType.name}' is not implemented by the Backorder Pilot Shopify emulator`, {
    extensions: { code: "NOT_IMPLEMENTED_BY_EMULATOR" },
  });
};

type Prepared =
  | { ok: false; errors: ShopifyError[] }
  | { ok: true; doc: DocumentNode; ops: OperationDefinitionNode[]; fragments: Record<string, FragmentDefinitionNode> };

// The app sends the same few documents thousands of times (one ORDER_ASSIGNMENTS_QUERY per order
// in the benchmark): parse and validate each distinct document once.
const prepared = new Map<string, Prepared>();
const PREPARED_LIMIT = 500;

function prepare(query: string): Prepared {
  const hit = prepared.get(query);
  if (hit) return hit;
  let result: Prepared;
  try {
    const doc = parse(query);
    const errors = validate(adminSchema(), doc);
    result = errors.length
      ? { ok: false, errors: shopifyValidationErrors(errors, doc) }
      : {
          ok: true,
          doc,
          ops: doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION),
          fragments: Object.fromEntries(
            doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
          ),
        };
  } catch (e) {
    result = { ok: false, errors: [shopifyParseError(e as GraphQLError)] };
  }
  if (prepared.size >= PREPARED_LIMIT) prepared.delete(prepared.keys().next().value!);
  prepared.set(query, result);
  return result;
}

function resultError(e: GraphQLError): ShopifyError {
  return { message: e.message, locations: e.locations, path: e.path as (string | number)[] | undefined, ...(e.extensions && Object.keys(e.extensions).length ? { extensions: e.extensions } : {}) };
}

// Mutations whose 2026-01 documentation supports `@idempotent(key:)` (the emulator implements these).
const IDEMPOTENT_MUTATIONS = new Set(["inventoryAdjustQuantities", "inventorySetQuantities", "refundCreate"]);

/**
 * Shopify's idempotent requests: a mutation sent again with the same `@idempotent(key:)` answers the
 * first successful result without acting again; the same key with other arguments is refused.
 */
function idempotentMutations(shop: EmulatedShop, root: Record<string, unknown>): Record<string, unknown> {
  const directive = adminSchema().getDirective("idempotent");
  return Object.fromEntries(
    Object.entries(root).map(([name, fn]) => {
      if (typeof fn !== "function") return [name, fn];
      const wrapped = (args: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo) => {
        const node = info.fieldNodes[0];
        const values = directive && node.directives?.some((d) => d.name.value === "idempotent") ? getDirectiveValues(directive, node, info.variableValues) : undefined;
        if (!values) return (fn as (...a: unknown[]) => unknown)(args, context, info);
        const key = String(values.key ?? "");
        if (!key.trim()) throw new GraphQLError("The idempotency key cannot be an empty string or whitespace only.", { extensions: { code: "BAD_REQUEST" } });
        if (!IDEMPOTENT_MUTATIONS.has(name)) throw new GraphQLError(`${name} does not support the @idempotent directive.`, { extensions: { code: "BAD_REQUEST" } });
        const request = JSON.stringify([name, args]);
        const seen = shop.idempotentResults.get(key);
        if (seen) {
          if (seen.request !== request) throw new GraphQLError("The same idempotency key cannot be used with different operation parameters.", { extensions: { code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" } });
          return seen.result;
        }
        const result = (fn as (...a: unknown[]) => unknown)(args, context, info) as { userErrors?: unknown[] } | null;
        // Only a request that did something is remembered: one refused with userErrors may be retried.
        if (result && Array.isArray(result.userErrors) && result.userErrors.length === 0) shop.idempotentResults.set(key, { request, result });
        return result;
      };
      return [name, wrapped];
    }),
  );
}

export function executeAdminGraphql(
  shop: EmulatedShop,
  bucket: LeakyBucket,
  request: { query?: unknown; variables?: unknown; operationName?: unknown },
  caller: { nowMs: number; appNamespace: string; scopes: string[]; appId?: number },
): GraphqlResponse {
  const { nowMs, appNamespace } = caller;
  if (typeof request.query !== "string" || request.query.trim() === "") {
    return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  }
  const p = prepare(request.query);
  if (!p.ok) return { status: 200, body: { errors: p.errors } };

  const op = typeof request.operationName === "string" && request.operationName ? p.ops.find((o) => o.name?.value === request.operationName) : p.ops.length === 1 ? p.ops[0] : undefined;
  if (!op) {
    const message = p.ops.length > 1 && !request.operationName ? "An operation name is required" : `No operation named "${String(request.operationName)}"`;
    return { status: 200, body: { errors: [{ message }] } };
  }
  const schema = adminSchema();
  const variables = request.variables && typeof request.variables === "object" ? (request.variables as Record<string, unknown>) : {};
  const coerced = getVariableValues(schema, op.variableDefinitions ?? [], variables, { maxErrors: 50 });
  if (coerced.errors) return { status: 200, body: { errors: coerced.errors.map((e) => shopifyVariableError(e, p.doc, variables)) } };

  const requested = requestedQueryCost(schema, op, p.fragments, coerced.coerced);
  bucket.refill(nowMs);
  const cost = (actual: number | null) => ({ requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() });
  if (requested > MAX_QUERY_COST) {
    return {
      status: 200,
      body: {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nSee ${THROTTLE_DOCS} for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/docs/api/usage/bulk-operations/queries for usage details.\n`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST, documentation: THROTTLE_DOCS },
          },
        ],
        extensions: { cost: cost(null) },
      },
    };
  }
  if (!bucket.take(requested, nowMs)) {
    return {
      status: 200,
      body: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: THROTTLE_DOCS } }], extensions: { cost: cost(null) } },
    };
  }

  const searches: SearchReport[] = [];
  const ctx: ViewContext = { shop, appNamespace, searches, scopes: caller.scopes, now: new Date(nowMs), appId: caller.appId };
  const root = op.operation === "mutation" ? idempotentMutations(shop, adminMutations(ctx, new Date(nowMs))) : adminQueryRoot(ctx);
  const result = execute({ schema, document: p.doc, rootValue: root, variableValues: variables, operationName: op.name?.value, fieldResolver: strictResolver });
  if (result instanceof Promise) throw new Error("emulator resolvers are synchronous");
  // Charged the requested cost up front, refunded down to the actual cost of what was returned.
  const actual = Math.min(requested, actualQueryCost(schema, op, p.fragments, coerced.coerced, result.data));
  bucket.refund(requested - actual);
  const body: Record<string, unknown> = {
    ...(result.errors?.length ? { errors: result.errors.map(resultError) } : {}),
    ...(result.data !== undefined ? { data: result.data } : {}),
    extensions: { cost: cost(actual), ...(searches.length ? { search: searches } : {}) },
  };
  return { status: 200, body };
}
