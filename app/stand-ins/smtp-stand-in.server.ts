// A real SMTP server on loopback standing in for the supplier's and ops team's mail servers (tests,
// demo, benchmarks): every accepted message is parsed back with mailparser into an in-memory
// mailbox, and recipients can be made to answer 4xx/5xx to exercise the senders' classification.
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerDataStream, type SMTPServerError } from "smtp-server";
import { baseUrl } from "./loopback-http.server";

export type ReceivedAttachment = { filename?: string; contentType: string; content: Buffer };

export type ReceivedMail = {
  id: string;
  messageId?: string;
  /** Address in the From header. */
  from?: string;
  /** Envelope recipients the server accepted (RCPT TO), in order. */
  to: string[];
  subject?: string;
  text: string;
  html?: string;
  /** First value of each header, lower-cased names, unfolded. */
  headers: Record<string, string>;
  attachments: ReceivedAttachment[];
  receivedAt: Date;
};

export type RecipientFailure = {
  /** 4xx (try later) or 5xx (never). */
  code: number;
  message?: string;
  /** Fail this many times, then accept again; unlimited when absent. */
  times?: number;
};

export type SmtpStandInOptions = {
  host?: string;
  port?: number;
  /** When set, clients must authenticate with exactly these credentials. */
  auth?: { user: string; pass: string };
  clock?: () => Date;
  maxMessageBytes?: number;
};

export type SmtpStandIn = {
  /** `smtp://[user:pass@]127.0.0.1:port`, ready for parseSmtpUrl. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  messages(): ReceivedMail[];
  clear(): void;
  /** The first message (already received or arriving later) matching the predicate. */
  waitFor(predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  failRecipient(address: string, failure: RecipientFailure): void;
  clearFailures(): void;
  stop(): Promise<void>;
};

type Waiter = { predicate: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void };

export async function startSmtpStandIn(options: SmtpStandInOptions = {}): Promise<SmtpStandIn> {
  const clock = options.clock ?? (() => new Date());
  const mailbox: ReceivedMail[] = [];
  const waiters = new Set<Waiter>();
  const failures = new Map<string, RecipientFailure>();
  let sequence = 0;

  const deliver = (mail: ReceivedMail) => {
    mailbox.push(mail);
    for (const waiter of waiters) {
      if (!waiter.predicate(mail)) continue;
      waiters.delete(waiter);
      waiter.resolve(mail);
    }
  };

  const server = new SMTPServer({
    secure: false,
    // No TLS on loopback: hide STARTTLS so clients do not try to upgrade, and allow AUTH in clear.
    disabledCommands: options.auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    allowInsecureAuth: true,
    authOptional: !options.auth,
    logger: false,
    size: options.maxMessageBytes ?? 10_000_000,
    closeTimeout: 500,
    onAuth(auth, _session, callback) {
      if (options.auth && credentialsMatch(auth, options.auth)) return callback(null, { user: auth.username });
      callback(smtpError(535, "5.7.8 Authentication credentials invalid"));
    },
    onRcptTo(address, _session, callback) {
      callback(takeFailure(failures, address.address));
    },
    onData(stream, session, callback) {
      const recipients = session.envelope.rcptTo.map((r) => r.address);
      parseMessage(stream)
        .then((parsed) => {
          if (stream.sizeExceeded) return callback(smtpError(552, "5.3.4 Message too big"));
          deliver(toReceivedMail(parsed, `msg-${++sequence}`, recipients, clock()));
          callback();
        })
        .catch(() => callback(smtpError(451, "4.3.0 Could not parse the message")));
    },
  });

  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve(server.server.address() as AddressInfo));
  });
  const credentials = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : "";

  return {
    url: baseUrl("smtp", address).replace("smtp://", `smtp://${credentials}`),
    host: address.address,
    port: address.port,
    messages: () => [...mailbox],
    clear: () => void mailbox.splice(0),
    waitFor(predicate = () => true, timeoutMs = 5_000) {
      const found = mailbox.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (mail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`SMTP stand-in: no matching message within ${timeoutMs} ms (${mailbox.length} in the mailbox)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    failRecipient(recipient, failure) {
      if (!(failure.code >= 400 && failure.code < 600)) throw new Error(`failRecipient: code must be 4xx or 5xx, got ${failure.code}`);
      failures.set(recipient.toLowerCase(), { ...failure });
    },
    clearFailures: () => failures.clear(),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function credentialsMatch(auth: SMTPServerAuthentication, expected: { user: string; pass: string }): boolean {
  return auth.username === expected.user && auth.password === expected.pass;
}

function takeFailure(failures: Map<string, RecipientFailure>, address: string): SMTPServerError | null {
  const key = address.toLowerCase();
  const failure = failures.get(key);
  if (!failure) return null;
  if (failure.times !== undefined) {
    if (failure.times <= 1) failures.delete(key);
    else failure.times -= 1;
  }
  const fallback = failure.code >= 500 ? "5.1.1 Mailbox unavailable" : "4.2.1 Mailbox temporarily unavailable";
  return smtpError(failure.code, failure.message ?? fallback);
}

function smtpError(responseCode: number, message: string): SMTPServerError {
  return Object.assign(new Error(message), { responseCode });
}

function parseMessage(stream: SMTPServerDataStream): Promise<ParsedMail> {
  return simpleParser(stream, { skipTextToHtml: true, skipImageLinks: true });
}

function toReceivedMail(parsed: ParsedMail, id: string, recipients: string[], receivedAt: Date): ReceivedMail {
  return {
    id,
    messageId: parsed.messageId,
    from: firstAddress(parsed.from),
    to: recipients,
    subject: parsed.subject,
    text: parsed.text ?? "",
    html: parsed.html || undefined,
    headers: headerRecord(parsed),
    attachments: parsed.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    receivedAt,
  };
}

function firstAddress(field: AddressObject | undefined): string | undefined {
  return field?.value[0]?.address;
}

function headerRecord(parsed: ParsedMail): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    if (key in out) continue;
    out[key] = line.slice(line.indexOf(":") + 1).replace(/\r?\n[ \t]+/g, " ").trim();
  }
  return out;
}
