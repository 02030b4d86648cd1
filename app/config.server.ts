// App configuration from the environment, validated once. Demo mode and the emulator are
// refused in a production configuration (a non-loopback app URL or APP_ENV=production).
import { z } from "zod";

const DEMO_API_KEY = "backorder-pilot-demo-key";
const DEMO_API_SECRET = "backorder-pilot-demo-secret";

export const DEFAULT_SCOPES = [
  "read_orders",
  "write_orders",
  "read_products",
  "read_inventory",
  "read_locations",
  "read_merchant_managed_fulfillment_orders",
  "write_merchant_managed_fulfillment_orders",
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
  PORT: z.string().optional(),
});

export type AppConfig = {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
  shopCustomDomain?: string;
  emulatorUrl?: string;
  demo: boolean;
};

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || host.startsWith("127.");
}

export function appConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = Env.parse(env);
  const demo = e.BACKORDER_DEMO === "1" || e.BACKORDER_DEMO === "true";
  const appUrl = e.SHOPIFY_APP_URL ?? `http://localhost:${e.PORT ?? 3000}`;
  const production = e.APP_ENV === "production" || !isLoopback(appUrl);
  if (production && (demo || e.SHOPIFY_EMULATOR_URL)) {
    throw new Error(
      "Refusing to start: demo mode / the Shopify emulator are only allowed on a loopback app URL outside APP_ENV=production",
    );
  }
  if (!demo && (!e.SHOPIFY_API_KEY || !e.SHOPIFY_API_SECRET) && production) {
    throw new Error("SHOPIFY_API_KEY and SHOPIFY_API_SECRET are required");
  }
  return {
    apiKey: e.SHOPIFY_API_KEY ?? DEMO_API_KEY,
    apiSecret: e.SHOPIFY_API_SECRET ?? DEMO_API_SECRET,
    appUrl,
    scopes: e.SCOPES ? e.SCOPES.split(",").map((s) => s.trim()).filter(Boolean) : DEFAULT_SCOPES,
    shopCustomDomain: e.SHOP_CUSTOM_DOMAIN,
    emulatorUrl: e.SHOPIFY_EMULATOR_URL,
    demo,
  };
}
