// Local stand-ins for suppliers, SMTP and Slack: real servers on loopback for tests, the demo and
// benchmarks. Never wired into production.
export { startSupplierApiStandIn, type SupplierApiStandIn, type SupplierApiStandInOptions } from "./supplier-api-stand-in.server";
export type { SupplierBehaviour, SupplierMode, StandInOrder, RecordedRequest } from "./supplier-order-book";
export { startSmtpStandIn, type SmtpStandIn, type SmtpStandInOptions, type ReceivedMail, type ReceivedAttachment, type RecipientFailure } from "./smtp-stand-in.server";
export { startSlackStandIn, type SlackStandIn, type SlackPost, type SlackRequest } from "./slack-stand-in.server";
