// The theme app extension: what the Liquid block reads must be what the app writes, every
// string it uses must exist in each locale, and the asset must follow the shopper's variant.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CONTRACT_VERSION, METAFIELD_NAMESPACE, VARIANT_WINDOW_KEY } from "../../app/domain/promises/metafield-contract";

const root = path.resolve(__dirname, "../backorder-eta-theme");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
const liquid = read("blocks/ships-between.liquid");
const schema = JSON.parse(liquid.split("{% schema %}")[1].split("{% endschema %}")[0]) as {
  name: string;
  javascript: string;
  enabled_on: { templates: string[] };
  settings: { label: string }[];
};
const localeFiles = fs.readdirSync(path.join(root, "locales"));

function lookup(messages: unknown, key: string): unknown {
  return key
    .split(".")
    .reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), messages);
}
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe("ships-between block", () => {
  it("reads the variant metafield the app writes, of the contract's version", () => {
    expect(liquid).toContain(`variant.metafields['${METAFIELD_NAMESPACE}'].${VARIANT_WINDOW_KEY}.value`);
    expect(liquid).toContain(`backorder_window.v == ${CONTRACT_VERSION}`);
    expect(liquid).not.toMatch(/fetch|XMLHttpRequest|\/apps\//);
  });

  it("is a product-page block whose script exists", () => {
    expect(schema.enabled_on.templates).toEqual(["product"]);
    expect(fs.existsSync(path.join(root, "assets", schema.javascript))).toBe(true);
  });

  it("has every storefront string, with the placeholders the block passes, in each locale", () => {
    const used = [...liquid.matchAll(/'([\w.]+)' \| t: ([^}]+)\}\}/g)].map((m) => ({
      key: m[1],
      passed: [...m[2].matchAll(/(\w+):/g)].map((p) => p[1]).sort(),
    }));
    expect(used.map((u) => u.key).sort()).toEqual(["backorder_eta.ships_between", "backorder_eta.ships_on"]);
    const storefront = localeFiles.filter((f) => !f.endsWith(".schema.json"));
    expect(storefront.sort()).toEqual(["de.json", "en.default.json"]);
    for (const file of storefront) {
      const messages = JSON.parse(read(`locales/${file}`));
      for (const { key, passed } of used) {
        const text = lookup(messages, key);
        expect(typeof text, `${file} ${key}`).toBe("string");
        expect(placeholders(text as string), `${file} ${key}`).toEqual(passed);
      }
    }
  });

  it("has every editor string in each schema locale", () => {
    const keys = [schema.name, ...schema.settings.map((s) => s.label)].map((k) => k.replace(/^t:/, ""));
    for (const file of ["en.default.schema.json", "de.schema.json"]) {
      const messages = JSON.parse(read(`locales/${file}`));
      for (const key of keys) expect(typeof lookup(messages, key), `${file} ${key}`).toBe("string");
    }
  });
});

// The block as Liquid renders it for a product whose variants 11 and 33 are backordered (22 is
// in stock), with variant 11 selected, inside a theme section with its product form.
const RENDERED = `
  <div id="shopify-section-main-product">
    <form action="/cart/add" method="post"><input type="hidden" name="id" value="11"></form>
    <div class="backorder-eta" data-backorder-eta>
      <p class="backorder-eta__message" data-variant-id="11">Backordered: ships between May 4, 2026 and May 8, 2026</p>
      <p class="backorder-eta__message" data-variant-id="33" hidden>Backordered: ships on May 20, 2026</p>
    </div>
  </div>`;

const visible = () =>
  [...document.querySelectorAll<HTMLElement>("[data-variant-id]")].filter((p) => !p.hidden).map((p) => p.getAttribute("data-variant-id"));
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
const idField = () => document.querySelector<HTMLInputElement>("[name='id']")!;

describe("ships-between.js", () => {
  beforeAll(() => {
    document.body.innerHTML = RENDERED;
    // A theme asset is a classic script: run it as the storefront would, once per page.
    new Function(read("assets/ships-between.js"))();
  });
  beforeEach(() => {
    document.body.innerHTML = RENDERED;
    history.replaceState(null, "", "/products/tee");
  });

  it("shows the message of the variant the shopper picks, and none for one in stock", async () => {
    expect(visible()).toEqual(["11"]);
    idField().value = "33";
    idField().dispatchEvent(new Event("change", { bubbles: true }));
    await tick();
    expect(visible()).toEqual(["33"]);
    idField().value = "22";
    idField().dispatchEvent(new Event("change", { bubbles: true }));
    await tick();
    expect(visible()).toEqual([]);
  });

  it("waits for themes that update the form after the option's change event", async () => {
    document.body.insertAdjacentHTML("afterbegin", '<input type="radio" name="Color" value="Red" id="red">');
    const option = document.getElementById("red")!;
    option.addEventListener("change", () => {
      idField().value = "33"; // the theme's own handler, bubbling after ours was queued
    });
    option.dispatchEvent(new Event("change", { bubbles: true }));
    await tick();
    expect(visible()).toEqual(["33"]);
  });

  it("falls back to the URL's variant when there is no product form", async () => {
    document.querySelector("form")!.remove();
    history.replaceState(null, "", "/products/tee?variant=33");
    window.dispatchEvent(new PopStateEvent("popstate"));
    await tick();
    expect(visible()).toEqual(["33"]);
  });
});
