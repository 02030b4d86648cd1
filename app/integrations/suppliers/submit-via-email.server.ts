// One attempt to send a purchase order to the supplier's order desk by email. The Message-ID is
// derived from the idempotency key, so a retried job sends the same Message-ID and the supplier's
// mail system (or its people) can tell a repeat from a second order.
import { sendOnce, type OutgoingMail } from "../mail/create-mailer.server";
import { deriveMessageId } from "../mail/message-id";
import type { MailerConfig } from "../mail/smtp-connection";
import type { PurchaseOrderDocument, SubmissionResult } from "./purchase-order-document";
import { renderPurchaseOrderEmail, type RenderedPurchaseOrderEmail } from "./render-purchase-order-email";
import { EmailSupplierConfigSchema, type EmailSupplierConfig } from "./supplier-channel-config";
import { validateSubmission } from "./validate-submission";

export function purchaseOrderMessageId(po: Pick<PurchaseOrderDocument, "idempotencyKey">): string {
  return deriveMessageId("po", po.idempotencyKey);
}

/** `rendered` overrides the built-in layout (e.g. a merchant's own template). */
export async function submitViaEmail(po: PurchaseOrderDocument, config: EmailSupplierConfig, rendered?: RenderedPurchaseOrderEmail): Promise<SubmissionResult> {
  const checked = validateSubmission(po, EmailSupplierConfigSchema, config);
  if (!checked.ok) return checked.failure;
  const { to, from, transport } = checked.config;
  const email = rendered ?? renderPurchaseOrderEmail(checked.po);
  return sendPurchaseOrderMail({ ...transport, from }, checked.po, { to, ...email });
}

/** Shared with EDI-by-email: the same headers, Message-ID and outcome mapping. */
export async function sendPurchaseOrderMail(
  mailer: MailerConfig,
  po: PurchaseOrderDocument,
  mail: Omit<OutgoingMail, "messageId" | "replyTo" | "headers">,
): Promise<SubmissionResult> {
  const messageId = purchaseOrderMessageId(po);
  const result = await sendOnce(mailer, {
    ...mail,
    messageId,
    ...(po.buyer.email ? { replyTo: po.buyer.email } : {}),
    headers: { "X-Purchase-Order": po.poNumber },
  });
  // An accepted email is all a mail channel can prove; the supplier's own reference arrives by reply.
  return result.outcome === "accepted" ? { outcome: "accepted", supplierReference: messageId } : result;
}
