import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "../services/webhook-intake.server";

// fulfillment_orders/order_routing_complete — recorded once; the worker asks Shopify (batched) where the named
// fulfillment orders are assigned (app/services/location-lookup.server.ts).
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request);
