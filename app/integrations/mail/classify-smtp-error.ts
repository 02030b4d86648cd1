// One classification for every SMTP failure: the server's reply code decides when there is one
// (4xx: try again later, 5xx: it will never take this message), otherwise nodemailer's error code
// tells a broken connection (transient) from a message or configuration we must fix (permanent).
export type MailFailure = { outcome: "rejected"; reason: string } | { outcome: "transient"; reason: string };

type SmtpErrorShape = { message: string; code?: string; responseCode?: number; response?: string; command?: string };

// Raised by nodemailer before or without a server reply; retrying the same message cannot help.
const PERMANENT_CODES = new Set([
  "EENVELOPE",
  "EMESSAGE",
  "ECONFIG",
  "EAUTH",
  "ENOAUTH",
  "EREQUIRETLS",
  "EMAXRECIPIENTS",
  "EFILEACCESS",
  "EURLACCESS",
]);

export function classifySmtpError(error: unknown): MailFailure {
  const e = asSmtpError(error);
  if (e.responseCode !== undefined) {
    const reply = (e.response ?? e.message).trim();
    const reason = e.command ? `SMTP ${e.command}: ${reply}` : `SMTP: ${reply}`;
    return e.responseCode >= 500 ? { outcome: "rejected", reason } : { outcome: "transient", reason };
  }
  const reason = e.code ? `${e.code}: ${e.message}` : e.message;
  return e.code && PERMANENT_CODES.has(e.code) ? { outcome: "rejected", reason } : { outcome: "transient", reason };
}

function asSmtpError(error: unknown): SmtpErrorShape {
  if (typeof error !== "object" || error === null) return { message: String(error) };
  const e = error as Record<string, unknown>;
  return {
    message: typeof e.message === "string" ? e.message : String(error),
    code: typeof e.code === "string" ? e.code : undefined,
    responseCode: typeof e.responseCode === "number" ? e.responseCode : undefined,
    response: typeof e.response === "string" ? e.response : undefined,
    command: typeof e.command === "string" ? e.command : undefined,
  };
}
