// Shopify's source_name values as staff know them. A numeric source_name is an app id.
const KNOWN: Record<string, string> = {
  web: "Online Store",
  online_store: "Online Store",
  pos: "Point of Sale",
  shopify_draft_order: "Draft order",
  iphone: "Shopify mobile",
  android: "Shopify mobile",
  amazon: "Amazon",
  ebay: "eBay",
  walmart: "Walmart",
  b2b: "B2B",
  unknown: "Unknown channel",
};

export function channelLabel(sourceName: string): string {
  if (KNOWN[sourceName]) return KNOWN[sourceName];
  if (/^\d+$/.test(sourceName)) return `App ${sourceName}`;
  return sourceName.replace(/[_-]+/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());
}
