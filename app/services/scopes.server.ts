import { z } from "zod";
import prisma from "../db.server";
import type { ProcessOutcome } from "./process-webhook.server";

const ScopesUpdate = z.object({ current: z.array(z.string()) }).passthrough();

/** app/scopes_update: keep the stored sessions' scope in line with what the merchant granted. */
export async function handleScopesUpdate(shop: string, payload: unknown): Promise<ProcessOutcome> {
  const r = ScopesUpdate.safeParse(payload);
  if (!r.success) return { status: "failed", reason: "app/scopes_update payload has no `current` scope list" };
  const { count } = await prisma.session.updateMany({ where: { shop }, data: { scope: r.data.current.join(",") } });
  return { status: "processed", reason: `${count} session(s) updated` };
}
