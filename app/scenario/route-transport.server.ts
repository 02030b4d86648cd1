// Hands the emulator's signed webhook POSTs to the app's real webhook route actions in-process:
// the same verification and intake as over HTTP, without a socket per delivery.
import type { ActionFunctionArgs } from "@remix-run/node";
import type { WebhookTransport } from "../emulator";

type Action = (args: ActionFunctionArgs) => Promise<Response> | Response;

export async function createRouteTransport(appUrl: string): Promise<WebhookTransport> {
  const routes: Record<string, Action> = {
    "orders/create": (await import("../routes/webhooks.orders.create")).action,
    "orders/updated": (await import("../routes/webhooks.orders.updated")).action,
    "orders/cancelled": (await import("../routes/webhooks.orders.cancelled")).action,
    "inventory_levels/update": (await import("../routes/webhooks.inventory_levels.update")).action,
    "products/update": (await import("../routes/webhooks.products.update")).action,
    "fulfillment_orders/order_routing_complete": (await import("../routes/webhooks.fulfillment_orders.order_routing_complete")).action,
    "fulfillment_orders/moved": (await import("../routes/webhooks.fulfillment_orders.moved")).action,
    "fulfillment_orders/split": (await import("../routes/webhooks.fulfillment_orders.split")).action,
    "app/uninstalled": (await import("../routes/webhooks.app.uninstalled")).action,
  };
  return async (url, init) => {
    const topic = new URL(url).pathname.replace(/^\/webhooks\//, "");
    const action = routes[topic];
    if (!action) return { status: 404 };
    const request = new Request(`${appUrl}/webhooks/${topic}`, { method: init.method, headers: init.headers, body: init.body });
    const res = await action({ request, params: {}, context: {} });
    return { status: res.status };
  };
}
