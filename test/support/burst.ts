// A multi-channel oversell burst as Shopify delivers it — orders/create for every order and the
// inventory_levels/update each causes (available after that order) — with the attribution a
// correct app must end with, computed independently of the app: per SKU, the latest orders by
// creation time beyond the stock on hand are short.
import { inventoryLevelPayload, orderPayload } from "./rest-payloads";
import { seededRandom } from "../../app/emulator/seeded-random";

export type BurstDelivery = { topic: "orders/create" | "inventory_levels/update"; payload: unknown; webhookId: string; triggeredAt: Date };
export type Burst = {
  deliveries: BurstDelivery[];
  items: { sku: string; variantId: number; itemId: number; onHand: number }[];
  /** "orderName:sku" -> units short, for every short line. */
  expectedShort: Map<string, number>;
};

export function oversellBurst(o: { orders: number; skus: number; location: number; seed: number; start: Date; channels?: string[] }): Burst {
  const random = seededRandom(o.seed);
  const channels = o.channels ?? ["web", "pos", "amazon"];
  const items = Array.from({ length: o.skus }, (_, i) => ({ sku: `SKU-${i + 1}`, variantId: 990_000 + i, itemId: 880_000 + i, onHand: 3 + Math.floor(random() * 8) }));
  const available = new Map(items.map((it) => [it.itemId, it.onHand]));
  const sold = new Map<number, { name: string; qty: number }[]>();
  const deliveries: BurstDelivery[] = [];
  for (let n = 1; n <= o.orders; n++) {
    const item = items[Math.floor(random() * items.length)];
    const qty = 1 + Math.floor(random() * 2);
    const createdAt = new Date(o.start.getTime() + n * 1000);
    const name = `#${1000 + n}`;
    deliveries.push({
      topic: "orders/create",
      webhookId: `order-${n}`,
      triggeredAt: createdAt,
      payload: orderPayload({ id: 5000 + n, name, sourceName: channels[n % channels.length], createdAt, lines: [{ id: 70_000 + n, variantId: item.variantId, sku: item.sku, quantity: qty }] }),
    });
    const after = available.get(item.itemId)! - qty;
    available.set(item.itemId, after);
    deliveries.push({
      topic: "inventory_levels/update",
      webhookId: `level-${n}`,
      triggeredAt: createdAt,
      payload: inventoryLevelPayload(item.itemId, o.location, after, createdAt),
    });
    sold.set(item.itemId, [...(sold.get(item.itemId) ?? []), { name, qty }]);
  }
  const expectedShort = new Map<string, number>();
  for (const it of items) {
    let short = Math.max(0, -available.get(it.itemId)!);
    for (const s of [...(sold.get(it.itemId) ?? [])].reverse()) {
      if (short === 0) break;
      const take = Math.min(short, s.qty);
      expectedShort.set(`${s.name}:${it.sku}`, take);
      short -= take;
    }
  }
  return { deliveries, items, expectedShort };
}

/** Fisher-Yates with a seeded generator. */
export function shuffled<T>(xs: T[], seed: number): T[] {
  const random = seededRandom(seed);
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
