// Access tokens the emulator issues (token exchange, or directly for tests and demo installs) and
// checks on every Admin API request. Online tokens expire after 24 h on the emulator clock.
import crypto from "node:crypto";

export type AccessToken = { shop: string; scope: string; online: boolean; userId?: number; expiresAt: number | null };

export const ONLINE_TOKEN_TTL_S = 86_399;

export class AccessTokens {
  private readonly tokens = new Map<string, AccessToken>();

  issue(shop: string, scope: string, o: { online?: boolean; userId?: number; nowMs: number }): string {
    const token = `shpat_${crypto.randomBytes(16).toString("hex")}`;
    this.tokens.set(token, {
      shop,
      scope,
      online: o.online ?? false,
      userId: o.userId,
      expiresAt: o.online ? o.nowMs + ONLINE_TOKEN_TTL_S * 1000 : null,
    });
    return token;
  }

  /** The token's grant if it is valid for `shop` now, else null. */
  check(token: string | null, shop: string, nowMs: number): AccessToken | null {
    const t = token ? this.tokens.get(token) : undefined;
    if (!t || t.shop !== shop) return null;
    if (t.expiresAt !== null && t.expiresAt <= nowMs) return null;
    return t;
  }

  /** app/uninstalled: every token of the shop stops working. */
  revokeShop(shop: string): void {
    for (const [token, t] of this.tokens) if (t.shop === shop) this.tokens.delete(token);
  }
}
