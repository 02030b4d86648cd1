// Requests as the embedded admin sends them: a session token signed with the app secret (as
// Shopify admin signs it) in the Authorization header, a browser user agent, and an offline
// session stored for the shop so authenticate.admin makes no network call.
import prisma from "../../app/db.server";
import { DEFAULT_SCOPES } from "../../app/config.server";
import { signSessionToken } from "../../app/emulator/session-token";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "./test-env";

export const CHROME_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

export async function storeOfflineSession(shop: string): Promise<void> {
  await prisma.session.upsert({
    where: { id: `offline_${shop}` },
    create: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: DEFAULT_SCOPES.join(","), accessToken: `shpat_test_${shop}` },
    update: {},
  });
}

export function adminRequest(shop: string, pathAndQuery: string): Request {
  const token = signSessionToken({ shop, apiKey: TEST_API_KEY, issuedAt: Math.floor(Date.now() / 1000) }, TEST_API_SECRET);
  const url = new URL(pathAndQuery, TEST_APP_URL);
  url.searchParams.set("shop", shop);
  url.searchParams.set("embedded", "1");
  return new Request(url, { headers: { authorization: `Bearer ${token}`, "user-agent": CHROME_UA } });
}
