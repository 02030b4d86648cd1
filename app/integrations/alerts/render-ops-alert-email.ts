// The ops alert as an email: the reason up front, the facts in a short list, the inbox link.
import { escapeHtml as esc } from "../mail/escape-html";
import type { ParsedOpsAlert } from "./ops-alert";

export type RenderedOpsAlertEmail = { subject: string; text: string; html: string };

export function renderOpsAlertEmail(alert: ParsedOpsAlert): RenderedOpsAlertEmail {
  const facts: [string, string][] = [
    ["SKU", alert.sku],
    ["Quantity", String(alert.quantity)],
    ["Supplier", alert.supplier?.name ?? "no supplier"],
    ...(alert.poNumber ? [["Purchase order", alert.poNumber] as [string, string]] : []),
    ...(alert.shop ? [["Shop", alert.shop] as [string, string]] : []),
  ];
  const prefix = alert.severity === "critical" ? "[Backorder Pilot] URGENT" : "[Backorder Pilot]";
  return {
    subject: `${prefix} ${alert.sku} × ${alert.quantity}: ${firstLine(alert.reason, 120)}`,
    text: [alert.reason, "", ...facts.map(([k, v]) => `${k}: ${v}`), "", `Escalation inbox: ${alert.escalationUrl}`, ""].join("\n"),
    html:
      `<p>${esc(alert.reason)}</p>\n<ul>\n${facts.map(([k, v]) => `<li><strong>${esc(k)}:</strong> ${esc(v)}</li>`).join("\n")}\n</ul>\n` +
      `<p><a href="${esc(alert.escalationUrl)}">Open the escalation inbox</a></p>\n`,
  };
}

function firstLine(text: string, max: number): string {
  const line = text.split(/\r?\n/)[0].trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
