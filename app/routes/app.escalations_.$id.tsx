// One escalation: the page Slack and email alerts link to (/app/escalations/:id).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Layout, Page } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { loadEscalation, parseEscalationCommand, runEscalationCommand } from "../services/replenishment-admin.server";
import { EscalationCard } from "../components/escalation-card";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const escalation = await loadEscalation(session.shop, params.id);
  if (!escalation) throw new Response("Escalation not found", { status: 404 });
  return { escalation };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const parsed = parseEscalationCommand(await request.json().catch(() => null));
  const result = parsed.ok ? await runEscalationCommand(session.shop, params.id, parsed.command, { by: sessionToken?.sub ? `staff:${sessionToken.sub}` : undefined }) : parsed.result;
  return json(result, { status: result.ok ? 200 : result.status });
};

export default function EscalationPage() {
  const { escalation } = useLoaderData<typeof loader>();
  return (
    <Page backAction={{ content: "Escalations", url: "/app/escalations" }} title={`Escalation · ${escalation.sku ?? escalation.label}`}>
      <Layout>
        <Layout.Section>
          <EscalationCard item={escalation} action={`/app/escalations/${escalation.id}`} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
