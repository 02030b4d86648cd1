// How each supplier takes purchase orders, as stored with the supplier and checked with zod
// before every attempt (a bad config is a permanent rejection, never an exception in a job).
import { z } from "zod";
import { MailboxSchema, SmtpTransportSchema } from "../mail/smtp-connection";

export const DEFAULT_SUPPLIER_TIMEOUT_MS = 15_000;

const HttpUrlSchema = z.string().refine(isHttpUrl, "expected an http(s) URL");

const TimeoutSchema = z.number().int().positive().max(120_000);

export const ApiSupplierConfigSchema = z.object({
  /** graphql: `submitPurchaseOrder` mutation at `url`; json: POST the order to `url`. */
  kind: z.enum(["graphql", "json"]),
  url: HttpUrlSchema,
  token: z.string().min(1).optional(),
  timeoutMs: TimeoutSchema.optional(),
});

export const EmailSupplierConfigSchema = z.object({
  to: z.string().email(),
  from: MailboxSchema,
  transport: SmtpTransportSchema,
});

export const EdiSupplierConfigSchema = z.discriminatedUnion("transport", [
  z.object({ transport: z.literal("http"), url: HttpUrlSchema, token: z.string().min(1).optional(), timeoutMs: TimeoutSchema.optional() }),
  z.object({ transport: z.literal("email"), to: z.string().email(), from: MailboxSchema, smtp: SmtpTransportSchema }),
]);

export const SupplierChannelSchema = z.discriminatedUnion("channel", [
  z.object({ channel: z.literal("api"), config: ApiSupplierConfigSchema }),
  z.object({ channel: z.literal("email"), config: EmailSupplierConfigSchema }),
  z.object({ channel: z.literal("edi"), config: EdiSupplierConfigSchema }),
]);

/** What callers pass (an SMTP transport may be a URL string). */
export type ApiSupplierConfig = z.input<typeof ApiSupplierConfigSchema>;
export type EmailSupplierConfig = z.input<typeof EmailSupplierConfigSchema>;
export type EdiSupplierConfig = z.input<typeof EdiSupplierConfigSchema>;
export type SupplierChannel = z.input<typeof SupplierChannelSchema>;

/** After parsing (an SMTP URL has become connection settings). */
export type ParsedApiSupplierConfig = z.output<typeof ApiSupplierConfigSchema>;
export type ParsedEdiSupplierConfig = z.output<typeof EdiSupplierConfigSchema>;

export function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}
