// Shopify's calculated query cost: every object (or interface/union) field costs 1, scalars and
// enums 0, connections multiply their selection by `first`/`last`, a mutation costs 10.
import {
  getNamedType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from "graphql";

export function requestedQueryCost(
  schema: GraphQLSchema,
  op: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  const root = op.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!root) return 0;
  const base = selectionCost(schema, root, op.selectionSet, fragments, variables);
  return op.operation === "mutation" ? 10 + base : base;
}

function fieldsOf(type: GraphQLCompositeType) {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
}

function selectionCost(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === "Field") cost += fieldCost(schema, parent, sel, fragments, variables);
    else if (sel.kind === "InlineFragment") {
      const t = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType) : parent;
      cost += selectionCost(schema, t, sel.selectionSet, fragments, variables);
    } else {
      const f = fragments[sel.name.value];
      if (f) cost += selectionCost(schema, schema.getType(f.typeCondition.name.value) as GraphQLCompositeType, f.selectionSet, fragments, variables);
    }
  }
  return cost;
}

function fieldCost(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  field: FieldNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  const def = fieldsOf(parent)[field.name.value];
  if (!def) return 0;
  const named = getNamedType(def.type);
  if (!isCompositeType(named) || !field.selectionSet) return 0;
  const child = selectionCost(schema, named, field.selectionSet, fragments, variables);
  if (named.name.endsWith("Connection")) {
    const arg = field.arguments?.find((a) => a.name.value === "first" || a.name.value === "last");
    const size = arg ? Number(valueFromASTUntyped(arg.value, variables)) || 1 : 1;
    return 2 + size * child;
  }
  return 1 + child;
}
