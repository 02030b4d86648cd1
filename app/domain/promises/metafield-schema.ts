// zod faces of the metafield contract for server code (parsing Admin API responses, settings
// previews). They delegate to the contract's readers so the rules live in one place.
import { z } from "zod";
import { readOrderPromises, readVariantWindow, type LinePromise } from "./metafield-contract";
import type { PromiseWindow } from "./compute-promise";

function fromReader<T>(read: (raw: unknown) => T | null, message: string) {
  return z.unknown().transform((raw, ctx): T => {
    const value = read(raw);
    if (value === null) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      return z.NEVER;
    }
    return value;
  });
}

/** A variant's `$app.backorder_window` value, as JSON text or parsed. */
export const variantWindowValueSchema: z.ZodType<PromiseWindow, z.ZodTypeDef, unknown> = fromReader(
  readVariantWindow,
  'Not a backorder window: expected {"v":1,"earliest":"YYYY-MM-DD","latest":"YYYY-MM-DD"}'
);

/** An order's `$app.line_promises` value, as JSON text or parsed; malformed lines are dropped. */
export const orderPromisesValueSchema: z.ZodType<Record<string, LinePromise>, z.ZodTypeDef, unknown> = fromReader(
  readOrderPromises,
  'Not line promises: expected {"v":1,"lines":{"<variant gid>":{"earliest","latest","status"}}}'
);
