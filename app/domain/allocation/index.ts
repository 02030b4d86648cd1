export { allocateStock, attributeShortage } from "./allocate-stock";
export type { LineUnits, ShortageAttribution, StockAllocation } from "./allocate-stock";
export { compareIds, comparePriority, priorityRanking, rankLines } from "./compare-priority";
export type { PriorityRanking } from "./compare-priority";
export { planAllocation } from "./plan-allocation";
export type { AllocationOutcome, AllocationPlan, PlannedLine } from "./plan-allocation";
export {
  DECIDING_FACTOR_LABELS,
  DEFAULT_PRIORITY_CRITERIA,
  DEFAULT_PRIORITY_POLICY,
  PRIORITY_CRITERIA,
  PRIORITY_CRITERION_LABELS,
  priorityPolicySchema,
} from "./priority-policy";
export type { DecidingFactor, LocalDate, PriorityCriterion, PriorityLine, PriorityPolicy, ServiceLevelDays } from "./priority-policy";
