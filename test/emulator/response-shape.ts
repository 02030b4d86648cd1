// Checks a GraphQL response against the operation and the schema: every selected field present,
// non-null fields not null, lists as arrays, scalars and enums of their declared type. Returns the
// problems found (empty = the data has exactly the shape Shopify's would).
import {
  Kind,
  getNamedType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isScalarType,
  parse,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
  type GraphQLCompositeType,
  type OperationDefinitionNode,
} from "graphql";

const SCALAR_CHECKS: Record<string, (v: unknown) => boolean> = {
  ID: (v) => typeof v === "string" && v.length > 0,
  String: (v) => typeof v === "string",
  Int: (v) => Number.isInteger(v),
  Float: (v) => typeof v === "number",
  Boolean: (v) => typeof v === "boolean",
  DateTime: (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v),
  Money: (v) => typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v),
  Decimal: (v) => typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v),
  UnsignedInt64: (v) => typeof v === "string" && /^\d+$/.test(v),
  URL: (v) => typeof v === "string",
  JSON: () => true,
};

export function shapeProblems(schema: GraphQLSchema, query: string, data: unknown): string[] {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const root = op.operation === "mutation" ? schema.getMutationType()! : schema.getQueryType()!;
  const problems: string[] = [];
  checkSelection(schema, root, op.selectionSet, data, "data", problems);
  return problems;
}

function checkSelection(schema: GraphQLSchema, parent: GraphQLCompositeType, set: SelectionSetNode, data: unknown, path: string, problems: string[]) {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    problems.push(`${path}: expected an object`);
    return;
  }
  const obj = data as Record<string, unknown>;
  for (const sel of set.selections) {
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      const cond = sel.typeCondition?.name.value;
      if (!cond || obj.__typename === cond || cond === parent.name) checkSelection(schema, cond ? (schema.getType(cond) as GraphQLCompositeType) : parent, sel.selectionSet, data, path, problems);
      continue;
    }
    if (sel.kind !== Kind.FIELD) continue;
    const name = sel.alias?.value ?? sel.name.value;
    if (sel.name.value === "__typename") continue;
    const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
    const def = fields[sel.name.value];
    if (!def) {
      problems.push(`${path}.${name}: not a field of ${parent.name}`);
      continue;
    }
    if (!(name in obj)) {
      problems.push(`${path}.${name}: missing`);
      continue;
    }
    checkValue(schema, def.type, sel.selectionSet, obj[name], `${path}.${name}`, problems);
  }
}

function checkValue(schema: GraphQLSchema, type: GraphQLOutputType, set: SelectionSetNode | undefined, value: unknown, path: string, problems: string[]) {
  if (value === null) {
    if (isNonNullType(type)) problems.push(`${path}: null for non-null ${String(type)}`);
    return;
  }
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    if (!Array.isArray(value)) return void problems.push(`${path}: expected a list`);
    value.forEach((v, i) => checkValue(schema, inner.ofType, set, v, `${path}[${i}]`, problems));
    return;
  }
  const named = getNamedType(inner);
  if (isScalarType(named)) {
    const check = SCALAR_CHECKS[named.name];
    if (check && !check(value)) problems.push(`${path}: ${JSON.stringify(value)} is not a ${named.name}`);
  } else if (isEnumType(named)) {
    if (!named.getValues().some((v) => v.name === value)) problems.push(`${path}: ${JSON.stringify(value)} is not a ${named.name}`);
  } else if (set) {
    const concrete = (value as { __typename?: string }).__typename;
    checkSelection(schema, (concrete ? schema.getType(concrete) : named) as GraphQLCompositeType, set, value, path, problems);
  }
}
