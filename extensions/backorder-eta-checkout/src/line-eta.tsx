/** @jsxImportSource preact */
// Under each cart line in checkout and on the thank-you page: the variant's current backorder
// window. Checkout targets expose no order metafields (their app metafield owners are cart,
// customer, product, shop, shopUser, variant, company) — and on the thank-you page the order's
// own promises are not written yet (the app computes them from the orders/create webhook) — so
// both targets read the variant's window, i.e. what the shopper was shown when buying.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import type { Api as CheckoutLineApi } from "@shopify/ui-extensions/purchase.checkout.cart-line-item.render-after";
import type { Api as ThankYouLineApi } from "@shopify/ui-extensions/purchase.thank-you.cart-line-item.render-after";
import { variantWindow } from "../../shared/app-metafields";
import { EtaNote } from "../../shared/eta-note";

declare const shopify: CheckoutLineApi | ThankYouLineApi;

export default async () => {
  render(<LineEta />, document.body);
};

function LineEta() {
  const window = variantWindow(shopify.appMetafields.value, shopify.target.value.merchandise.id);
  return window ? <EtaNote i18n={shopify.i18n} window={window} /> : null;
}
