// Demo only: what the demo's outside world received — emails (purchase orders to email suppliers,
// ops alerts, later customer notices) on the local SMTP server, Slack posts on the local webhook,
// and orders at the supplier API / EDI stand-in. Outside /app; 404 unless in demo mode.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { AppProvider, Badge, BlockStack, Box, Card, DataTable, InlineGrid, InlineStack, Layout, Page, Tabs, Text } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import en from "@shopify/polaris/locales/en.json";
import { useEffect } from "react";
import { z } from "zod";
import { appConfig } from "../config.server";
import { demoMailboxView } from "../demo/demo-stand-ins.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];
export const meta: MetaFunction = () => [{ title: "Demo mailbox · Backorder Pilot" }];

const Params = z.object({ tab: z.enum(["mail", "slack", "suppliers"]).catch("mail"), id: z.string().max(40).optional() });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  if (!appConfig().demo) throw new Response("Not found", { status: 404 });
  const params = Params.parse(Object.fromEntries(new URL(request.url).searchParams));
  const view = demoMailboxView(params);
  if (!view) throw new Response("The demo's stand-ins are not running", { status: 503 });
  return view;
};

const TABS = [
  { id: "mail", label: "Email" },
  { id: "slack", label: "Slack" },
  { id: "suppliers", label: "Supplier APIs" },
] as const;
const time = (iso: string) => new Date(iso).toLocaleTimeString();

function Mail({ view }: { view: ReturnType<typeof useLoaderData<typeof loader>> }) {
  if (view.mails.length === 0)
    return (
      <Card>
        <Text as="p" tone="subdued">
          No email yet. Purchase orders to Terra Ceramics (an email supplier), ops alerts for escalations and customer notices arrive here.
        </Text>
      </Card>
    );
  return (
    <InlineGrid columns={{ xs: 1, md: ["oneThird", "twoThirds"] }} gap="400">
      <Card padding="0">
        <BlockStack>
          {view.mails.map((m) => (
            <Link key={m.id} to={`?tab=mail&id=${m.id}`} style={{ textDecoration: "none", color: "inherit" }} aria-current={view.selected?.id === m.id ? "true" : undefined}>
              <Box padding="300" background={view.selected?.id === m.id ? "bg-surface-selected" : undefined} borderBlockEndWidth="025" borderColor="border">
                <BlockStack gap="100">
                  <InlineStack align="space-between" gap="200">
                    <Badge tone={m.kind === "Ops alert" ? "warning" : m.kind === "Purchase order" ? "info" : "success"}>{m.kind}</Badge>
                    <Text as="span" tone="subdued" variant="bodySm">
                      {time(m.receivedAt)}
                    </Text>
                  </InlineStack>
                  <Text as="span" fontWeight="semibold">
                    {m.subject}
                  </Text>
                  <Text as="span" tone="subdued" variant="bodySm">
                    to {m.to.join(", ")}
                  </Text>
                </BlockStack>
              </Box>
            </Link>
          ))}
        </BlockStack>
      </Card>
      {view.selected ? (
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {view.selected.subject}
            </Text>
            <Text as="p" tone="subdued">
              From {view.selected.from} · to {view.selected.to.join(", ")} · {new Date(view.selected.receivedAt).toLocaleString()}
            </Text>
            {view.selected.attachments.length ? (
              <Text as="p" tone="subdued">
                Attachments: {view.selected.attachments.map((a) => `${a.filename} (${a.contentType}, ${a.bytes} bytes)`).join(", ")}
              </Text>
            ) : null}
            {view.selected.html ? (
              <iframe
                title="Message body"
                sandbox="allow-popups allow-popups-to-escape-sandbox"
                srcDoc={`<base target="_blank">${view.selected.html}`}
                style={{ width: "100%", height: 640, border: "1px solid #e3e3e3", borderRadius: 8, background: "#fff" }}
              />
            ) : (
              <pre style={{ whiteSpace: "pre-wrap", margin: 0 }}>{view.selected.text}</pre>
            )}
          </BlockStack>
        </Card>
      ) : null}
    </InlineGrid>
  );
}

