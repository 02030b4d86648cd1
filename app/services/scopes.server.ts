import { z } from "zod";
import type { Tx } from "../models/transaction.server";
import { updateSessionsScope } from "../models/shops.server";
import type { ProcessOutcome } from "./process-outcome";

const ScopesUpdate = z.object({ current: z.array(z.string()) }).passthrough();

/** app/scopes_update: keep the stored sessions' scope in line with what the merchant granted. */
export async function handleScopesUpdate(tx: Tx, shop: string, payload: unknown): Promise<ProcessOutcome> {
  const r = ScopesUpdate.safeParse(payload);
  if (!r.success) return { status: "failed", reason: "app/scopes_update payload has no `current` scope list" };
  const count = await updateSessionsScope(tx, shop, r.data.current.join(","));
  return { status: "processed", reason: `${count} session(s) updated` };
}
