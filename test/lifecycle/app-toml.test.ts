import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { DEFAULT_SCOPES } from "../../app/config.server";
import { SUBSCRIBED_TOPICS } from "../../app/webhooks/topics";

const root = path.resolve(__dirname, "../..");
const toml = fs.readFileSync(path.join(root, "shopify.app.toml"), "utf8");
const config = parse(toml) as {
  access_scopes: { scopes: string };
  webhooks: { api_version: string; subscriptions: { topics?: string[]; compliance_topics?: string[]; uri: string }[] };
};

describe("shopify.app.toml", () => {
  it("subscribes to every topic the app handles, each on an existing route with an action", () => {
    const topics = config.webhooks.subscriptions.flatMap((s) => [...(s.topics ?? []), ...(s.compliance_topics ?? [])]);
    expect(topics.sort()).toEqual(
      [
        "orders/create", "orders/updated", "orders/cancelled", "inventory_levels/update", "products/update",
        "fulfillment_orders/order_routing_complete", "fulfillment_orders/moved", "fulfillment_orders/split",
        "app/uninstalled", "app/scopes_update", "customers/data_request", "customers/redact", "shop/redact",
      ].sort(),
    );
    // What the emulator sends wherever it stands in for Shopify: the same list.
    expect([...SUBSCRIBED_TOPICS].sort()).toEqual(topics.sort());
    for (const s of config.webhooks.subscriptions) {
      const file = path.join(root, "app/routes", `${s.uri.replace(/^\//, "").replaceAll("/", ".")}.tsx`);
      expect(fs.existsSync(file), file).toBe(true);
      expect(fs.readFileSync(file, "utf8")).toMatch(/export const action/);
      // The "handled by" comment names the same file.
      expect(toml).toContain(`# handled by app/routes/${path.basename(file)}`);
    }
  });

  it("requests the scopes the app's configuration uses", () => {
    expect(config.access_scopes.scopes.split(",").sort()).toEqual([...DEFAULT_SCOPES].sort());
    expect(config.webhooks.api_version).toBe("2026-01");
  });
});
