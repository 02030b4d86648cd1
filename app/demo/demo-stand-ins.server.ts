// The demo's outside world on loopback: the supplier API / EDI stand-in, an SMTP server (supplier
// purchase orders by email, ops alerts) and a Slack incoming-webhook stand-in. The demo process
// starts them; the demo mailbox page (/demo/mailbox) reads what they received. The page runs in the
// Remix build, a separate module graph from the demo server: the running stand-ins are shared
// through a global slot, set in demo mode only.
import { startSlackStandIn, startSmtpStandIn, startSupplierApiStandIn, type SlackStandIn, type SmtpStandIn, type SupplierApiStandIn } from "../stand-ins";
import { DEMO_OPS_EMAIL, DEMO_SUPPLIER_SPECS } from "./demo-suppliers";

export type DemoStandIns = {
  suppliers: SupplierApiStandIn;
  smtp: SmtpStandIn;
  slack: SlackStandIn;
  slackWebhookUrl: string;
  stop(): Promise<void>;
};

const SLOT = Symbol.for("backorder-pilot.demo-stand-ins");
type Slot = { [SLOT]?: DemoStandIns };

export function demoStandIns(): DemoStandIns | null {
  return (globalThis as Slot)[SLOT] ?? null;
}

export async function startDemoStandIns(): Promise<DemoStandIns> {
  const behaviours = Object.fromEntries(DEMO_SUPPLIER_SPECS.filter((s) => s.behaviour).map((s) => [s.id, s.behaviour!]));
  const suppliers = await startSupplierApiStandIn({ suppliers: behaviours });
  const smtp = await startSmtpStandIn();
  const slack = await startSlackStandIn();
  const running: DemoStandIns = {
    suppliers,
    smtp,
    slack,
    slackWebhookUrl: slack.webhookUrl("T0DEMO/B0OPS/backorder-pilot-demo"),
    async stop() {
      if ((globalThis as Slot)[SLOT] === running) delete (globalThis as Slot)[SLOT];
      await Promise.allSettled([suppliers.stop(), smtp.stop(), slack.stop()]);
    },
  };
  (globalThis as Slot)[SLOT] = running;
  return running;
}

// ---- the mailbox page's view ----

export type MailboxTab = "mail" | "slack" | "suppliers";

function slackText(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Record<string, unknown>;
    if (typeof n.text === "string") out.push(n.text);
    else if (n.text && typeof n.text === "object") walk(n.text);
    for (const k of ["fields", "elements", "blocks"]) if (Array.isArray(n[k])) walk(n[k]);
  };
  walk(body.blocks);
  if (out.length === 0 && typeof body.text === "string") out.push(body.text);
  return out;
}

/** What the stand-ins received, newest first; null outside a running demo. */
export function demoMailboxView(o: { tab: MailboxTab; id?: string }) {
  const s = demoStandIns();
  if (!s) return null;
  const supplierInboxes = new Set(DEMO_SUPPLIER_SPECS.map((x) => `orders@${x.id}.example`));
  const mails = s.smtp
    .messages()
    .slice()
    .reverse()
    .map((m) => ({
      id: m.id,
      subject: m.subject ?? "(no subject)",
      from: m.from ?? "",
      to: m.to,
      receivedAt: m.receivedAt.toISOString(),
      kind: m.to.includes(DEMO_OPS_EMAIL) ? "Ops alert" : m.to.some((t) => supplierInboxes.has(t)) ? "Purchase order" : "Customer notice",
      attachments: m.attachments.map((a) => ({ filename: a.filename ?? "(unnamed)", contentType: a.contentType, bytes: a.content.length })),
    }));
  const selectedMail = o.tab === "mail" ? (s.smtp.messages().find((m) => m.id === o.id) ?? s.smtp.messages().at(-1) ?? null) : null;
  const slack = s.slack
    .posts()
    .slice()
    .reverse()
    .map((p, i, all) => ({ n: all.length - i, path: p.path, receivedAt: p.receivedAt.toISOString(), text: p.body.text ?? "", lines: slackText(p.body as Record<string, unknown>), json: JSON.stringify(p.body, null, 2) }));
  const suppliers = DEMO_SUPPLIER_SPECS.filter((x) => x.behaviour).map((spec) => {
    const requests = s.suppliers.requests(spec.id);
    return {
      id: spec.id,
      name: spec.name,
      story: spec.story,
      mode: spec.behaviour!.mode,
      requests: requests
        .slice(-30)
        .reverse()
        .map((r) => ({ at: r.receivedAt.toISOString(), endpoint: r.endpoint, method: r.method, path: r.path, answer: r.answer === undefined ? "…" : String(r.answer), idempotencyKey: r.idempotencyKey ?? null })),
      requestCount: requests.length,
      failedCount: requests.filter((r) => r.answer === "destroyed" || (typeof r.answer === "number" && r.answer >= 400)).length,
      orders: s.suppliers
        .orders(spec.id)
        .slice()
        .reverse()
        .map((x) => ({
          reference: x.reference,
          status: x.status,
          eta: x.eta ?? null,
          channel: x.channel,
          receivedAt: x.receivedAt.toISOString(),
          poNumber: x.channel === "edi" ? (/BEG\*[^*]*\*[^*]*\*([^*~]+)/.exec(x.x12)?.[1] ?? "X12 850") : x.purchaseOrder.poNumber,
          lines: x.channel === "edi" ? [] : x.purchaseOrder.lines.map((l) => `${l.quantity} × ${l.sku}`),
        })),
    };
  });
  return {
    tab: o.tab,
    counts: { mail: mails.length, slack: slack.length, suppliers: suppliers.reduce((n, x) => n + x.orders.length, 0) },
    mails,
    selected: selectedMail
      ? {
          id: selectedMail.id,
          subject: selectedMail.subject ?? "(no subject)",
          from: selectedMail.from ?? "",
          to: selectedMail.to,
          receivedAt: selectedMail.receivedAt.toISOString(),
          html: selectedMail.html ?? null,
          text: selectedMail.text,
          attachments: selectedMail.attachments.map((a) => ({ filename: a.filename ?? "(unnamed)", contentType: a.contentType, bytes: a.content.length })),
        }
      : null,
    slack,
    suppliers,
  };
}
