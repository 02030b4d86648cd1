// A tiny SMTP mailer: one send is one attempt, and every outcome comes back classified instead of
// thrown, so job handlers decide retry or escalation from data (purchase orders, ops alerts,
// customer notices).
import nodemailer from "nodemailer";
import { classifySmtpError, type MailFailure } from "./classify-smtp-error";
import { DEFAULT_SMTP_TIMEOUT_MS, MailerConfigSchema, type MailerConfig } from "./smtp-connection";

export type MailAttachment = { filename: string; content: string | Buffer; contentType: string };

export type OutgoingMail = {
  to: string | readonly string[];
  subject: string;
  text: string;
  html: string;
  /** `<local@domain>`; derive it with deriveMessageId so a retry carries the same id. */
  messageId?: string;
  replyTo?: string;
  headers?: Readonly<Record<string, string>>;
  attachments?: readonly MailAttachment[];
};

export type MailAccepted = {
  outcome: "accepted";
  messageId: string;
  /** Recipients the server took; `rejected` lists the others (a partial delivery is still accepted). */
  accepted: string[];
  rejected: string[];
};
export type MailResult = MailAccepted | MailFailure;

export type Mailer = {
  readonly from: string;
  send(mail: OutgoingMail): Promise<MailResult>;
  /** Releases the transport; sends after close fail as transient. */
  close(): void;
};

/** Throws a ZodError for a malformed config: that is a deployment mistake, not a delivery outcome. */
export function createMailer(config: MailerConfig): Mailer {
  const { from, host, port, secure, auth, timeoutMs = DEFAULT_SMTP_TIMEOUT_MS } = MailerConfigSchema.parse(config);
  const transport = nodemailer.createTransport({
    host,
    port,
    secure: secure ?? port === 465,
    auth,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    from,
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from,
          to: [mail.to].flat(),
          replyTo: mail.replyTo,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          headers: mail.headers ? { ...mail.headers } : undefined,
          // base64 keeps attachments byte-identical (X12 and CSV line endings must survive).
          attachments: mail.attachments?.map((a) => ({ ...a, contentTransferEncoding: "base64" })),
        });
        return { outcome: "accepted", messageId: info.messageId, accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
      } catch (error) {
        return classifySmtpError(error);
      }
    },
    close: () => transport.close(),
  };
}

/** One message on a connection of its own, closed afterwards (submissions are sporadic). */
export async function sendOnce(config: MailerConfig, mail: OutgoingMail): Promise<MailResult> {
  const mailer = createMailer(config);
  try {
    return await mailer.send(mail);
  } finally {
    mailer.close();
  }
}
