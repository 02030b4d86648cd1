import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { appConfig } from "../config.server";
import { signSessionToken } from "../emulator/session-token";
import { DEMO_SHOP } from "../demo/demo-shop";

// Demo entry: what Shopify admin does when staff open the app — load it embedded with the shop,
// host and a fresh session token. 404 outside demo mode.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const config = appConfig();
  if (!config.demo) throw new Response("Not found", { status: 404 });
  const token = signSessionToken({ shop: DEMO_SHOP, apiKey: config.apiKey, issuedAt: Math.floor(Date.now() / 1000) }, config.apiSecret);
  const host = Buffer.from(`admin.shopify.com/store/${DEMO_SHOP.replace(".myshopify.com", "")}`).toString("base64url");
  const url = new URL(request.url);
  const params = new URLSearchParams({ shop: DEMO_SHOP, host, embedded: "1", id_token: token });
  return redirect(`/app${url.searchParams.get("to") ?? ""}?${params}`);
};
