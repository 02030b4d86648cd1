import { describe, expect, it } from "vitest";
import { OpsAlertSchema, type OpsAlert } from "./ops-alert";
import { buildSlackAlertPayload } from "./slack-alert-payload";

const alert = (overrides: Partial<OpsAlert> = {}) =>
  OpsAlertSchema.parse({
    reason: "Acme rejected PO-1001: SKU TENT-2P is discontinued",
    sku: "TENT-2P",
    quantity: 12,
    supplier: { id: "acme", name: "Acme Wholesale" },
    poNumber: "PO-1001",
    shop: "northwind.myshopify.com",
    escalationUrl: "https://pilot.example/app/escalations?backorder=b-1",
    ...overrides,
  });

describe("buildSlackAlertPayload", () => {
  it("carries reason, SKU, quantity, supplier, PO and a button to the escalation inbox", () => {
    expect(buildSlackAlertPayload(alert())).toEqual({
      text: ":warning: Backorder needs attention: Acme rejected PO-1001: SKU TENT-2P is discontinued (TENT-2P × 12, Acme Wholesale)",
      blocks: [
        { type: "header", text: { type: "plain_text", text: "Backorder needs attention: TENT-2P", emoji: true } },
        { type: "section", text: { type: "mrkdwn", text: ":warning: Acme rejected PO-1001: SKU TENT-2P is discontinued" } },
        {
          type: "section",
          fields: [
            { type: "mrkdwn", text: "*SKU*\nTENT-2P" },
            { type: "mrkdwn", text: "*Quantity*\n12" },
            { type: "mrkdwn", text: "*Supplier*\nAcme Wholesale" },
            { type: "mrkdwn", text: "*Purchase order*\nPO-1001" },
          ],
        },
        {
          type: "actions",
          elements: [{ type: "button", text: { type: "plain_text", text: "Open escalation inbox" }, url: "https://pilot.example/app/escalations?backorder=b-1", style: "primary" }],
        },
        { type: "context", elements: [{ type: "mrkdwn", text: "Shop: northwind.myshopify.com" }] },
      ],
    });
  });

  it("escapes Slack's control characters so merchant text cannot ping or link", () => {
    const payload = buildSlackAlertPayload(alert({ reason: "<!channel> & <https://evil.example|click>", sku: "A<B>" }));
    expect(payload.text).toBe(":warning: Backorder needs attention: &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; (A&lt;B&gt; × 12, Acme Wholesale)");
    expect(JSON.stringify(payload.blocks)).not.toContain("<!channel>");
  });

  it("marks critical alerts and copes without supplier, PO or shop", () => {
    const payload = buildSlackAlertPayload(alert({ severity: "critical", supplier: undefined, poNumber: undefined, shop: undefined, reason: "No supplier for SKU" }));
    expect(payload.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Urgent: backorder needs attention: TENT-2P", emoji: true } });
    expect(payload.blocks[2]).toEqual({
      type: "section",
      fields: [
        { type: "mrkdwn", text: "*SKU*\nTENT-2P" },
        { type: "mrkdwn", text: "*Quantity*\n12" },
        { type: "mrkdwn", text: "*Supplier*\nno supplier" },
      ],
    });
    expect(payload.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "actions"]);
    expect(payload.text.startsWith(":rotating_light:")).toBe(true);
  });

  it("keeps within Block Kit's length limits", () => {
    const payload = buildSlackAlertPayload(alert({ sku: "S".repeat(300), reason: "r".repeat(5000) }));
    const header = payload.blocks[0];
    const section = payload.blocks[1];
    expect(header.type === "header" && header.text.text.length).toBe(150);
    expect(section.type === "section" && section.text?.text.length).toBe(3000);
  });
});
