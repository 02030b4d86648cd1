export {
  AGING_BUCKETS,
  AGING_BUCKET_LABELS,
  ageInDays,
  agingBucket,
  bucketForAge,
  bucketRange,
  bucketStartAge,
  isAgingBucket,
  nextAgingBucket,
} from "./aging";
export type { AgingBucket } from "./aging";
export { AGING_ACTIONS, AGING_ACTION_LABELS, AGING_REASONS, AGING_REASON_LABELS, OPEN_ENDED_REVIEW_DAYS, agingPlan } from "./aging-plan";
export type { AgingAction, AgingLine, AgingPlan, AgingReason } from "./aging-plan";
export { AUTO_CANCEL_MODES, AUTO_CANCEL_MODE_LABELS, DEFAULT_AGING_SETTINGS, agingSettingsSchema } from "./aging-settings";
export type { AgingSettings, AutoCancelMode } from "./aging-settings";
export type { BusinessDays, LocalDate } from "./business-days";
export { MANUAL_CLOSE_REASONS, MANUAL_CLOSE_REASON_LABELS, isManualCloseReason, manualCloseSchema } from "./manual-close-reasons";
export type { ManualClose, ManualCloseReason } from "./manual-close-reasons";
