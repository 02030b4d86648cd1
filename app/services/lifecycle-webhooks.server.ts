// App lifecycle and compliance deliveries (uninstall, scopes, customers/*, shop/redact): rare,
// each handled in its own transaction together with settling its delivery, so a retry after a
// failure does the work once.
import type { Tx } from "../models/transaction.server";
import { TOPICS } from "../webhooks/topics";
import { handleAppUninstalled } from "./uninstall.server";
import { handleScopesUpdate } from "./scopes.server";
import { assembleCustomerData, redactCustomer, redactShop } from "./privacy.server";
import { replaceBodies } from "../models/webhook-deliveries.server";
import { trimPayload } from "../webhooks/trim-payload";

import type { ProcessOutcome } from "./process-outcome";

export type { ProcessOutcome };

export async function handleLifecycleWebhook(
  tx: Tx,
  d: { id: bigint; shop: string; topic: string; webhookId: string },
  payload: unknown,
  at: Date,
): Promise<ProcessOutcome> {
  switch (d.topic) {
    case TOPICS.appUninstalled:
      await handleAppUninstalled(tx, d.shop, at);
      return { status: "processed", reason: null };
    case TOPICS.appScopesUpdate:
      return handleScopesUpdate(tx, d.shop, payload);
    case TOPICS.customersRedact: {
      const outcome = await redactCustomer(tx, d.shop, payload, { webhookId: d.webhookId, at });
      // The request itself names the customer: keep only what identifies the request.
      await replaceBodies([{ id: d.id, body: Buffer.from(JSON.stringify(trimPayload(d.topic, payload, { dropCustomer: true }))) }], at, tx);
      return outcome;
    }
    case TOPICS.customersDataRequest:
      return assembleCustomerData(tx, d.shop, payload, { webhookId: d.webhookId });
    case TOPICS.shopRedact:
      await redactShop(tx, d.shop);
      return { status: "processed", reason: "all of the shop's data deleted" };
    default:
      return { status: "skipped", reason: `no handler for topic ${d.topic}` };
  }
}
