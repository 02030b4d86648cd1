import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "../services/webhook-intake.server";

// products/update — stored once by the intake, processed by a worker (app/services/process-deliveries.server.ts).
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request);
