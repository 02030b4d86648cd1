// Recovery in the demo: the shop asks its customers before shipping a backordered order (hold rule
// ask_customer), allows a larger throw in place of the heirloom throw, and one order — a heirloom
// throw that is out of stock with two cushion covers that are not — arrives as the demo starts, so
// its customer's email (with their choice link) is in the demo mailbox within seconds.
import type { ShopifyEmulator } from "../emulator";
import { updateRecoverySettings } from "../services/recovery/settings.server";
import { DEMO_LOCATIONS, DEMO_SHOP } from "./demo-shop";
import { RECOVERY_DEMO_EMAIL, RECOVERY_DEMO_ORDER } from "./recovery-demo";

/** After the sync, with webhooks flowing: the settings, then the order whose customer is asked. */
export async function startRecoveryDemo(emulator: ShopifyEmulator): Promise<void> {
  const r = await updateRecoverySettings(DEMO_SHOP, { holdRule: "ask_customer", substitutes: [{ sku: "DEMO-HEIRLOOM-THROW", substitutes: ["DEMO-HEIRLOOM-THROW-L"] }] });
  if (!r.ok) throw new Error(`demo recovery settings: ${JSON.stringify(r.errors)}`);
  emulator.placeOrder(DEMO_SHOP, {
    name: RECOVERY_DEMO_ORDER,
    channel: "web",
    location: DEMO_LOCATIONS[0],
    customer: { email: RECOVERY_DEMO_EMAIL, firstName: "Maya", lastName: "Okafor" },
    lines: [
      { sku: "DEMO-HEIRLOOM-THROW", quantity: 1 },
      { sku: "DEMO-CUSHION-COVER", quantity: 2 },
    ],
  });
}
