// The settings screen: weights as percentages that must add up to 100%, the shortage window,
// promise windows per channel, thresholds and alert destinations — validated on the server with
// field errors, saved per shop.
import "../setup/database";
import { beforeAll, describe, expect, it } from "vitest";
import { action, loader } from "../../app/routes/app.settings";
import { getReplenishmentSettings } from "../../app/services/replenishment/settings.server";
import { adminRequest, storeOfflineSession } from "../support/admin-request";
import { adminJson, answer } from "../support/admin-action";
import { callAction, callLoader } from "../support/call-route";

const A = "settings-admin-a.myshopify.com";
const B = "settings-admin-b.myshopify.com";

type Screen = Awaited<ReturnType<typeof loader>>;
const screen = (shop: string, qs = "") => callLoader(loader, adminRequest(shop, `/app/settings${qs}`)) as Promise<Screen>;
const save = async (shop: string, body: unknown) =>
  answer<{ ok: boolean; message?: string; error?: string; fieldErrors?: Record<string, string>; values?: unknown }>(await callAction(action, adminJson(shop, "/app/settings", body)));

beforeAll(async () => {
  for (const shop of [A, B]) await storeOfflineSession(shop);
});

const valid = () => ({
  weights: { leadTime: "50", fillRate: "25", unitCost: "15", apiAvailability: "10" },
  dedupQuietSeconds: "20",
  dedupWindowSeconds: "120",
  costDeviationPct: "12.5",
  promiseDefaultDays: "6",
  promiseChannels: [
    { channel: "amazon", days: "3" },
    { channel: "pos", days: "10" },
  ],
  safetyStockDefault: "2",
  slackWebhookUrl: "https://hooks.slack.example/services/T1/B1/x",
  opsEmails: "ops@shop.example, buyer@shop.example",
  purchasingEmail: "Purchasing <purchasing@shop.example>",
  submissionMaxAttempts: "4",
  submissionRetrySeconds: "15",
});

describe("settings", () => {
  it("shows the defaults as percentages and days", async () => {
    const { screen: s } = await screen(A);
    expect(s.values).toEqual({
      weights: { leadTime: "40", fillRate: "30", unitCost: "20", apiAvailability: "10" },
      dedupQuietSeconds: "10",
      dedupWindowSeconds: "90",
      costDeviationPct: "15",
      promiseDefaultDays: "7",
      promiseChannels: [],
      safetyStockDefault: "0",
      slackWebhookUrl: "",
      opsEmails: "",
      purchasingEmail: "",
      submissionMaxAttempts: "5",
      submissionRetrySeconds: "30",
    });
    expect(s.channels.map((c) => c.value)).toEqual(["web", "pos", "shopify_draft_order", "amazon", "ebay", "walmart"]);
  });

  it("refuses weights that do not add up to 100% and every other bad field, with inline errors; nothing is saved", async () => {
    const bad = {
      ...valid(),
      weights: { leadTime: "50", fillRate: "25", unitCost: "15", apiAvailability: "" },
      dedupQuietSeconds: "200",
      promiseChannels: [
        { channel: "amazon", days: "3" },
        { channel: "amazon", days: "0" },
        { channel: "", days: "4" },
      ],
      safetyStockDefault: "1.5",
      opsEmails: "ops@shop.example, not-an-address",
      submissionMaxAttempts: "0",
    };
    const r = await save(A, bad);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      ok: false,
      status: 400,
      error: "Check the highlighted fields",
      fieldErrors: {
        "weights.apiAvailability": "API availability weight must be a number at least 0 and at most 100",
        dedupQuietSeconds: "The quiet period cannot be longer than the longest window",
        "promiseChannels.1.channel": "Amazon is listed twice",
        "promiseChannels.1.days": "Promise window must be a number above 0 and at most 365",
        "promiseChannels.2.channel": "Choose a channel",
        safetyStockDefault: "Default safety stock must be a whole number at least 0 and at most 100000",
        opsEmails: '"not-an-address" is not an email address',
        submissionMaxAttempts: "Submission attempts must be a whole number at least 1 and at most 20",
      },
    });
    const sum = await save(A, { ...valid(), weights: { leadTime: "50", fillRate: "25", unitCost: "15", apiAvailability: "5" } });
    expect(sum).toEqual({ status: 400, body: { ok: false, status: 400, error: "Check the highlighted fields", fieldErrors: { weights: "Weights must add up to 100% (now 95%)" } } });
    const url = await save(A, { ...valid(), slackWebhookUrl: "ftp://hooks.example/x", purchasingEmail: "nobody" });
    expect(url.body.fieldErrors).toEqual({ slackWebhookUrl: "must be an http(s) URL", purchasingEmail: "expected an address or `Name <address>`" });
    expect((await screen(A)).screen.values.weights).toEqual({ leadTime: "40", fillRate: "30", unitCost: "20", apiAvailability: "10" });
  });

  it("saves valid settings for this shop only; a GET never saves", async () => {
    await screen(A, "?weights.leadTime=100&slackWebhookUrl=https://evil.example");
    expect((await getReplenishmentSettings(A)).slackWebhookUrl).toBeNull();
    const r = await save(A, valid());
    expect(r).toMatchObject({ status: 200, body: { ok: true, message: "Settings saved" } });
    const stored = await getReplenishmentSettings(A);
    expect(stored).toMatchObject({
      weights: { leadTime: 0.5, fillRate: 0.25, unitCost: 0.15, apiAvailability: 0.1 },
      window: { quietSeconds: 20, maxSeconds: 120 },
      promiseWindowDays: { default: 6, amazon: 3, pos: 10 },
      costDeviationPct: 12.5,
      safetyStockDefault: 2,
      slackWebhookUrl: "https://hooks.slack.example/services/T1/B1/x",
      opsEmails: ["ops@shop.example", "buyer@shop.example"],
      purchasingEmail: "Purchasing <purchasing@shop.example>",
      submissionMaxAttempts: 4,
      submissionRetrySeconds: 15,
    });
    expect((await screen(A)).screen.values).toEqual({ ...valid(), opsEmails: "ops@shop.example, buyer@shop.example" });
    expect((await getReplenishmentSettings(B)).slackWebhookUrl).toBeNull();
    expect((await screen(B)).screen.values.weights.leadTime).toBe("40");
    // Removing a channel row removes its window; clearing Slack and emails turns those alerts off.
    await save(A, { ...valid(), promiseChannels: [{ channel: "pos", days: "10" }], slackWebhookUrl: "", opsEmails: "" });
    expect(await getReplenishmentSettings(A)).toMatchObject({ promiseWindowDays: { default: 6, pos: 10 }, slackWebhookUrl: null, opsEmails: [] });
    expect((await getReplenishmentSettings(A)).promiseWindowDays).not.toHaveProperty("amazon");
  });
});
