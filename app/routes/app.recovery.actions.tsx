// Recovery commands from the queue's bulk actions and a backorder's recovery panel: notify the
// customers, offer them their choices, cancel the backordered units with a refund or close lines
// with a reason, create a customer link. JSON in, the command's answer out.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { recoveryCommand } from "../services/recovery/admin.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await recoveryCommand(session.shop, await request.json().catch(() => null));
  return json(result, { status: result.ok ? 200 : result.status });
};
