export { CAP_REASONS, CAP_REASON_LABELS, capDecision, defaultResumeMargin } from "./cap-decision";
export type { CapDecision, CapInput, CapReason, SellingPolicy } from "./cap-decision";
export { capRuleFor, capRulesSchema } from "./cap-rules";
export type { CapRule } from "./cap-rules";
