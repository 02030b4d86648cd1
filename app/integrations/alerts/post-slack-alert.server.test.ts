import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSlackStandIn, type SlackStandIn } from "../../stand-ins/slack-stand-in.server";
import type { OpsAlert } from "./ops-alert";
import { postSlackAlert } from "./post-slack-alert.server";

const ALERT: OpsAlert = {
  reason: "Acme rejected PO-1001: SKU TENT-2P is discontinued",
  sku: "TENT-2P",
  quantity: 12,
  supplier: { id: "acme", name: "Acme Wholesale" },
  escalationUrl: "https://pilot.example/app/escalations",
};

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlackStandIn();
});
afterAll(() => slack.stop());
afterEach(() => slack.clear());

describe("postSlackAlert", () => {
  it("the post arrives at the webhook path with the reason", async () => {
    const result = await postSlackAlert(slack.webhookUrl("T1/B2/secret"), ALERT);

    expect(result).toEqual({ outcome: "accepted" });
    const posts = slack.posts();
    expect(posts).toHaveLength(1);
    expect(posts[0].path).toBe("T1/B2/secret");
    expect(posts[0].body.text).toContain("Acme rejected PO-1001: SKU TENT-2P is discontinued");
    expect(posts[0].body.blocks?.[1]).toEqual({ type: "section", text: { type: "mrkdwn", text: ":warning: Acme rejected PO-1001: SKU TENT-2P is discontinued" } });
  });

  it("Slack 500 is transient and nothing is stored", async () => {
    slack.failNext(1, 500);
    expect(await postSlackAlert(slack.webhookUrl(), ALERT)).toEqual({ outcome: "transient", reason: "HTTP 500: rollup_error" });
    expect(slack.posts()).toEqual([]);
    expect(slack.requests().map((r) => r.status)).toEqual([500]);
    // The injected failure is used up: the retry goes through.
    expect(await postSlackAlert(slack.webhookUrl(), ALERT)).toEqual({ outcome: "accepted" });
    expect(slack.posts()).toHaveLength(1);
  });

  it("429 is transient with Retry-After", async () => {
    slack.failNext(1, 429, { retryAfterSeconds: 3 });
    expect(await postSlackAlert(slack.webhookUrl(), ALERT)).toEqual({ outcome: "transient", reason: "HTTP 429: rate_limited", retryAfterMs: 3_000 });
  });

  it("a revoked webhook (404 no_service) or archived channel (410) is rejected", async () => {
    slack.failNext(1, 404);
    expect(await postSlackAlert(slack.webhookUrl(), ALERT)).toEqual({ outcome: "rejected", reason: "HTTP 404: no_service" });
    slack.failNext(1, 410);
    expect(await postSlackAlert(slack.webhookUrl(), ALERT)).toEqual({ outcome: "rejected", reason: "HTTP 410: channel_is_archived" });
  });

  it("an unreachable webhook is transient", async () => {
    const gone = await startSlackStandIn();
    const url = gone.webhookUrl();
    await gone.stop();
    expect(await postSlackAlert(url, ALERT)).toMatchObject({ outcome: "transient", reason: expect.stringMatching(/^connection failed \(ECONNREFUSED/) });
  });

  it("an invalid alert or URL is rejected without a request (and the URL, a secret, is not echoed)", async () => {
    expect(await postSlackAlert(slack.webhookUrl(), { ...ALERT, quantity: 0 })).toEqual({
      outcome: "rejected",
      reason: "invalid alert: quantity: Number must be greater than 0",
    });
    expect(await postSlackAlert("hooks.slack.com/services/T/B/secret", ALERT)).toEqual({ outcome: "rejected", reason: "invalid Slack webhook URL" });
    expect(slack.requests()).toEqual([]);
  });
});
