// Outgoing mail: SMTP settings, one-attempt classified sends, stable Message-IDs.
export { createMailer, sendOnce, type Mailer, type MailAccepted, type MailAttachment, type MailResult, type OutgoingMail } from "./create-mailer.server";
export { classifySmtpError, type MailFailure } from "./classify-smtp-error";
export { deriveMessageId } from "./message-id";
export { escapeHtml } from "./escape-html";
export {
  DEFAULT_SMTP_TIMEOUT_MS,
  MailboxSchema,
  MailerConfigSchema,
  SmtpConnectionSchema,
  SmtpTransportSchema,
  SmtpUrlSchema,
  parseSmtpUrl,
  type MailerConfig,
  type SmtpConnection,
} from "./smtp-connection";
