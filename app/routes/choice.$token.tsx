// The customer's page for a delayed order: no login, outside /app. The signed, expiring token in
// the URL is the only credential (app/security/customer-links.ts); it is spent when a choice is
// submitted, never when the page is viewed (mail scanners open links).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { loadChoicePage, submitCustomerChoice, type ChoicePageView } from "../services/recovery/choices.server";
import { CHOICE_LABELS } from "../services/recovery/choice-labels";

export const meta: MetaFunction = () => [{ title: "Your order" }, { name: "robots", content: "noindex" }, { name: "referrer", content: "no-referrer" }];

const NO_STORE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY" };

export const loader = async ({ params }: LoaderFunctionArgs) => {
  const r = await loadChoicePage(params.token ?? "");
  if (!r.ok) return json({ ok: false as const, message: r.message, reason: r.reason }, { status: r.status, headers: NO_STORE });
  return json({ ok: true as const, page: r.value }, { headers: NO_STORE });
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const form = await request.formData();
  const value = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  const [choice, lineItemId, variantId] = (value("option") ?? "").split(":");
  const r = await submitCustomerChoice(params.token ?? "", {
    choice,
    ...(lineItemId ? { lineItemId } : {}),
    ...(variantId ? { variantId } : {}),
  });
  if (!r.ok) return json({ ok: false as const, message: r.message }, { status: r.status, headers: NO_STORE });
  return json({ ok: true as const, label: r.value.label, orderName: r.value.orderName }, { headers: NO_STORE });
};

const page: React.CSSProperties = { fontFamily: "system-ui, -apple-system, sans-serif", maxWidth: 640, margin: "2rem auto", padding: "0 1rem", color: "#1a1a1a", lineHeight: 1.5 };
const card: React.CSSProperties = { border: "1px solid #ddd", borderRadius: 8, padding: "1rem 1.25rem", margin: "1rem 0" };

function Options({ view }: { view: ChoicePageView }) {
  const options: { value: string; label: string; hint?: string }[] = [
    { value: "wait", label: CHOICE_LABELS.wait, hint: "We keep your order together and ship it as soon as everything is in." },
    ...(view.canShipAvailable ? [{ value: "ship_available", label: CHOICE_LABELS.ship_available, hint: "The items in stock leave first; the backordered ones follow." }] : []),
    ...view.delayed.flatMap((d) => d.substitutes.map((s) => ({ value: `substitute:${d.lineItemId}:${s.variantId}`, label: `Take ${s.title} instead of ${d.title}` }))),
    ...view.delayed.map((d) => ({ value: `cancel_line:${d.lineItemId}`, label: `Cancel ${d.quantity > 1 ? `${d.quantity} × ` : ""}${d.title} (refunded)` })),
    { value: "cancel_order", label: CHOICE_LABELS.cancel_order },
  ];
  const [selected, setSelected] = useState(options[0].value);
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" style={card}>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ fontWeight: 600, marginBottom: "0.5rem" }}>What should we do?</legend>
        {options.map((o) => (
          <label key={o.value} style={{ display: "block", margin: "0.5rem 0", cursor: "pointer" }}>
            <input type="radio" name="option" value={o.value} checked={selected === o.value} onChange={() => setSelected(o.value)} /> {o.label}
            {o.hint ? <span style={{ display: "block", marginLeft: "1.5rem", color: "#616161", fontSize: "0.9em" }}>{o.hint}</span> : null}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={busy} style={{ marginTop: "0.75rem", padding: "0.6rem 1.2rem", background: "#1a1a1a", color: "#fff", border: 0, borderRadius: 6, cursor: "pointer" }}>
        Confirm my choice
      </button>
      <p style={{ color: "#616161", fontSize: "0.85em" }}>This link works once and expires on {new Date(view.expiresAt).toLocaleDateString()}.</p>
    </Form>
  );
}

export default function CustomerChoice() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.ok) {
    return (
      <main style={page}>
        <h1>Thank you</h1>
        <p role="status">
          We got your answer for order {result.orderName}: <strong>{result.label}</strong>. We'll email you about what happens next.
        </p>
      </main>
    );
  }
  if (!data.ok) {
    return (
      <main style={page}>
        <h1>Your order</h1>
        <p role="alert">{data.message}</p>
      </main>
    );
  }
  const view = data.page;
  return (
    <main style={page}>
      <h1>Your order {view.orderName}</h1>
      <p>
        Some items from <strong>{view.shopName}</strong> are backordered. Tell us how you'd like us to handle it.
      </p>
      {result && !result.ok ? <p role="alert" style={{ color: "#8e1f0b" }}>{result.message}</p> : null}
      <section style={card}>
        <h2 style={{ fontSize: "1.05rem", margin: 0 }}>Delayed</h2>
        <ul>
          {view.delayed.map((d) => (
            <li key={d.lineItemId}>
              {d.quantity > 1 ? `${d.quantity} × ` : ""}
              {d.title}
              {d.window ? ` — expected to ship ${d.window.earliest === d.window.latest ? d.window.earliest : `${d.window.earliest} to ${d.window.latest}`}` : " — shipping date not known yet"}
            </li>
          ))}
        </ul>
        {view.onTrack.length ? (
          <>
            <h2 style={{ fontSize: "1.05rem", margin: 0 }}>In stock</h2>
            <ul>
              {view.onTrack.map((t, i) => (
                <li key={i}>
                  {t.quantity > 1 ? `${t.quantity} × ` : ""}
                  {t.title}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <Options view={view} />
    </main>
  );
}
