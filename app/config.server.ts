// App configuration from the environment, validated once, failing with a message that says what to
// set. Without SHOPIFY_API_KEY/SECRET nothing starts except demo mode, the only place the demo
// key/secret exist. Demo mode and the emulator are refused in a production configuration
// (APP_ENV=production, or an app URL that is not loopback). NODE_ENV only selects the build.
import { z } from "zod";

const DEMO_API_KEY = "backorder-pilot-demo-key";
const DEMO_API_SECRET = "backorder-pilot-demo-secret";

// Orders: read order lines to detect oversold ones; products/inventory/locations: the SKU and stock
// mirror; merchant-managed fulfillment orders: each line's assigned location.
export const DEFAULT_SCOPES = [
  "read_orders",
  "read_products",
  "read_inventory",
  "read_locations",
  "read_merchant_managed_fulfillment_orders",
  // Promises (issue 8): the app-owned metafields shoppers read — `$app.backorder_window` on
  // variants (write_products) and `$app.line_promises` on orders (write_orders).
  "write_products",
  "write_orders",
  // Recovery (issue 9): fulfillment holds and the partial holds that split a fulfillment order
  // (write_merchant_managed_fulfillment_orders); order edits for a customer's substitute
  // (write_order_edits; refunds and cancellations use write_orders, and the caps' inventory
  // policy write_products, both above); a received restock committed from the allocation preview
  // (write_inventory).
  "write_merchant_managed_fulfillment_orders",
  "write_order_edits",
  "write_inventory",
];

const Env = z.object({
  SHOPIFY_API_KEY: z.string().min(1).optional(),
  SHOPIFY_API_SECRET: z.string().min(1).optional(),
  SHOPIFY_APP_URL: z.string().url().optional(),
  SCOPES: z.string().optional(),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  SHOPIFY_EMULATOR_URL: z.string().url().optional(),
  BACKORDER_DEMO: z.string().optional(),
  APP_ENV: z.string().optional(),
  NODE_ENV: z.string().optional(),
  PORT: z.string().regex(/^\d+$/, "PORT must be a number").optional(),
  HOST: z.string().min(1).optional(),
});

export type AppConfig = {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
  shopCustomDomain?: string;
  emulatorUrl?: string;
  demo: boolean;
  /** Interface the HTTP server binds: all interfaces in a deployment, loopback for the demo. */
  host: string;
  port: number;
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const IPV4_LOOPBACK = /^127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** localhost, 127.0.0.0/8 or ::1 — by parsed hostname, so `127.evil.com` is not loopback. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || IPV4_LOOPBACK.test(host);
}

export function appConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  // An empty variable is an unset one (`FOO= npm start`).
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const e = parsed.data;
  const demo = e.BACKORDER_DEMO === "1" || e.BACKORDER_DEMO === "true";
  const port = Number(e.PORT ?? 3000);
  const appUrl = e.SHOPIFY_APP_URL ?? `http://localhost:${port}`;
  const production = e.APP_ENV === "production" || !isLoopbackUrl(appUrl);
  if (production && (demo || e.SHOPIFY_EMULATOR_URL)) {
    throw new ConfigError(
      "Refusing to start: demo mode and the Shopify emulator only run on a loopback app URL (SHOPIFY_APP_URL=http://localhost:…) outside APP_ENV=production.",
    );
  }
  if (!demo) {
    const missing = [!e.SHOPIFY_API_KEY && "SHOPIFY_API_KEY", !e.SHOPIFY_API_SECRET && "SHOPIFY_API_SECRET"].filter(Boolean);
    if (missing.length) {
      throw new ConfigError(
        `Refusing to start: ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set. Use the app's client id and secret from the Partner Dashboard (webhooks are verified with the secret), or run \`npm run demo\` to try the app without Shopify.`,
      );
    }
  }
  return {
    apiKey: e.SHOPIFY_API_KEY ?? DEMO_API_KEY,
    apiSecret: e.SHOPIFY_API_SECRET ?? DEMO_API_SECRET,
    appUrl,
    scopes: e.SCOPES ? e.SCOPES.split(",").map((s) => s.trim()).filter(Boolean) : DEFAULT_SCOPES,
    shopCustomDomain: e.SHOP_CUSTOM_DOMAIN,
    emulatorUrl: e.SHOPIFY_EMULATOR_URL,
    demo,
    host: e.HOST ?? (demo ? "127.0.0.1" : "0.0.0.0"),
    port,
  };
}
