// Promise test support: a shop (Berlin, German holidays) with items sold below zero and a supplier,
// orders with customers sent through the signed webhook routes and processed by the real delivery
// worker code on a virtual clock, fulfilments and refunds as Shopify reports them (orders/updated),
// and the promise refresh run as the job runs it.
import prisma from "../../app/db.server";
import { createVirtualClock, setClock } from "../../app/clock.server";
import { drainDeliveries } from "../../app/jobs/delivery-worker.server";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create";
import { action as ordersUpdated } from "../../app/routes/webhooks.orders.updated";
import { action as inventoryUpdate } from "../../app/routes/webhooks.inventory_levels.update";
import { callAction } from "../support/call-route";
import { signedWebhook } from "../support/signed-webhook";
import { inventoryLevelPayload, orderPayload } from "../support/rest-payloads";
import { saveOffer, saveSupplier } from "../../app/services/replenishment/suppliers.server";
import { updateReplenishmentSettings } from "../../app/services/replenishment/settings.server";
import { runReplenishment } from "../../app/services/replenishment/run-replenishment.server";
import { refreshPromises } from "../../app/services/promises/refresh.server";

export const LOCATION = 7001;

export type Item = { sku: string; itemId: number; variantId: number; title: string };

export function items(n: number): Item[] {
  return Array.from({ length: n }, (_, i) => ({ sku: `SKU-${i + 1}`, itemId: 880_000 + i, variantId: 990_000 + i, title: `Item ${i + 1}` }));
}

/** A shop in Berlin (German public holidays), one location, items that may be sold below zero. */
export async function createShop(shop: string, list: Item[], o: { country?: string | null; timezone?: string } = {}): Promise<void> {
  await prisma.shop.create({
    data: { domain: shop, name: "Lampen & Co", currency: "EUR", timezone: o.timezone ?? "Europe/Berlin", country: o.country === undefined ? "DE" : o.country, syncedAt: new Date(0) },
  });
  await prisma.location.create({ data: { shop, id: BigInt(LOCATION), name: "Main" } });
  await prisma.inventoryItem.createMany({
    data: list.map((i) => ({ shop, id: BigInt(i.itemId), variantId: BigInt(i.variantId), sku: i.sku, title: i.title, inventoryPolicy: "CONTINUE" })),
  });
}

/** A supplier that takes orders by email (nothing to stand in for: its PO is submitted by hand in tests). */
export async function supplier(shop: string, id: string, offers: { sku: string; leadTimeDays: number }[], o: { apiUrl?: string } = {}): Promise<void> {
  const s = await saveSupplier(shop, o.apiUrl ? { id, name: id, channel: "api", apiUrl: o.apiUrl } : { id, name: id, channel: "email", email: `orders@${id}.example` });
  if (!s.ok) throw new Error(JSON.stringify(s.errors));
  for (const offer of offers) {
    const r = await saveOffer(shop, { supplierId: id, sku: offer.sku, leadTimeDays: offer.leadTimeDays, unitCost: 10, lastUnitCostSeed: 10 });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
  }
}

