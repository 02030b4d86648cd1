export { SUBMISSION_CHANNELS, SUPPLIER_STATUSES } from "./types";
export type { Candidate, SubmissionChannel, SupplierOffer, SupplierPerformance, SupplierProfile, SupplierStatus } from "./types";
export { largestOrderableQuantity, roundOrderQuantity } from "./round-order-quantity";
export type { OrderMultiples } from "./round-order-quantity";
export {
  DEFAULT_SCORE_WEIGHTS,
  SCORE_COMPONENTS,
  SCORE_COMPONENT_LABELS,
  normaliseScoreWeights,
  scoreWeightsSchema,
} from "./score-weights";
export type { ScoreComponent, ScoreWeights } from "./score-weights";
export { CONSTRAINT_CODES, comparableUnitCost, evaluateCandidates, scoreEligible } from "./evaluate-candidates";
export type {
  CandidateEvaluation,
  CandidateScore,
  ComponentScore,
  ConstraintCode,
  ConstraintFailure,
  EvaluationContext,
  EvaluationScope,
  ScopeDemand,
} from "./evaluate-candidates";
export {
  ESCALATION_CODES,
  ESCALATION_LABELS,
  allSubmissionsFailedEscalation,
  costDeviationEscalation,
  costDeviationPct,
  exceedsCapacityEscalation,
  newSupplierEscalation,
  noEligibleSupplierEscalation,
  outsidePromiseWindowEscalation,
} from "./escalations";
export type { Escalation, EscalationCode } from "./escalations";
export { planReplenishment } from "./plan-replenishment";
export type { PlannedLine, PlanStrategy, ReplenishmentInput, ReplenishmentPlan } from "./plan-replenishment";
export { formatWhyTable } from "./format-why-table";
export {
  DEFAULT_WINDOW_SETTINGS,
  deficitUnits,
  groupDeficits,
  isWindowClosed,
  openDeficitWindow,
  recordCancellation,
  recordOversell,
  windowClosesAt,
} from "./deficit-window";
export type { CancellationEvent, DeficitEvent, DeficitWindow, OversellEvent, WindowSettings } from "./deficit-window";
export { DEFAULT_PERFORMANCE_SEED, DEFAULT_PRIOR_WEIGHT, supplierPerformance } from "./supplier-performance";
export type {
  PerformanceEstimate,
  PerformanceHistory,
  PerformanceSeed,
  PurchaseOrderLineRecord,
  SubmissionAttempt,
} from "./supplier-performance";
export { DEFAULT_COST_DEVIATION_PCT, SUPPLIER_STATUS_CHECK_MINUTES, replenishmentSettingsSchema } from "./replenishment-settings";
export type { ReplenishmentSettings, ReplenishmentSettingsInput } from "./replenishment-settings";
