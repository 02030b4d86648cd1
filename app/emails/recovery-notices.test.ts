import { describe, expect, it } from "vitest";
import { renderNotice, type AllocatedNotice, type BackorderCancelledNotice, type ChoiceRequestNotice, type StillWaitingNotice } from "./index";

const base = { shop: { name: "Linen & Co" }, order: { name: "#1001" }, customer: { firstName: "Ana" }, locale: "en-US" };
const link = "https://linen.example/choice/v1.abc.def";

const allocated: AllocatedNotice = { ...base, items: [{ title: "Linen shirt", quantity: 2 }] };
const waiting: StillWaitingNotice = { ...base, items: [{ title: "Linen shirt", quantity: 1, window: { earliest: "2026-05-11", latest: "2026-05-15" } }, { title: "Scarf", quantity: 1, window: null }], actionUrl: link };
const consent: ChoiceRequestNotice = { ...base, reason: "consent", answerBy: "2026-06-30", items: [{ title: "Linen shirt", quantity: 1, window: null }], actionUrl: link };
const ask: ChoiceRequestNotice = { ...base, reason: "ask_customer", items: [{ title: "Linen shirt", quantity: 1, window: null }], actionUrl: link };
const cancelled: BackorderCancelledNotice = { ...base, reason: "app", refunded: true, items: [{ title: "Linen shirt", quantity: 1 }] };

const links = (html: string) => html.match(/https?:\/\/[^"<\s]+/g) ?? [];

describe("recovery notices", () => {
  it("allocated: the items are in stock; no link", () => {
    const n = renderNotice("allocated", allocated);
    expect(n.subject).toBe("Good news: your backordered items from order #1001 are in stock");
    expect(n.text).toContain("- 2 × Linen shirt");
    expect(links(n.html)).toEqual([]);
  });

  it("still waiting: each item's window (or that it is not known yet) and the choice link", () => {
    const n = renderNotice("still_waiting", waiting);
    expect(n.subject).toBe("An update on the backordered items in your order #1001");
    expect(n.text).toContain("- Linen shirt: expected to ship May 11 – 15, 2026");
    expect(n.text).toContain("- Scarf: expected to ship Not known yet");
    expect(links(n.html)).toEqual([link]);
    expect(links(renderNotice("still_waiting", { ...waiting, actionUrl: null }).html)).toEqual([]);
  });

  it("choice request: the reason decides the wording; consent names the day the items are cancelled", () => {
    const c = renderNotice("choice_request", consent);
    expect(c.subject).toBe("Do you still want to wait for your order #1001?");
    expect(c.text).toContain("If we don't hear from you by June 30, 2026, we'll cancel the backordered items and refund them.");
    expect(links(c.html)).toEqual([link]);
    const a = renderNotice("choice_request", ask);
    expect(a.subject).toBe("Choose what happens to your order #1001");
    expect(a.text).toContain("ship what's in stock now");
    expect(a.text).not.toContain("If we don't hear from you");
  });

  it("backorder cancelled: refunded or not charged", () => {
    expect(renderNotice("backorder_cancelled", cancelled).text).toContain("You'll be refunded for these items to your original payment method.");
    expect(renderNotice("backorder_cancelled", { ...cancelled, refunded: false }).text).toContain("You have not been charged for these items.");
    expect(renderNotice("backorder_cancelled", cancelled).text).toContain("did not come back in stock in time");
  });

  it("backorder cancelled: the refunded amount in the customer's locale, in the text and the HTML", () => {
    const us = renderNotice("backorder_cancelled", { ...cancelled, refund: { amount: "43.55", currencyCode: "USD" } });
    expect(us.text).toContain("We've refunded $43.55 for these items to your original payment method.");
    expect(us.html).toContain("We&#x27;ve refunded $43.55 for these items");
    expect(us.text).not.toContain("You'll be refunded");
    const de = renderNotice("backorder_cancelled", { ...cancelled, locale: "de-DE", refund: { amount: "1234.5", currencyCode: "EUR" } });
    expect(de.text).toContain("We've refunded 1.234,50\u00a0€ for these items");
    // Not charged wins over an amount (nothing was taken, nothing is given back).
    expect(renderNotice("backorder_cancelled", { ...cancelled, refunded: false, refund: null }).text).toContain("You have not been charged for these items.");
  });

  it("escapes names and refuses non-web links", () => {
    const n = renderNotice("allocated", { ...allocated, items: [{ title: "<script>x</script>", quantity: 1 }] });
    expect(n.html).not.toContain("<script>");
    expect(() => renderNotice("still_waiting", { ...waiting, actionUrl: "javascript:alert(1)" })).toThrow(/Not a web link/);
  });
});