export async function replenishmentSettings(shop: string, input: Record<string, unknown>): Promise<void> {
  const r = await updateReplenishmentSettings(shop, input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
}

type OrderLine = { item: Item; qty: number; lineId: number };
type PlacedOrder = { id: number; name: string; createdAt: Date; channel: string; email: string | null; lines: OrderLine[] };

/**
 * The shop as Shopify reports it: orders (orders/create, then the level updates they cause),
 * fulfilments and refunds (orders/updated), restocks; each processed by the real worker code.
 */
export function storefront(shop: string, start: Date) {
  const clock = createVirtualClock(start);
  setClock(clock.now);
  const available = new Map<number, number>();
  const orders = new Map<number, PlacedOrder>();
  let seq = 0;
  const when = (t: number | Date) => (typeof t === "number" ? new Date(start.getTime() + t * 1000) : t);
  const send = async (action: typeof ordersCreate, topic: string, payload: unknown, at: Date) => {
    const res = await callAction(action, signedWebhook(topic, payload, { shop, triggeredAt: at }));
    if (res.status !== 200) throw new Error(`${topic}: HTTP ${res.status}`);
  };
  const level = (item: Item, at: Date) => send(inventoryUpdate, "inventory_levels/update", inventoryLevelPayload(item.itemId, LOCATION, available.get(item.itemId) ?? 0, at), at);
  const payload = (o: PlacedOrder, at: Date, line: (l: OrderLine) => { current: number; fulfillable: number }) => {
    const p = orderPayload({
      id: o.id,
      name: o.name,
      sourceName: o.channel,
      createdAt: o.createdAt,
      updatedAt: at,
      customer: o.email ? { id: 40_000 + o.id, email: o.email, first_name: "Ana", last_name: "Silva" } : null,
      lines: o.lines.map((l) => ({ id: l.lineId, variantId: l.item.variantId, sku: l.item.sku, quantity: l.qty, title: l.item.title })),
    });
    return {
      ...p,
      line_items: p.line_items.map((li, i) => {
        const q = line(o.lines[i]);
        return { ...li, current_quantity: q.current, fulfillable_quantity: q.fulfillable, fulfillment_status: q.fulfillable === 0 && q.current > 0 ? "fulfilled" : null };
      }),
    };
  };
  return {
    clock,
    at: when,
    setStock(item: Item, units: number) {
      available.set(item.itemId, units);
    },
    orders,
    /** An order at `t` (seconds after start, or a Date); returns its number. */
    async order(lines: { item: Item; qty?: number }[], t: number | Date, o: { channel?: string; email?: string | null } = {}): Promise<number> {
      const at = when(t);
      clock.set(at);
      const n = ++seq;
      const order: PlacedOrder = {
        id: 5000 + n,
        name: `#${1000 + n}`,
        createdAt: at,
        channel: o.channel ?? "web",
        email: o.email === undefined ? `customer${n}@example.com` : o.email,
        lines: lines.map((l, i) => ({ item: l.item, qty: l.qty ?? 1, lineId: 70_000 + n * 10 + i })),
      };
      orders.set(n, order);
      await send(ordersCreate, "orders/create", payload(order, at, (l) => ({ current: l.qty, fulfillable: l.qty })), at);
      for (const l of order.lines) {
        available.set(l.item.itemId, (available.get(l.item.itemId) ?? 0) - l.qty);
        await level(l.item, at);
      }
      await drainDeliveries({ batchSize: 500 });
      return n;
    },
    /** The merchant fulfils every line of order n (stock on hand does not change in Shopify's `available`). */
    async fulfill(n: number, t: number | Date): Promise<void> {
      const at = when(t);
      clock.set(at);
      const o = orders.get(n)!;
      await send(ordersUpdated, "orders/updated", payload(o, at, (l) => ({ current: l.qty, fulfillable: 0 })), at);
      await drainDeliveries({ batchSize: 500 });
    },
    /** Every line of order n refunded (not fulfilled), restocked. */
    async refund(n: number, t: number | Date): Promise<void> {
      const at = when(t);
      clock.set(at);
      const o = orders.get(n)!;
      await send(ordersUpdated, "orders/updated", payload(o, at, () => ({ current: 0, fulfillable: 0 })), at);
      for (const l of o.lines) {
        available.set(l.item.itemId, (available.get(l.item.itemId) ?? 0) + l.qty);
        await level(l.item, at);
      }
      await drainDeliveries({ batchSize: 500 });
    },
    async restock(item: Item, units: number, t: number | Date): Promise<void> {
      const at = when(t);
      clock.set(at);
      available.set(item.itemId, (available.get(item.itemId) ?? 0) + units);
      await level(item, at);
      await drainDeliveries({ batchSize: 500 });
    },
    /** Replenishment at `t` (closes due deficit windows: POs). */
    async replenish(t: number | Date) {
      const at = when(t);
      clock.set(at);
      return runReplenishment(shop, at);
    },
    /** The promise refresh at `t`, as the job runs it. */
    async refresh(t: number | Date) {
      const at = when(t);
      clock.set(at);
      return refreshPromises(shop, at);
    },
  };
}

export async function promiseOf(shop: string, orderName: string) {
  const line = await prisma.backorderLine.findFirstOrThrow({ where: { shop, orderName }, include: { promise: true, promiseHistory: { orderBy: { version: "asc" } } } });
  return line;
}

export async function history(shop: string, orderName: string) {
  const line = await promiseOf(shop, orderName);
  return line.promiseHistory.map((h) => [h.version, h.earliest, h.latest, h.phase, h.reason, h.change]);
}

export async function notices(shop: string) {
  return prisma.customerNotice.findMany({ where: { shop }, orderBy: { id: "asc" }, include: { lines: true } });
}

export async function purchaseOrder(shop: string) {
  return prisma.purchaseOrder.findFirstOrThrow({ where: { shop }, orderBy: { id: "desc" }, include: { lines: true } });
}
