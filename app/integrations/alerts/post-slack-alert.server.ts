// One post of an ops alert to a Slack incoming webhook, classified like every outbound call:
// 2xx accepted; 404 no_service / 410 channel_is_archived / 400 / 403 rejected (the webhook needs
// fixing); 429 (with Retry-After), 5xx, timeouts and connection errors transient.
import { z } from "zod";
import { now } from "../../clock.server";
import { classifyHttpFailure, type Failure } from "../suppliers/classify-http-failure";
import { isHttpUrl } from "../suppliers/supplier-channel-config";
import { exchange, isAnswer, isSuccess } from "../suppliers/supplier-http.server";
import { describeIssues } from "../suppliers/validate-submission";
import { OpsAlertSchema, type OpsAlert } from "./ops-alert";
import { buildSlackAlertPayload } from "./slack-alert-payload";

export type AlertResult = { outcome: "accepted" } | Failure;

const WebhookUrlSchema = z.string().refine(isHttpUrl, "expected an http(s) webhook URL");

export async function postSlackAlert(webhookUrl: string, alert: OpsAlert, options: { timeoutMs?: number } = {}): Promise<AlertResult> {
  const url = WebhookUrlSchema.safeParse(webhookUrl);
  if (!url.success) return { outcome: "rejected", reason: "invalid Slack webhook URL" };
  const parsed = OpsAlertSchema.safeParse(alert);
  if (!parsed.success) return { outcome: "rejected", reason: `invalid alert: ${describeIssues(parsed.error)}` };

  const answer = await exchange(
    url.data,
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(buildSlackAlertPayload(parsed.data)) },
    options.timeoutMs ?? 10_000,
  );
  if (!isAnswer(answer)) return answer;
  if (isSuccess(answer)) return { outcome: "accepted" };
  // Slack explains failures with one word in a text body (no_service, invalid_payload, …).
  const message = answer.body.trim().slice(0, 200) || undefined;
  return classifyHttpFailure({ status: answer.status, headers: answer.headers, message }, now());
}
