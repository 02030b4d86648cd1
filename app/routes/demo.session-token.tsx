import type { LoaderFunctionArgs } from "@remix-run/node";
import { appConfig } from "../config.server";
import { signSessionToken } from "../emulator/session-token";
import { DEMO_SHOP } from "../demo/demo-shop";

// The App Bridge stand-in's idToken(): a session token signed as Shopify admin signs it, for the
// demo shop only, and only in demo mode.
export const loader = async (_args: LoaderFunctionArgs) => {
  const config = appConfig();
  if (!config.demo) throw new Response("Not found", { status: 404 });
  const token = signSessionToken({ shop: DEMO_SHOP, apiKey: config.apiKey, issuedAt: Math.floor(Date.now() / 1000) }, config.apiSecret);
  return new Response(token, { headers: { "content-type": "text/plain", "cache-control": "no-store" } });
};
