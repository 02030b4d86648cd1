// Shopify's Admin API runs graphql-ruby: its validation errors have their own messages, a `path`
// into the document and an `extensions.code` (undefinedField, argumentNotAccepted, ...). This maps
// graphql-js errors on the same document to that shape, so clients see what Shopify would send.
import {
  Kind,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLError,
  type SourceLocation,
} from "graphql";

export type ShopifyError = {
  message: string;
  locations?: readonly SourceLocation[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
};

type NodeInfo = { path: string[]; field?: string; argument?: string };

/** Document path of every node, as graphql-ruby reports it: ["query Name", "field", "arg"]. */
function nodePaths(doc: DocumentNode): Map<ASTNode, NodeInfo> {
  const info = new Map<ASTNode, NodeInfo>();
  const stack: string[] = [];
  const fields: string[] = [];
  let argument: string | undefined;
  visit(doc, {
    enter(node) {
      switch (node.kind) {
        case Kind.OPERATION_DEFINITION:
          stack.push(node.name ? `${node.operation} ${node.name.value}` : node.operation);
          break;
        case Kind.FRAGMENT_DEFINITION:
          stack.push(`fragment ${node.name.value}`);
          break;
        case Kind.FIELD:
          stack.push(node.alias?.value ?? node.name.value);
          fields.push(node.name.value);
          break;
        case Kind.INLINE_FRAGMENT:
          stack.push(node.typeCondition ? `... on ${node.typeCondition.name.value}` : "...");
          break;
        case Kind.ARGUMENT:
          stack.push(node.name.value);
          argument = node.name.value;
          break;
      }
      info.set(node, { path: [...stack], field: fields[fields.length - 1], argument });
    },
    leave(node) {
      switch (node.kind) {
        case Kind.FIELD:
          fields.pop();
          stack.pop();
          break;
        case Kind.ARGUMENT:
          argument = undefined;
          stack.pop();
          break;
        case Kind.OPERATION_DEFINITION:
        case Kind.FRAGMENT_DEFINITION:
        case Kind.INLINE_FRAGMENT:
          stack.pop();
          break;
      }
    },
  });
  return info;
}

type Rule = [RegExp, (m: RegExpExecArray, at: NodeInfo | undefined) => { message: string; extensions: Record<string, unknown> }];

const RULES: Rule[] = [
  [/^Cannot query field "(\w+)" on type "(\w+)"/, (m) => ({
    message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
    extensions: { code: "undefinedField", typeName: m[2], fieldName: m[1] },
  })],
  [/^Unknown argument "(\w+)" on field "\w+\.(\w+)"/, (m) => ({
    message: `Field '${m[2]}' doesn't accept argument '${m[1]}'`,
    extensions: { code: "argumentNotAccepted", name: m[2], typeName: "Field", argumentName: m[1] },
  })],
  [/^Field "(\w+)" argument "(\w+)" of type "([^"]+)" is required, but it was not provided/, (m) => ({
    message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
    extensions: { code: "missingRequiredArguments", className: "Field", name: m[1], arguments: m[2] },
  })],
  [/^Field "(\w+)" of type "([^"]+)" must have a selection of subfields/, (m) => ({
    message: `Field must have selections (field '${m[1]}' returns ${m[2].replace(/[!\[\]]/g, "")} but has no selections. Did you mean '${m[1]} { ... }'?)`,
    extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: m[2].replace(/[!\[\]]/g, "") },
  })],
  [/^Field "(\w+)" must not have a selection since type "([^"]+)" has no subfields/, (m) => ({
    message: `Selections can't be made on scalars (field '${m[1]}' returns ${m[2].replace(/!/g, "")} but has selections)`,
    extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: m[2].replace(/!/g, "") },
  })],
  [/^Variable "\$(\w+)" is not defined(?: by operation "(\w+)")?/, (m) => ({
    message: `Variable $${m[1]} is used by ${m[2] ?? "anonymous query"} but not declared`,
    extensions: { code: "variableNotDefined", variableName: m[1] },
  })],
  [/^Variable "\$(\w+)" is never used(?: in operation "(\w+)")?/, (m) => ({
    message: `Variable $${m[1]} is declared by ${m[2] ?? "anonymous query"} but not used`,
    extensions: { code: "variableNotUsed", variableName: m[1] },
  })],
  [/^Variable "\$(\w+)" of type "([^"]+)" used in position expecting type "([^"]+)"/, (m, at) => ({
    message: `Type mismatch on variable $${m[1]} and argument ${at?.argument ?? "?"} (${m[2]} / ${m[3]})`,
    extensions: { code: "variableMismatch", variableName: m[1], typeName: m[2], argumentName: at?.argument, errorMessage: "Type mismatch" },
  })],
  [/^Unknown type "(\w+)"/, (m) => ({
    message: `No such type ${m[1]}, so it can't be a fragment condition`,
    extensions: { code: "undefinedType", typeName: m[1] },
  })],
  [/^Unknown fragment "(\w+)"/, (m) => ({
    message: `Fragment ${m[1]} was used, but not defined`,
    extensions: { code: "useAndDefineFragment", fragmentName: m[1] },
  })],
  [/^Fragment "(\w+)" is never used/, (m) => ({
    message: `Fragment ${m[1]} was defined, but not used`,
    extensions: { code: "useAndDefineFragment", fragmentName: m[1] },
  })],
  [/^(?:(\w+) cannot represent|Expected value of type "([^"]+)")/, (m, at) => {
    const expected = (m[1] ?? m[2] ?? "").replace(/!/g, "");
    return {
      message: `Argument '${at?.argument ?? "?"}' on Field '${at?.field ?? "?"}' has an invalid value. Expected type '${expected}'.`,
      extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: at?.argument },
    };
  }],
];

