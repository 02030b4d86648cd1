// SMTP connection settings, as an object or as a URL (`smtp://user:pass@host:2525`,
// `smtps://…` for implicit TLS), validated with zod at the edge where they enter the app.
import { z } from "zod";

export const DEFAULT_SMTP_TIMEOUT_MS = 10_000;

export const SmtpConnectionSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
  /** Implicit TLS (port 465 style). Without it nodemailer still upgrades with STARTTLS when offered. */
  secure: z.boolean().optional(),
  auth: z.object({ user: z.string().min(1), pass: z.string() }).optional(),
  /** Connect, greeting and idle-socket timeout. */
  timeoutMs: z.number().int().positive().max(300_000).optional(),
});
export type SmtpConnection = z.infer<typeof SmtpConnectionSchema>;

export const SmtpUrlSchema = z.string().transform((value, ctx): SmtpConnection => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "not a URL" });
    return z.NEVER;
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected smtp:// or smtps://, got ${url.protocol}//` });
    return z.NEVER;
  }
  if (!url.hostname) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "missing host" });
    return z.NEVER;
  }
  const secure = url.protocol === "smtps:";
  const user = decodeURIComponent(url.username);
  return {
    // IPv6 literals come back bracketed from URL; sockets want them bare.
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(user ? { auth: { user, pass: decodeURIComponent(url.password) } } : {}),
  };
});

/** Either form; an object is checked as strictly as a parsed URL. */
export const SmtpTransportSchema = z.union([SmtpUrlSchema, SmtpConnectionSchema]);

/** `orders@shop.example` or `Shop Name <orders@shop.example>`. */
export const MailboxSchema = z
  .string()
  .trim()
  .regex(/^(?:[^<>]*<[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)$/, "expected an address or `Name <address>`");

export const MailerConfigSchema = SmtpConnectionSchema.extend({ from: MailboxSchema });
export type MailerConfig = z.infer<typeof MailerConfigSchema>;

/** Parses `smtp://user:pass@host:port`; throws a ZodError naming the problem. */
export function parseSmtpUrl(url: string): SmtpConnection {
  return SmtpUrlSchema.parse(url);
}
