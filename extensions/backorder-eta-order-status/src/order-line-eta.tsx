/** @jsxImportSource preact */
// Under each line on the order status page: the promise the app made for that line of THIS
// order (its `line_promises` metafield). Never the variant's current window: an order placed
// weeks ago keeps its own promise, and a line without one shows nothing.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import type { Api } from "@shopify/ui-extensions/customer-account.order-status.cart-line-item.render-after";
import { waitingLinePromise } from "../../shared/app-metafields";
import { EtaNote } from "../../shared/eta-note";

declare const shopify: Api;

export default async () => {
  render(<OrderLineEta />, document.body);
};

function OrderLineEta() {
  const line = shopify.target.value;
  const promise = waitingLinePromise(shopify.appMetafields.value, line.merchandise.id);
  if (!promise) return null;
  const waiting = promise.quantity === undefined ? undefined : { count: promise.quantity, of: line.quantity };
  return <EtaNote i18n={shopify.i18n} window={promise} waiting={waiting} />;
}
