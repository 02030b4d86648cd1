// The customer's link to choose what happens to a delayed order (app/routes/choice.$token.tsx):
// signed (app/security/customer-links.ts), bound to the shop and the order, expiring after the
// shop's choiceLinkDays, single-use (spent when a choice is submitted). The signing key is
// CUSTOMER_LINK_SECRET (several, comma-separated, current first, to rotate) or one derived from the
// app's API secret with HKDF, never the raw secret.
//
// Hook for the customer notices: `customerChoiceUrl(shop, orderId, at, tx)` gives a fresh link for a
// notice's `actionUrl` (the first_backorder and window_slipped templates render it when given).
import crypto, { hkdfSync } from "node:crypto";
import { appConfig } from "../../config.server";
import { now } from "../../clock.server";
import { signCustomerLink } from "../../security/customer-links";
import type { Tx } from "../../models/transaction.server";
import { loadRecoverySettings } from "./settings.server";

export function customerLinkSecrets(): string[] {
  const configured = process.env.CUSTOMER_LINK_SECRET?.split(",").map((s) => s.trim()).filter(Boolean);
  if (configured?.length) return configured;
  const derived = hkdfSync("sha256", appConfig().apiSecret, "backorder-pilot", "customer-link/v1", 32);
  return [Buffer.from(derived).toString("base64url")];
}

function appUrl(): string {
  return (process.env.SHOPIFY_APP_URL ?? appConfig().appUrl).replace(/\/+$/, "");
}

/** A signed token for the order's choice page, valid `days` from `issuedAt`. */
export function customerChoiceToken(shop: string, orderId: bigint | string, issuedAt: Date, days: number): string {
  return signCustomerLink(
    {
      shop,
      orderId: orderId.toString(),
      purpose: "backorder_choice",
      nonce: crypto.randomBytes(18).toString("base64url"),
      expiresAt: new Date(issuedAt.getTime() + days * 86_400_000),
    },
    customerLinkSecrets()[0],
  );
}

export function customerChoiceUrlFor(token: string): string {
  return `${appUrl()}/choice/${token}`;
}

/**
 * A fresh link for a notice (each notice its own nonce: spending one never spends another). Pass
 * the transaction when called inside one (the shop's link lifetime is read through it).
 */
export async function customerChoiceUrl(shop: string, orderId: bigint | string, issuedAt: Date = now(), client?: Tx): Promise<string> {
  const { choiceLinkDays } = await loadRecoverySettings(shop, client);
  return customerChoiceUrlFor(customerChoiceToken(shop, orderId, issuedAt, choiceLinkDays));
}
