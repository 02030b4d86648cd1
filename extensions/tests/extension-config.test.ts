// The UI extensions' configuration and locales: targets bound to modules that exist, no network,
// the metafields the contract defines, and the same strings in every language.
import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { METAFIELD_NAMESPACE, ORDER_PROMISES_KEY, VARIANT_WINDOW_KEY } from "../../app/domain/promises/metafield-contract";

type ExtensionToml = {
  api_version: string;
  extensions: {
    type: string;
    handle: string;
    targeting: { target: string; module: string }[];
    capabilities: { network_access?: boolean; api_access?: boolean };
    metafields: { namespace: string; key: string }[];
  }[];
};

const extensionsDir = path.resolve(__dirname, "..");
const load = (name: string) =>
  parse(fs.readFileSync(path.join(extensionsDir, name, "shopify.extension.toml"), "utf8")) as unknown as ExtensionToml;

const EXPECTED = {
  "backorder-eta-checkout": {
    targets: ["purchase.checkout.cart-line-item.render-after", "purchase.thank-you.cart-line-item.render-after"],
    keys: [VARIANT_WINDOW_KEY],
  },
  "backorder-eta-order-status": {
    targets: ["customer-account.order-status.cart-line-item.render-after"],
    keys: [ORDER_PROMISES_KEY],
  },
};

type Messages = { [key: string]: string | Messages };
function flatten(messages: Messages, prefix = ""): Record<string, string> {
  return Object.fromEntries(
    Object.entries(messages).flatMap(([k, v]) => (typeof v === "string" ? [[prefix + k, v]] : Object.entries(flatten(v, `${prefix}${k}.`))))
  );
}
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe.each(Object.entries(EXPECTED))("%s", (name, expected) => {
  const toml = load(name);
  const [extension] = toml.extensions;

  it("targets API 2026-01 with modules that exist", () => {
    expect(toml.api_version).toBe("2026-01");
    expect(toml.extensions).toHaveLength(1);
    expect(extension.type).toBe("ui_extension");
    expect(extension.handle).toBe(name);
    expect(extension.targeting.map((t) => t.target)).toEqual(expected.targets);
    for (const { module } of extension.targeting) expect(fs.existsSync(path.join(extensionsDir, name, module)), module).toBe(true);
  });

  it("asks for no network and no API access", () => {
    expect(extension.capabilities).toMatchObject({ network_access: false, api_access: false });
    const sources = extension.targeting.map((t) => fs.readFileSync(path.join(extensionsDir, name, t.module), "utf8")).join("\n");
    expect(sources).not.toMatch(/\bfetch\(|XMLHttpRequest|sessionToken|\.query\(/);
  });

  it("declares exactly the contract's metafields", () => {
    expect(extension.metafields).toEqual(expected.keys.map((key) => ({ namespace: METAFIELD_NAMESPACE, key })));
  });

  it("says the same things, with the same placeholders, in English and German", () => {
    const en = flatten(JSON.parse(fs.readFileSync(path.join(extensionsDir, name, "locales/en.default.json"), "utf8")));
    const de = flatten(JSON.parse(fs.readFileSync(path.join(extensionsDir, name, "locales/de.json"), "utf8")));
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect(placeholders(de[key]), key).toEqual(placeholders(en[key]));
  });
});
