// Ops alerts (Slack incoming webhook, email): one attempt, classified result.
export { postSlackAlert, type AlertResult } from "./post-slack-alert.server";
export { sendOpsEmail } from "./send-ops-email.server";
export { OpsAlertSchema, type OpsAlert } from "./ops-alert";
export { buildSlackAlertPayload, type SlackAlertPayload } from "./slack-alert-payload";
export { renderOpsAlertEmail } from "./render-ops-alert-email";
