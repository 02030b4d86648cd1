// Executes an Admin GraphQL request the way Shopify answers it: validation errors in Shopify's
// shape, calculated cost and leaky-bucket throttling in `extensions.cost`, and an error (never
// silent nulls) for any field the emulator does not implement.
import {
  GraphQLError,
  Kind,
  execute,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type OperationDefinitionNode,
} from "graphql";
import { adminSchema } from "./admin-schema";
import { requestedQueryCost } from "./query-cost";
import type { EmulatedShop } from "./emulated-shop";
import { connection, makeViews, orderMatches, variantMatches } from "./graphql-views";
import { adminMutations } from "./admin-mutations";

export type Bucket = { available: number; updatedAt: number; maximum: number; restoreRate: number };

export type GraphqlResponse = { status: number; body: Record<string, unknown> };

const strictResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, ctx, info) => {
  if (source && typeof source === "object" && info.fieldName in (source as object)) {
    const value = (source as Record<string, unknown>)[info.fieldName];
    return typeof value === "function" ? (value as Function).call(source, args, ctx, info) : value;
  }
  if (info.fieldName === "__typename") return info.parentType.name;
  throw new GraphQLError(`Field '${info.fieldName}' on type '${info.parentType.name}' is not implemented by the Backorder Pilot Shopify emulator`);
};

function shopifyValidationError(e: GraphQLError) {
  const undefinedField = /Cannot query field "(\w+)" on type "(\w+)"/.exec(e.message);
  if (undefinedField) {
    return {
      message: `Field '${undefinedField[1]}' doesn't exist on type '${undefinedField[2]}'`,
      locations: e.locations,
      extensions: { code: "undefinedField", typeName: undefinedField[2], fieldName: undefinedField[1] },
    };
  }
  return { message: e.message, locations: e.locations, extensions: { code: "invalidQuery" } };
}

function countObjects(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countObjects(v), 0);
  if (value && typeof value === "object") {
    const own = "pageInfo" in value || "endCursor" in value ? 0 : 1;
    return own + Object.values(value).reduce((n: number, v) => n + countObjects(v), 0);
  }
  return 0;
}

export function executeAdminGraphql(
  shop: EmulatedShop,
  bucket: Bucket,
  request: { query?: unknown; variables?: unknown; operationName?: unknown },
  nowMs: number,
): GraphqlResponse {
  if (typeof request.query !== "string") return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  const schema = adminSchema();
  let doc: DocumentNode;
  try {
    doc = parse(request.query);
  } catch (e) {
    const err = e as GraphQLError;
    return { status: 200, body: { errors: [{ message: err.message, locations: err.locations, extensions: { code: "syntaxError" } }] } };
  }
  const errors = validate(schema, doc);
  if (errors.length) return { status: 200, body: { errors: errors.map(shopifyValidationError) } };

  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = typeof request.operationName === "string" ? ops.find((o) => o.name?.value === request.operationName) : ops[0];
  if (!op) return { status: 200, body: { errors: [{ message: "No operation given" }] } };
  const fragments = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const variables = (request.variables ?? {}) as Record<string, unknown>;
  const cost = requestedQueryCost(schema, op, fragments, variables);

  // Leaky bucket: refills at restoreRate points per second up to maximum.
  bucket.available = Math.min(bucket.maximum, bucket.available + ((nowMs - bucket.updatedAt) / 1000) * bucket.restoreRate);
  bucket.updatedAt = nowMs;
  const throttleStatus = () => ({ maximumAvailable: bucket.maximum, currentlyAvailable: Math.floor(bucket.available), restoreRate: bucket.restoreRate });
  if (cost > 1000) {
    return {
      status: 200,
      body: {
        errors: [{ message: `Query cost is ${cost}, which exceeds the single query max cost limit (1000).`, extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost: 1000 } }],
      },
    };
  }
  if (bucket.available < cost) {
    return {
      status: 200,
      body: {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: throttleStatus() } },
      },
    };
  }
  bucket.available -= cost;

  const views = makeViews(shop);
  const root =
    op.operation === "mutation"
      ? adminMutations(shop, new Date(nowMs))
      : {
          shop: views.shopView,
          locations: (a: Record<string, unknown>) =>
            connection([...shop.locations.values()].filter((l) => a.includeInactive || l.isActive).map((l) => l.id), a, views.locationView),
          location: ({ id }: { id?: string }) => (id ? views.nodeById(id) : views.locationView([...shop.locations.keys()][0])),
          productVariants: (a: Record<string, unknown>) =>
            connection([...shop.variants.values()].filter((v) => variantMatches(v, a.query as string | undefined)), a, views.variantView),
          productVariant: ({ id }: { id: string }) => views.nodeById(id),
          products: (a: Record<string, unknown>) => connection([...shop.products.keys()], a, views.productView),
          product: ({ id }: { id: string }) => views.nodeById(id),
          inventoryItem: ({ id }: { id: string }) => views.nodeById(id),
          order: ({ id }: { id: string }) => views.nodeById(id),
          orders: (a: Record<string, unknown>) => {
            const list = [...shop.orders.values()].filter((o) => orderMatches(o, a.query as string | undefined));
            if (a.sortKey === "CREATED_AT" || a.sortKey === undefined) list.sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || x.id - y.id);
            return connection(list, a, views.orderView);
          },
          customer: ({ id }: { id: string }) => views.nodeById(id),
          node: ({ id }: { id: string }) => views.nodeById(id),
        };
  const result = execute({ schema, document: doc, rootValue: root, variableValues: variables, operationName: op.name?.value, fieldResolver: strictResolver });
  if (result instanceof Promise) throw new Error("emulator resolvers are synchronous");
  // As Shopify does, the bucket is charged the requested cost up front and refunded down to the
  // actual cost: the objects the response really contains.
  const actual = Math.min(cost, (op.operation === "mutation" ? 10 : 0) + countObjects(result.data));
  bucket.available += cost - actual;
  const body: Record<string, unknown> = {
    ...(result.data !== undefined ? { data: result.data } : {}),
    ...(result.errors?.length ? { errors: result.errors.map((e) => ({ message: e.message, locations: e.locations, path: e.path })) } : {}),
    extensions: { cost: { requestedQueryCost: cost, actualQueryCost: actual, throttleStatus: throttleStatus() } },
  };
  return { status: 200, body };
}
