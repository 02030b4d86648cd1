export { MAX_APP_HOLDS_PER_FULFILLMENT_ORDER, ORDER_HOLD_HANDLE, backorderIdOfHandle, holdHandle, isManagedHandle } from "./hold-handles";
export { CUSTOMER_CHOICES, planCustomerChoice } from "./plan-customer-choice";
export type {
  BackorderClosure,
  CancelOrderStep,
  ChoiceError,
  ChoiceOptions,
  ChoiceOrder,
  ChoiceOrderLine,
  ChoicePlan,
  CustomerChoice,
  CustomerChoiceKind,
  EditOrderStep,
  OrderStep,
  RefundStep,
} from "./plan-customer-choice";
export { planHolds } from "./plan-holds";
export type { PlanHoldsInput } from "./plan-holds";
export { HOLD_REASON, HOLD_RULES, HOLD_RULE_LABELS } from "./types";
export type {
  BackorderedLine,
  ExistingHold,
  FulfillmentHoldAction,
  FulfillmentOrderLineItemSnapshot,
  FulfillmentOrderSnapshot,
  FulfillmentOrderStatus,
  HoldAction,
  HoldNote,
  HoldPlan,
  HoldRule,
  ReleaseAction,
} from "./types";
