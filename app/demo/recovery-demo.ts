// Recovery's demo story (app/demo/recovery-demo.server.ts): its products and order, without
// touching the database (seeded into the emulator before the app's database exists).
import type { SeedProduct, ShopifyEmulator } from "../emulator";
import { DEMO_LOCATIONS, DEMO_SHOP } from "./demo-shop";

export const RECOVERY_DEMO_ORDER = "#DEMO-CHOICE";
export const RECOVERY_DEMO_EMAIL = "maya.okafor@example.com";

export const RECOVERY_DEMO_PRODUCTS: SeedProduct[] = [
  { title: "Heirloom linen throw", vendor: "Northwind Textiles", variants: [{ sku: "DEMO-HEIRLOOM-THROW", price: 189, inventoryPolicy: "CONTINUE", inventory: { [DEMO_LOCATIONS[0]]: 0 } }] },
  { title: "Heirloom linen throw, large", vendor: "Northwind Textiles", variants: [{ sku: "DEMO-HEIRLOOM-THROW-L", price: 219, inventory: { [DEMO_LOCATIONS[0]]: 6 } }] },
  { title: "Linen cushion cover", vendor: "Northwind Textiles", variants: [{ sku: "DEMO-CUSHION-COVER", price: 35, inventory: { [DEMO_LOCATIONS[0]]: 40 } }] },
];

/** Before the install sync: the products of the recovery story (the order stream never sells them). */
export function seedRecoveryDemoProducts(emulator: ShopifyEmulator): void {
  emulator.seedProducts(DEMO_SHOP, RECOVERY_DEMO_PRODUCTS);
}

