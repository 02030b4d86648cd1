import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { BlockStack, Card, EmptyState, Layout, Page, Tabs, Text } from "@shopify/polaris";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { loadEscalationInbox, parseEscalationCommand, parseEscalationInboxParams, runEscalationCommand } from "../services/replenishment-admin.server";
import { EscalationCard } from "../components/escalation-card";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = parseEscalationInboxParams(new URL(request.url));
  return { inbox: await loadEscalationInbox(session.shop, params) };
};

const Target = z.object({ escalationId: z.string().regex(/^\d{1,19}$/) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const body: unknown = await request.json().catch(() => null);
  const target = Target.safeParse(body);
  if (!target.success) return json({ ok: false as const, status: 400 as const, error: "Name the escalation" }, { status: 400 });
  const parsed = parseEscalationCommand(body);
  const result = parsed.ok
    ? await runEscalationCommand(session.shop, target.data.escalationId, parsed.command, { by: sessionToken?.sub ? `staff:${sessionToken.sub}` : undefined })
    : parsed.result;
  return json(result, { status: result.ok ? 200 : result.status });
};

const TABS = [
  { id: "open", content: "Open" },
  { id: "approved", content: "Approved" },
  { id: "dismissed", content: "Dismissed" },
  { id: "all", content: "All" },
];

export default function EscalationInbox() {
  const { inbox } = useLoaderData<typeof loader>();
  const [, setSearchParams] = useSearchParams();
  const selected = Math.max(0, TABS.findIndex((t) => t.id === inbox.status));
  return (
    <Page title="Escalations" subtitle="Purchase orders the app drafted but will not send without a person">
      <Layout>
        <Layout.Section>
          <Tabs
            tabs={TABS.map((t) => (t.id === "open" ? { ...t, content: `Open (${inbox.open})` } : t))}
            selected={selected}
            onSelect={(i) => setSearchParams(TABS[i].id === "open" ? new URLSearchParams() : new URLSearchParams({ status: TABS[i].id }))}
          />
        </Layout.Section>
        <Layout.Section>
          {inbox.items.length === 0 ? (
            <Card>
              <EmptyState heading={inbox.status === "open" ? "Nothing waiting for you" : "No escalations here"} image="/empty-backorders.svg">
                <p>
                  The app escalates a purchase order when a supplier is new for the SKU, the unit cost moved more than your threshold, no supplier can
                  deliver within the promise window or has the capacity, or every submission failed. Slack and email alerts link here.
                </p>
              </EmptyState>
            </Card>
          ) : (
            <BlockStack gap="400">
              {inbox.items.map((item) => (
                <EscalationCard key={item.id} item={item} action="/app/escalations" />
              ))}
              {inbox.total > inbox.items.length ? (
                <Text as="p" tone="subdued">
                  Showing {inbox.items.length} of {inbox.total}.
                </Text>
              ) : null}
            </BlockStack>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
