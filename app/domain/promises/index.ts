export { computePromise, leadTimeSamples } from "./compute-promise";
export type {
  CustomerPromise,
  FulfilmentSettings,
  HistoryScope,
  PromiseBasis,
  PromiseInput,
  PromisePhase,
  PromiseWindow,
  SupplyHistory,
  SupplyState,
} from "./compute-promise";
export { LEARNING_DEFAULTS, learnLeadTime, learnSlip, quantile, statedRange } from "./learn-lead-time";
export type { EstimateSource, LeadTimeEstimate, LearningOptions, LearningTuning } from "./learn-lead-time";
export { promiseChange, shouldNotifyCustomer } from "./promise-change";
export type { PromiseChange } from "./promise-change";
export {
  CONTRACT_VERSION,
  METAFIELD_NAMESPACE,
  METAFIELD_TYPE,
  ORDER_PROMISES_KEY,
  VARIANT_WINDOW_KEY,
  orderPromisesMetafield,
  readLinePromise,
  readOrderPromises,
  readVariantWindow,
  variantWindowMetafield,
} from "./metafield-contract";
export type {
  LinePromise,
  LinePromiseStatus,
  MetafieldsSetInput,
  OrderLinePromise,
  OrderPromisesValue,
  VariantWindowValue,
} from "./metafield-contract";
export { orderPromisesValueSchema, variantWindowValueSchema } from "./metafield-schema";
export {
  HISTORY_LIMITS,
  PROMISE_REASON_LABELS,
  closedReason,
  linePromise,
  nextUpdateBy,
  offerForUncovered,
  promiseReason,
  supplyForOrder,
  supplyHistoryFor,
  windowChange,
} from "./line-promise";
export type {
  ClosedReason,
  CoveringOrder,
  LinePromiseInput,
  LinePromiseResult,
  PromisePart,
  PromiseReason,
  PromiseSnapshot,
  ReceiptRecord,
  SupplierOfferChoice,
} from "./line-promise";
