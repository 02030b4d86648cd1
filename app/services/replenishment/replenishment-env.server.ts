// Process-level configuration of replenishment's outbound channels, read from the environment on
// each use (tests and scenario replay set it per run): SMTP for supplier and ops email, the From
// address, the app URL for links, and the supplier-link signing secret.
import { hkdfSync } from "node:crypto";
import { appConfig } from "../../config.server";

export const DEFAULT_MAIL_FROM = "Backorder Pilot <no-reply@backorder-pilot.invalid>";

export function smtpUrl(): string | null {
  return process.env.SMTP_URL?.trim() || null;
}

export function mailFrom(): string {
  return process.env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
}

export function appUrl(): string {
  return (process.env.SHOPIFY_APP_URL ?? appConfig().appUrl).replace(/\/+$/, "");
}

/**
 * SUPPLIER_LINK_SECRET when set (several, comma-separated, current first, to rotate); otherwise a
 * key derived from the app's API secret with HKDF, so supplier links never share the raw secret.
 */
export function supplierLinkSecrets(): string[] {
  const configured = process.env.SUPPLIER_LINK_SECRET?.split(",").map((s) => s.trim()).filter(Boolean);
  if (configured?.length) return configured;
  const derived = hkdfSync("sha256", appConfig().apiSecret, "backorder-pilot", "supplier-link/v1", 32);
  return [Buffer.from(derived).toString("base64url")];
}

export function supplierLinkLifetimeDays(): number {
  const days = Number(process.env.SUPPLIER_LINK_DAYS ?? 30);
  return Number.isFinite(days) && days > 0 ? days : 30;
}
