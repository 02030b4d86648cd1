// The checks every adapter runs before touching the network: a malformed purchase order or
// supplier config will never succeed, so it is a permanent rejection with the offending field.
import type { z } from "zod";
import type { PermanentFailure } from "./classify-http-failure";
import { PurchaseOrderDocumentSchema, type PurchaseOrderDocument } from "./purchase-order-document";

export type Validated<C> = { ok: true; po: PurchaseOrderDocument; config: C } | { ok: false; failure: PermanentFailure };

export function validateSubmission<Config, ConfigInput>(
  po: PurchaseOrderDocument,
  configSchema: z.ZodType<Config, z.ZodTypeDef, ConfigInput>,
  config: ConfigInput,
): Validated<Config> {
  const parsedPo = PurchaseOrderDocumentSchema.safeParse(po);
  if (!parsedPo.success) return { ok: false, failure: { outcome: "rejected", reason: `invalid purchase order: ${describeIssues(parsedPo.error)}` } };
  const parsedConfig = configSchema.safeParse(config);
  if (!parsedConfig.success) return { ok: false, failure: { outcome: "rejected", reason: `invalid supplier config: ${describeIssues(parsedConfig.error)}` } };
  return { ok: true, po: parsedPo.data, config: parsedConfig.data };
}

/** "lines[0].quantity: Number must be greater than 0; …" for the first few issues. */
export function describeIssues(error: z.ZodError, max = 3): string {
  return error.issues
    .slice(0, max)
    .map((issue) => `${issue.path.reduce<string>((at, key) => (typeof key === "number" ? `${at}[${key}]` : at ? `${at}.${key}` : key), "") || "(root)"}: ${issue.message}`)
    .join("; ");
}
