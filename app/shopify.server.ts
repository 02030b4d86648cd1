// The Shopify app: auth, session storage, webhooks, Admin API clients.
// Named as in Shopify's Remix template so the docs map one-to-one.
import "@shopify/shopify-app-remix/adapters/node";
import {
  ApiVersion,
  AppDistribution,
  shopifyApp,
} from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "./db.server";
import { appConfig } from "./config.server";
import { installEmulatorFetch } from "./shopify/emulator-fetch.server";
import { afterInstall } from "./services/after-install.server";

const config = appConfig();
// Only when an emulator URL is configured (demo, scenario replay, tests): Admin API calls to
// https://<shop>/admin/* go to the built-in emulator. Never in a production configuration.
installEmulatorFetch(config.emulatorUrl);

export const API_VERSION = ApiVersion.January26;

const shopify = shopifyApp({
  apiKey: config.apiKey,
  apiSecretKey: config.apiSecret,
  apiVersion: API_VERSION,
  scopes: config.scopes,
  appUrl: config.appUrl,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(prisma),
  distribution: AppDistribution.AppStore,
  // Token exchange (embedded auth without redirects), as Shopify-managed installs use.
  future: { unstable_newEmbeddedAuthStrategy: true },
  hooks: {
    afterAuth: async ({ session }) => {
      await afterInstall(session.shop);
    },
  },
  ...(config.shopCustomDomain ? { customShopDomains: [config.shopCustomDomain] } : {}),
});

export default shopify;
export const apiVersion = API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
