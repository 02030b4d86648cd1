// A stand-in for the `shopify` global a UI extension target receives: signals for the values
// the host pushes, and an i18n that reads the extension's own locale files the way Shopify does
// ("{{name}}" interpolation, plural forms chosen by `count`).
import { signal, type Signal } from "@preact/signals";
import { render } from "preact";
import type { AppMetafieldEntryLike } from "../app-metafields";
import type { Localizer } from "../eta-note";

type Messages = { [key: string]: string | Messages };

export function i18nStandIn(locale: string, messages: Messages): Localizer {
  const plural = new Intl.PluralRules(locale);
  return {
    translate(key, options = {}) {
      let found: string | Messages | undefined = key
        .split(".")
        .reduce<string | Messages | undefined>((node, part) => (typeof node === "object" ? node[part] : undefined), messages);
      if (typeof found === "object" && typeof options.count === "number") found = found[plural.select(options.count)] ?? found.other;
      if (typeof found !== "string") throw new Error(`No ${locale} translation for ${key}`);
      return found.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
        if (!(name in options)) throw new Error(`${key}: no value for {{${name}}}`);
        return String(options[name]);
      });
    },
    formatDate: (date, options) => new Intl.DateTimeFormat(locale, options).format(date),
  };
}

export type CartLineStandIn = { id: string; quantity: number; merchandise: { type: "variant"; id: string; title: string } };

export type ShopifyStandIn = {
  target: Signal<CartLineStandIn>;
  appMetafields: Signal<AppMetafieldEntryLike[]>;
  i18n: Localizer;
};

export function installShopify(values: { line: CartLineStandIn; appMetafields: AppMetafieldEntryLike[]; i18n: Localizer }): ShopifyStandIn {
  const shopify: ShopifyStandIn = { target: signal(values.line), appMetafields: signal(values.appMetafields), i18n: values.i18n };
  Object.assign(globalThis, { shopify });
  return shopify;
}

export function uninstallShopify() {
  render(null, document.body);
  Reflect.deleteProperty(globalThis, "shopify");
}

/** What the shopper sees: the rendered text, whitespace collapsed. */
export const visibleText = () => (document.body.textContent ?? "").replace(/\s+/g, " ").trim();

/** Lets Preact flush the re-render a signal change scheduled. */
export const nextRender = () => new Promise((resolve) => setTimeout(resolve, 0));

export const variantEntry = (variantId: string, key: string, value: unknown): AppMetafieldEntryLike => ({
  target: { type: "variant", id: variantId },
  metafield: { namespace: "$app", key, value },
});
