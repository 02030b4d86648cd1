// One email of an ops alert through the app's mailer, classified (accepted / transient /
// rejected). With a dedupeKey, a retried alert carries the same Message-ID.
import type { Mailer, MailResult } from "../mail/create-mailer.server";
import { deriveMessageId } from "../mail/message-id";
import { describeIssues } from "../suppliers/validate-submission";
import { OpsAlertSchema, type OpsAlert } from "./ops-alert";
import { renderOpsAlertEmail } from "./render-ops-alert-email";

export async function sendOpsEmail(mailer: Pick<Mailer, "send">, to: string | readonly string[], alert: OpsAlert): Promise<MailResult> {
  const parsed = OpsAlertSchema.safeParse(alert);
  if (!parsed.success) return { outcome: "rejected", reason: `invalid alert: ${describeIssues(parsed.error)}` };
  const recipients = [to].flat();
  if (recipients.length === 0) return { outcome: "rejected", reason: "no ops recipients configured" };
  return mailer.send({
    to: recipients,
    ...renderOpsAlertEmail(parsed.data),
    ...(parsed.data.dedupeKey ? { messageId: deriveMessageId("alert", parsed.data.dedupeKey) } : {}),
    headers: { "X-Backorder-Alert": parsed.data.severity },
  });
}
