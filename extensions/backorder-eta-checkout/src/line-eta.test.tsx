import { afterEach, describe, expect, it } from "vitest";
import en from "../locales/en.default.json";
import de from "../locales/de.json";
import lineEta from "./line-eta";
import {
  i18nStandIn,
  installShopify,
  nextRender,
  uninstallShopify,
  variantEntry,
  visibleText,
  type CartLineStandIn,
} from "../../shared/testing/shopify-stand-in";

const VARIANT = "gid://shopify/ProductVariant/4401";
const line: CartLineStandIn = {
  id: "gid://shopify/CartLine/1",
  quantity: 2,
  merchandise: { type: "variant", id: VARIANT, title: "Blue / L" },
};
const window = (earliest: string, latest: string) => variantEntry(VARIANT, "backorder_window", JSON.stringify({ v: 1, earliest, latest }));

async function renderLine(entries: ReturnType<typeof variantEntry>[], locale: "en" | "de" = "en") {
  const shopify = installShopify({ line, appMetafields: entries, i18n: i18nStandIn(locale, locale === "en" ? en : de) });
  await lineEta();
  return shopify;
}

afterEach(uninstallShopify);

// One module serves both targets (checkout and thank-you cart lines): both read the variant's window.
describe("backorder line note", () => {
  it("shows the variant's window in the shopper's language", async () => {
    await renderLine([window("2026-05-04", "2026-05-08")]);
    expect(visibleText()).toBe("Backordered: ships between May 4 and May 8");
    expect(document.body.querySelector("s-text")?.getAttribute("color")).toBe("subdued");
    uninstallShopify();
    await renderLine([window("2026-05-04", "2026-05-08")], "de");
    expect(visibleText()).toBe("Nachbestellt: Versand zwischen dem 4. Mai und dem 8. Mai");
  });

  it("names a single day when the window is one day", async () => {
    await renderLine([window("2026-05-04", "2026-05-04")], "de");
    expect(visibleText()).toBe("Nachbestellt: Versand am 4. Mai");
  });

  it("adds the years when the window crosses New Year", async () => {
    await renderLine([window("2026-12-30", "2027-01-05")]);
    expect(visibleText()).toBe("Backordered: ships between December 30, 2026 and January 5, 2027");
  });

  it("shows nothing for a line that is not backordered", async () => {
    await renderLine([]);
    expect(document.body.innerHTML).toBe("");
  });
});

describe("what the line reads", () => {
  it("ignores other variants' windows, other keys and values not of the contract", async () => {
    await renderLine([
      variantEntry("gid://shopify/ProductVariant/9999", "backorder_window", '{"v":1,"earliest":"2026-05-04","latest":"2026-05-08"}'),
      variantEntry(VARIANT, "line_promises", '{"v":1,"earliest":"2026-05-04","latest":"2026-05-08"}'),
      variantEntry(VARIANT, "backorder_window", '{"v":2,"earliest":"2026-05-04","latest":"2026-05-08"}'),
      {
        target: { type: "product", id: VARIANT },
        metafield: { namespace: "$app", key: "backorder_window", value: '{"v":1,"earliest":"2026-05-04","latest":"2026-05-08"}' },
      },
      {
        target: { type: "variant", id: VARIANT },
        metafield: { namespace: "custom", key: "backorder_window", value: '{"v":1,"earliest":"2026-05-04","latest":"2026-05-08"}' },
      },
    ]);
    expect(document.body.innerHTML).toBe("");
  });

  it("follows the metafields when the host pushes new ones", async () => {
    const shopify = await renderLine([window("2026-05-04", "2026-05-08")]);
    shopify.appMetafields.value = [window("2026-05-11", "2026-05-13")];
    await nextRender();
    expect(visibleText()).toBe("Backordered: ships between May 11 and May 13");
    shopify.appMetafields.value = [];
    await nextRender();
    expect(document.body.innerHTML).toBe("");
  });
});
