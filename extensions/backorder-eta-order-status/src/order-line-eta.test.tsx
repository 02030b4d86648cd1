import { afterEach, describe, expect, it } from "vitest";
import en from "../locales/en.default.json";
import de from "../locales/de.json";
import orderLineEta from "./order-line-eta";
import {
  i18nStandIn,
  installShopify,
  nextRender,
  uninstallShopify,
  variantEntry,
  visibleText,
  type CartLineStandIn,
} from "../../shared/testing/shopify-stand-in";
import type { AppMetafieldEntryLike } from "../../shared/app-metafields";

const VARIANT = "gid://shopify/ProductVariant/4401";
const line: CartLineStandIn = {
  id: "gid://shopify/CartLine/7",
  quantity: 3,
  merchandise: { type: "variant", id: VARIANT, title: "Blue / L" },
};

/** The order's metafield as the order-status page hands it out. */
const orderPromises = (lines: Record<string, object>): AppMetafieldEntryLike => ({
  target: { type: "order", id: "gid://shopify/Order/9001" },
  metafield: { namespace: "$app", key: "line_promises", value: JSON.stringify({ v: 1, lines }) },
});
const waiting = { earliest: "2026-05-04", latest: "2026-05-08", status: "backordered" };

async function renderLine(entries: AppMetafieldEntryLike[], locale: "en" | "de" = "en") {
  const shopify = installShopify({ line, appMetafields: entries, i18n: i18nStandIn(locale, locale === "en" ? en : de) });
  await orderLineEta();
  return shopify;
}

afterEach(uninstallShopify);

describe("customer-account.order-status.cart-line-item.render-after", () => {
  it("shows this order's promise for the line in the shopper's language", async () => {
    await renderLine([orderPromises({ [VARIANT]: waiting })]);
    expect(visibleText()).toBe("Backordered: ships between May 4 and May 8");
    uninstallShopify();
    await renderLine([orderPromises({ [VARIANT]: waiting })], "de");
    expect(visibleText()).toBe("Nachbestellt: Versand zwischen dem 4. Mai und dem 8. Mai");
  });

  it("says how many units wait when only part of the line does", async () => {
    await renderLine([orderPromises({ [VARIANT]: { ...waiting, quantity: 2 } })]);
    expect(visibleText()).toBe("2 of 3 backordered: ship between May 4 and May 8");
    uninstallShopify();
    await renderLine([orderPromises({ [VARIANT]: { ...waiting, latest: "2026-05-04", quantity: 1 } })], "de");
    expect(visibleText()).toBe("1 von 3 nachbestellt: Versand am 4. Mai");
    uninstallShopify();
    await renderLine([orderPromises({ [VARIANT]: { ...waiting, quantity: 3 } })]);
    expect(visibleText()).toBe("Backordered: ships between May 4 and May 8");
  });

  it("shows nothing once the line has shipped, or when the order made no promise for it", async () => {
    await renderLine([orderPromises({ [VARIANT]: { ...waiting, status: "shipped" } })]);
    expect(document.body.innerHTML).toBe("");
    uninstallShopify();
    await renderLine([orderPromises({ "gid://shopify/ProductVariant/9999": waiting })]);
    expect(document.body.innerHTML).toBe("");
  });

  it("never falls back to the variant's current window", async () => {
    await renderLine([variantEntry(VARIANT, "backorder_window", '{"v":1,"earliest":"2026-05-04","latest":"2026-05-08"}')]);
    expect(document.body.innerHTML).toBe("");
  });

  it("follows a slip the app writes while the page is open", async () => {
    const shopify = await renderLine([orderPromises({ [VARIANT]: waiting })]);
    shopify.appMetafields.value = [orderPromises({ [VARIANT]: { ...waiting, latest: "2026-05-13" } })];
    await nextRender();
    expect(visibleText()).toBe("Backordered: ships between May 4 and May 13");
  });
});
