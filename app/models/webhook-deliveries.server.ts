import { Prisma } from "@prisma/client";
import prisma from "../db.server";

export type NewDelivery = {
  shop: string;
  webhookId: string;
  eventId: string | null;
  topic: string;
  apiVersion: string | null;
  triggeredAt: Date;
  payload: unknown;
};

/**
 * Records a delivery once per (shop, X-Shopify-Webhook-Id): a single INSERT .. ON CONFLICT DO
 * NOTHING, so concurrent repeats cannot both win. Returns the new id, or null for a repeat.
 */
export async function insertDeliveryOnce(d: NewDelivery): Promise<bigint | null> {
  const rows = await prisma.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "WebhookDelivery" ("shop", "webhookId", "eventId", "topic", "apiVersion", "triggeredAt", "payload")
    VALUES (${d.shop}, ${d.webhookId}, ${d.eventId}, ${d.topic}, ${d.apiVersion}, ${d.triggeredAt}, ${JSON.stringify(d.payload)}::jsonb)
    ON CONFLICT ("shop", "webhookId") DO NOTHING
    RETURNING "id"`;
  return rows[0]?.id ?? null;
}

/** A job carries only the delivery id; the row names its shop, which scopes all later work. */
export function findDeliveryForJob(id: bigint) {
  return prisma.webhookDelivery.findUnique({ where: { id } });
}

export async function markDelivery(
  shop: string,
  id: bigint,
  status: "processed" | "skipped" | "failed",
  reason: string | null,
  at: Date,
): Promise<void> {
  await prisma.webhookDelivery.updateMany({
    where: { shop, id },
    data: { status, statusReason: reason, processedAt: at, attempts: { increment: 1 } },
  });
}

export function countDeliveries(shop: string, where: Prisma.WebhookDeliveryWhereInput = {}) {
  return prisma.webhookDelivery.count({ where: { ...where, shop } });
}
