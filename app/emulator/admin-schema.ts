// The real Admin API schema (2026-01), vendored from shared/shopify so the emulator runs from any
// clone; a test checks it still matches the shared copy.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, type GraphQLSchema } from "graphql";

export const ADMIN_API_VERSION = "2026-01";

let cached: GraphQLSchema | null = null;

export function adminSchemaPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, "schema/admin-2026-01.graphql"), path.resolve("app/emulator/schema/admin-2026-01.graphql")];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0];
}

export function adminSchema(): GraphQLSchema {
  cached ??= buildSchema(fs.readFileSync(adminSchemaPath(), "utf8"), { assumeValidSDL: true });
  return cached;
}
