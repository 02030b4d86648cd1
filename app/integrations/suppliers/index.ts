// Purchase-order submission to suppliers (API / email / EDI transport): one attempt per call, the
// result classified as accepted, rejected (permanent) or transient (retry with backoff).
export { createSubmitter, type Submitter, type SubmitterDependencies } from "./create-submitter.server";
export { submitViaApi } from "./submit-via-api.server";
export { submitViaEmail, purchaseOrderMessageId } from "./submit-via-email.server";
export { submitViaEdi } from "./submit-via-edi.server";
export { fetchSupplierStatus, type SupplierStatus, type SupplierStatusResult } from "./fetch-supplier-status.server";
export {
  PurchaseOrderDocumentSchema,
  IsoDateSchema,
  type PurchaseOrderDocument,
  type PurchaseOrderLine,
  type SubmissionAccepted,
  type SubmissionResult,
} from "./purchase-order-document";
export {
  ApiSupplierConfigSchema,
  EmailSupplierConfigSchema,
  EdiSupplierConfigSchema,
  SupplierChannelSchema,
  DEFAULT_SUPPLIER_TIMEOUT_MS,
  type ApiSupplierConfig,
  type EmailSupplierConfig,
  type EdiSupplierConfig,
  type SupplierChannel,
} from "./supplier-channel-config";
export { SUPPLIER_ORDER_STATUSES, type SupplierOrderStatus } from "./supplier-api-contract";
export { classifyHttpFailure, classifyRequestError, parseRetryAfter, type Failure, type PermanentFailure, type TransientFailure } from "./classify-http-failure";
export { renderPurchaseOrderEmail, purchaseOrderCsv, type RenderedPurchaseOrderEmail } from "./render-purchase-order-email";
export { priceOrder, type PricedOrder } from "./purchase-order-totals";
export { samplePurchaseOrder } from "./sample-purchase-order";
