// Shopify's calculated query cost: every object (or interface/union) field costs 1, scalars and
// enums 0, a connection costs 2 plus its selection multiplied by `first`/`last`, a lookup by ids
// (nodes(ids:)) its selection once per id, a mutation 10.
// The requested cost is charged before execution; the actual cost (the same rules applied to the
// objects and connection sizes really returned) is what the bucket keeps.
import {
  getNamedType,
  getNullableType,
  isListType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from "graphql";

type Fragments = Record<string, FragmentDefinitionNode>;
type Vars = Record<string, unknown>;
/** Result data at this position; `undefined` = cost the request (nothing returned yet). */
type Data = unknown;

const MUTATION_COST = 10;

export function requestedQueryCost(schema: GraphQLSchema, op: OperationDefinitionNode, fragments: Fragments, variables: Vars): number {
  return operationCost(schema, op, fragments, variables, undefined);
}

/** The cost of what `data` (the execution result) contains. */
export function actualQueryCost(schema: GraphQLSchema, op: OperationDefinitionNode, fragments: Fragments, variables: Vars, data: Data): number {
  return operationCost(schema, op, fragments, variables, data ?? null);
}

function operationCost(schema: GraphQLSchema, op: OperationDefinitionNode, fragments: Fragments, variables: Vars, data: Data): number {
  const root = op.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!root) return 0;
  const base = selectionCost(schema, root, op.selectionSet, fragments, variables, data);
  return op.operation === "mutation" ? MUTATION_COST + base : base;
}

function fieldsOf(type: GraphQLCompositeType) {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
}

function selectionCost(schema: GraphQLSchema, parent: GraphQLCompositeType, set: SelectionSetNode, fragments: Fragments, variables: Vars, data: Data): number {
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === "Field") {
      const value = data === undefined ? undefined : (data as Record<string, unknown> | null)?.[sel.alias?.value ?? sel.name.value];
      // A field absent from the result (another type's inline fragment, or an error) costs nothing.
      if (data !== undefined && value === undefined) continue;
      cost += fieldCost(schema, parent, sel, fragments, variables, value);
    } else if (sel.kind === "InlineFragment") {
      const t = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType) : parent;
      cost += selectionCost(schema, t, sel.selectionSet, fragments, variables, data);
    } else {
      const f = fragments[sel.name.value];
      if (f) cost += selectionCost(schema, schema.getType(f.typeCondition.name.value) as GraphQLCompositeType, f.selectionSet, fragments, variables, data);
    }
  }
  return cost;
}

function fieldCost(schema: GraphQLSchema, parent: GraphQLCompositeType, field: FieldNode, fragments: Fragments, variables: Vars, value: Data): number {
  const def = fieldsOf(parent)[field.name.value];
  if (!def) return 0;
  const named = getNamedType(def.type);
  if (!isCompositeType(named) || !field.selectionSet) return 0;
  if (value === null) return 0;
  if (named.name.endsWith("Connection")) {
    if (value === undefined) {
      const arg = field.arguments?.find((a) => a.name.value === "first" || a.name.value === "last");
      const size = arg ? Number(valueFromASTUntyped(arg.value, variables)) || 1 : 1;
      return 2 + size * selectionCost(schema, named, field.selectionSet, fragments, variables, undefined);
    }
    // Returned: 2 plus each returned item costed as a one-item page.
    const page = value as { nodes?: unknown[]; edges?: unknown[]; pageInfo?: unknown };
    const size = Math.max(page.nodes?.length ?? 0, page.edges?.length ?? 0);
    let cost = 2;
    for (let i = 0; i < size; i++) {
      const one = { ...page, ...(page.nodes ? { nodes: [page.nodes[i]] } : {}), ...(page.edges ? { edges: [page.edges[i]] } : {}) };
      cost += selectionCost(schema, named, field.selectionSet, fragments, variables, one);
    }
    return cost;
  }
  if (isListType(getNullableType(def.type)) && def.args.some((a) => a.name === "ids" && isListType(getNullableType(a.type)))) {
    // A lookup by ids (nodes(ids:)): each requested id costs one object and its selection;
    // returned, each non-null node costs what its own selection returned.
    if (value === undefined) {
      const arg = field.arguments?.find((a) => a.name.value === "ids");
      const ids = arg ? valueFromASTUntyped(arg.value, variables) : [];
      const count = Array.isArray(ids) ? ids.length : ids == null ? 0 : 1;
      return count * (1 + selectionCost(schema, named, field.selectionSet, fragments, variables, undefined));
    }
    const set = field.selectionSet;
    const nodes = Array.isArray(value) ? value.filter((v) => v !== null) : [];
    return nodes.reduce((n: number, node) => n + 1 + selectionCost(schema, named, set, fragments, variables, node), 0);
  }
  if (Array.isArray(value)) {
    // A plain list is costed like one object of its type.
    return value.length === 0 ? 0 : 1 + selectionCost(schema, named, field.selectionSet, fragments, variables, value.find((v) => v !== null) ?? null);
  }
  return 1 + selectionCost(schema, named, field.selectionSet, fragments, variables, value);
}
