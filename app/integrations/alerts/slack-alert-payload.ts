// The Slack incoming-webhook body for an ops alert: `text` (notifications and fallbacks) plus
// Block Kit blocks with the reason, SKU, quantity, supplier and a button to the escalation inbox.
import type { ParsedOpsAlert } from "./ops-alert";

type TextObject = { type: "plain_text" | "mrkdwn"; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: "header"; text: TextObject }
  | { type: "section"; text?: TextObject; fields?: TextObject[] }
  | { type: "actions"; elements: { type: "button"; text: TextObject; url: string; style?: "primary" | "danger" }[] }
  | { type: "context"; elements: TextObject[] };
export type SlackAlertPayload = { text: string; blocks: SlackBlock[] };

// Block Kit limits: header 150, section text 3000, field 2000, button label 75.
const LIMIT = { header: 150, section: 3000, field: 2000 } as const;

export function buildSlackAlertPayload(alert: ParsedOpsAlert): SlackAlertPayload {
  const icon = alert.severity === "critical" ? ":rotating_light:" : ":warning:";
  const supplier = alert.supplier?.name ?? "no supplier";
  const fields: TextObject[] = [
    field("SKU", alert.sku),
    field("Quantity", String(alert.quantity)),
    field("Supplier", supplier),
    ...(alert.poNumber ? [field("Purchase order", alert.poNumber)] : []),
  ];
  return {
    text: `${icon} Backorder needs attention: ${escape(alert.reason)} (${escape(alert.sku)} × ${alert.quantity}, ${escape(supplier)})`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: cut(`${alert.severity === "critical" ? "Urgent: b" : "B"}ackorder needs attention: ${alert.sku}`, LIMIT.header), emoji: true } },
      { type: "section", text: { type: "mrkdwn", text: cut(`${icon} ${escape(alert.reason)}`, LIMIT.section) } },
      { type: "section", fields },
      {
        type: "actions",
        elements: [
          { type: "button", text: { type: "plain_text", text: "Open escalation inbox" }, url: alert.escalationUrl, ...(alert.severity === "critical" ? { style: "danger" as const } : { style: "primary" as const }) },
        ],
      },
      ...(alert.shop ? [{ type: "context" as const, elements: [{ type: "mrkdwn" as const, text: `Shop: ${escape(alert.shop)}` }] }] : []),
    ],
  };
}

function field(label: string, value: string): TextObject {
  return { type: "mrkdwn", text: cut(`*${label}*\n${escape(value)}`, LIMIT.field) };
}

/** Slack's mrkdwn control characters; everything else is shown as typed. */
function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
