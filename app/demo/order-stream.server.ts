// The demo's live order stream: an order every 1–3 s from a mix of channels, mostly on hot SKUs
// (thin stock) with bursts of simultaneous orders, so oversells happen regularly — as in a flash sale.
import type { ShopifyEmulator, SeedProduct } from "../emulator";
import { DEMO_CHANNELS, DEMO_LOCATIONS, DEMO_SHOP, hotSkus } from "./demo-shop";

const FIRST = ["Ava", "Liam", "Maya", "Noah", "Zoe", "Ethan", "Iris", "Omar", "Lena", "Theo"];
const LAST = ["Nguyen", "Garcia", "Smith", "Kowalski", "Okafor", "Rossi", "Haddad", "Berg", "Tanaka", "Silva"];

export function startOrderStream(emulator: ShopifyEmulator, products: SeedProduct[], random: () => number, log = console.log) {
  const hot = hotSkus(products);
  const all = products.flatMap((p) => p.variants.map((v) => v.sku));
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  let orders = 0;
  let timer: NodeJS.Timeout | null = null;

  const placeOne = () => {
    const channel = pick(DEMO_CHANNELS);
    const sku = random() < 0.6 ? pick(hot) : pick(all);
    const first = pick(FIRST);
    const last = pick(LAST);
    const order = emulator.placeOrder(DEMO_SHOP, {
      channel,
      location: channel === "pos" ? DEMO_LOCATIONS[2] : random() < 0.7 ? DEMO_LOCATIONS[0] : DEMO_LOCATIONS[1],
      customer: channel === "pos" && random() < 0.5 ? null : { email: `${first}.${last}${Math.floor(random() * 90 + 10)}@example.com`.toLowerCase(), firstName: first, lastName: last },
      lines: [{ sku, quantity: random() < 0.8 ? 1 : 2 }],
    });
    orders++;
    if (orders % 10 === 0) log(`[demo] ${orders} orders placed (latest ${order.name}, ${channel}, ${sku})`);
  };

  const tick = () => {
    // Now and then several channels sell the same hot SKU at once.
    const burst = random() < 0.15 ? 3 + Math.floor(random() * 4) : 1;
    for (let i = 0; i < burst; i++) placeOne();
    timer = setTimeout(tick, 1000 + random() * 2000);
  };
  timer = setTimeout(tick, 500);
  return {
    stop() {
      if (timer) clearTimeout(timer);
    },
    get orders() {
      return orders;
    },
  };
}