/** A graphql-js validation error in Shopify's shape. */
export function shopifyValidationError(e: GraphQLError, doc: DocumentNode, paths = nodePaths(doc)): ShopifyError {
  const at = e.nodes?.[0] ? paths.get(e.nodes[0]) : undefined;
  for (const [pattern, build] of RULES) {
    const m = pattern.exec(e.message);
    if (m) return { ...build(m, at), locations: e.locations, ...(at ? { path: at.path } : {}) };
  }
  return { message: e.message, locations: e.locations, ...(at ? { path: at.path } : {}), extensions: { code: "invalidQuery" } };
}

export function shopifyValidationErrors(errors: readonly GraphQLError[], doc: DocumentNode): ShopifyError[] {
  const paths = nodePaths(doc);
  return errors.map((e) => shopifyValidationError(e, doc, paths));
}

/** A syntax error, as graphql-ruby reports it: message and location only. */
export function shopifyParseError(e: GraphQLError): ShopifyError {
  return { message: e.message.replace(/^Syntax Error: /, "Parse error: "), locations: e.locations };
}

/** A variable that does not coerce to its declared type. */
export function shopifyVariableError(e: GraphQLError, doc: DocumentNode, variables: Record<string, unknown>): ShopifyError {
  const m = /^Variable "\$(\w+)"/.exec(e.message);
  const name = m?.[1] ?? "?";
  let typeName = "?";
  visit(doc, {
    VariableDefinition(node) {
      if (node.variable.name.value === name) typeName = printType(node.type);
    },
  });
  const explanation = e.message.replace(/^Variable "\$\w+" (got invalid value [^;]*; )?/, "").replace(/^of required type "[^"]+" was not provided\./, "Expected value to not be null");
  return {
    message: `Variable $${name} of type ${typeName} was provided invalid value`,
    locations: e.locations,
    extensions: { code: "INVALID_VARIABLE", value: variables[name] ?? null, problems: [{ path: [], explanation }] },
  };
}

function printType(t: { kind: string; type?: unknown; name?: { value: string } }): string {
  if (t.kind === Kind.NON_NULL_TYPE) return `${printType(t.type as never)}!`;
  if (t.kind === Kind.LIST_TYPE) return `[${printType(t.type as never)}]`;
  return t.name!.value;
}
