import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "../services/webhook-intake.server";

// orders/cancelled — recorded once, processed by the job queue (app/services/process-webhook.server.ts).
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request);
