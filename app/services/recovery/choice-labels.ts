// What each customer choice is called, on the customer's page and in the admin.
import type { CustomerChoiceKind } from "../../domain/fulfillment-holds";

export const CHOICE_LABELS: Record<CustomerChoiceKind, string> = {
  wait: "Wait for everything and ship it together",
  ship_available: "Ship what's in stock now, the rest when it arrives",
  substitute: "Take an alternative instead",
  cancel_line: "Cancel the backordered items (refunded)",
  cancel_order: "Cancel the whole order (refunded)",
};
