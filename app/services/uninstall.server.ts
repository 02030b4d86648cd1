// app/uninstalled: sessions go at once; the shop's data is kept 48 h (a quick reinstall keeps
// history), then the daily purge deletes it. shop/redact (privacy.server.ts) deletes at once.
import prisma from "../db.server";

export const PURGE_GRACE_MS = 48 * 3_600_000;

export async function handleAppUninstalled(shop: string, at: Date): Promise<void> {
  await prisma.$transaction([
    prisma.session.deleteMany({ where: { shop } }),
    prisma.shop.upsert({
      where: { domain: shop },
      create: { domain: shop, uninstalledAt: at, purgeAfter: new Date(at.getTime() + PURGE_GRACE_MS) },
      update: { uninstalledAt: at, purgeAfter: new Date(at.getTime() + PURGE_GRACE_MS) },
    }),
  ]);
}

/** Deletes every row the app holds for the shop, in one transaction. */
export async function purgeShopData(shop: string): Promise<void> {
  await prisma.$transaction([
    prisma.backorderEvent.deleteMany({ where: { shop } }),
    prisma.backorderLine.deleteMany({ where: { shop } }),
    prisma.orderLine.deleteMany({ where: { shop } }),
    prisma.order.deleteMany({ where: { shop } }),
    prisma.inventoryLevel.deleteMany({ where: { shop } }),
    prisma.inventoryItem.deleteMany({ where: { shop } }),
    prisma.location.deleteMany({ where: { shop } }),
    prisma.webhookDelivery.deleteMany({ where: { shop } }),
    prisma.complianceRequest.deleteMany({ where: { shop } }),
    prisma.session.deleteMany({ where: { shop } }),
    prisma.shop.deleteMany({ where: { domain: shop } }),
  ]);
}

export async function purgeDueShops(now: Date): Promise<{ purged: string[] }> {
  const due = await prisma.shop.findMany({
    where: { uninstalledAt: { not: null }, purgeAfter: { lte: now } },
    select: { domain: true },
  });
  for (const s of due) await purgeShopData(s.domain);
  return { purged: due.map((s) => s.domain) };
}
