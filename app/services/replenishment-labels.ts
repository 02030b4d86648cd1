// Words for the replenishment screens (no server code: the pages import these too).
export const PURCHASE_ORDER_STATUS_LABELS: Record<string, string> = {
  draft: "Draft",
  escalated: "Needs approval",
  submitted: "Submitted",
  confirmed: "Confirmed",
  partially_received: "Partially received",
  received: "Received",
  cancelled: "Cancelled",
};

export const PURCHASE_ORDER_STATUS_TONES: Record<string, "info" | "attention" | "warning" | "success" | "critical" | undefined> = {
  draft: "info",
  escalated: "warning",
  submitted: "attention",
  confirmed: "success",
  partially_received: "attention",
  received: "success",
  cancelled: undefined,
};

export const SUPPLIER_CHANNEL_LABELS: Record<string, string> = { api: "API", email: "Email", edi: "EDI" };
export const SUPPLIER_STATUS_LABELS: Record<string, string> = { active: "Active", paused: "Paused", unavailable: "Unavailable" };

export const PURCHASE_ORDER_EVENT_LABELS: Record<string, string> = {
  created: "Created",
  escalated: "Waiting for approval",
  approved: "Approved",
  dismissed: "Escalation dismissed",
  supplier_changed: "Supplier changed",
  submit_requested: "Submission requested",
  submitted: "Submitted",
  attempt_failed: "Submission attempt failed",
  submission_failed: "Submission failed",
  confirmed: "Confirmed",
  eta_changed: "New delivery date",
  received: "Goods received",
  cancelled: "Cancelled",
};

export const ORIGIN_LABELS: Record<string, string> = { auto: "Automatic", fallback: "Fallback", manual: "Manual" };

export const ESCALATION_STATUS_LABELS: Record<string, string> = { open: "Open", approved: "Approved", dismissed: "Dismissed" };

export const percent = (rate: number | null | undefined, digits = 0) => (rate === null || rate === undefined ? "—" : `${(rate * 100).toFixed(digits)}%`);

export function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}