function Slack({ view }: { view: ReturnType<typeof useLoaderData<typeof loader>> }) {
  if (view.slack.length === 0)
    return (
      <Card>
        <Text as="p" tone="subdued">
          No Slack post yet. Escalations are announced here (the shop&apos;s incoming webhook points at the local Slack stand-in).
        </Text>
      </Card>
    );
  return (
    <BlockStack gap="300">
      {view.slack.map((p) => (
        <Card key={p.n}>
          <BlockStack gap="200">
            <InlineStack align="space-between">
              <Text as="span" fontWeight="semibold">
                #{p.n} · {p.text || "(blocks only)"}
              </Text>
              <Text as="span" tone="subdued" variant="bodySm">
                {time(p.receivedAt)} · /services/{p.path}
              </Text>
            </InlineStack>
            {p.lines.map((l, i) => (
              <Text as="p" key={i}>
                {l}
              </Text>
            ))}
            <details>
              <summary>Payload</summary>
              <pre style={{ whiteSpace: "pre-wrap", fontSize: 12 }}>{p.json}</pre>
            </details>
          </BlockStack>
        </Card>
      ))}
    </BlockStack>
  );
}

function Suppliers({ view }: { view: ReturnType<typeof useLoaderData<typeof loader>> }) {
  return (
    <BlockStack gap="400">
      {view.suppliers.map((s) => (
        <Card key={s.id} padding="0">
          <Box padding="400">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingSm">
                {s.name}
              </Text>
              <Badge tone={s.mode === "up" ? "success" : "warning"}>{s.mode}</Badge>
              <Text as="span" tone="subdued">
                {s.story} · {s.requestCount} request(s), {s.failedCount} failed, {s.orders.length} order(s)
              </Text>
            </InlineStack>
          </Box>
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "text"]}
            headings={["Order", "PO", "Status", "ETA", "Lines"]}
            rows={s.orders.map((o) => [`${o.reference} (${o.channel})`, o.poNumber, o.status, o.eta ?? "—", o.lines.join(", ") || "—"])}
          />
          <Box padding="400">
            <Text as="h3" variant="headingXs">
              Latest requests
            </Text>
          </Box>
          <DataTable
            columnContentTypes={["text", "text", "text", "text"]}
            headings={["Time", "Request", "Answer", "Idempotency key"]}
            rows={s.requests.map((r) => [time(r.at), `${r.method} ${r.path}`, r.answer, r.idempotencyKey ?? "—"])}
          />
        </Card>
      ))}
    </BlockStack>
  );
}

export default function DemoMailbox() {
  const view = useLoaderData<typeof loader>();
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => state === "idle" && revalidate(), 5000);
    return () => clearInterval(timer);
  }, [revalidate, state]);
  const selected = TABS.findIndex((t) => t.id === view.tab);
  return (
    <AppProvider i18n={en}>
      <Page
        title="Demo mailbox"
        subtitle="What the demo's suppliers, Slack and inboxes received (local stand-ins; refreshes every 5 s)"
        backAction={{ content: "Back to the app", url: "/demo" }}
      >
        <Layout>
          <Layout.Section>
            <Tabs
              tabs={TABS.map((t) => ({ id: t.id, content: `${t.label} (${view.counts[t.id]})`, url: `?tab=${t.id}` }))}
              selected={selected}
            />
          </Layout.Section>
          <Layout.Section>
            {view.tab === "mail" ? <Mail view={view} /> : null}
            {view.tab === "slack" ? <Slack view={view} /> : null}
            {view.tab === "suppliers" ? <Suppliers view={view} /> : null}
          </Layout.Section>
        </Layout>
      </Page>
    </AppProvider>
  );
}
