// The promise settings page: defaults until the shop saves its own; the form's values validated
// (days, transit per channel, quantiles, known placeholders only); other shops untouched; and the
// saved wording is what the next customer email uses.
import "../setup/database";
import { beforeAll, describe, expect, it } from "vitest";
import { action, loader } from "../../app/routes/app.promise-settings";
import { loadPromiseSettings } from "../../app/services/promises/settings.server";
import { adminRequest, storeOfflineSession } from "../support/admin-request";
import { adminJson, answer } from "../support/admin-action";
import { callAction, callLoader } from "../support/call-route";

const A = "promise-settings-a.myshopify.com";
const B = "promise-settings-b.myshopify.com";
type Values = Awaited<ReturnType<typeof loader>>["values"];
const load = async (shop: string) => ((await callLoader(loader, adminRequest(shop, "/app/promise-settings"))) as Awaited<ReturnType<typeof loader>>).values;
const save = async (shop: string, values: Values) => answer<{ ok: boolean; error?: string; fieldErrors?: Record<string, string> }>(await callAction(action, adminJson(shop, "/app/promise-settings", values)));

beforeAll(async () => {
  await storeOfflineSession(A);
  await storeOfflineSession(B);
});

describe("promise settings page", () => {
  it("shows the defaults, saves the shop's own, leaves other shops alone", async () => {
    const defaults = await load(A);
    expect(defaults).toMatchObject({ receivingDays: "1", processingDays: "1", transitDays: "default=0", lowQuantile: "0.02", highQuantile: "0.95", approvalDays: "2", noticesEnabled: true });
    expect(defaults.noticeTexts.first_backorder).toEqual({ subject: "", intro: "" });
    const r = await save(A, {
      ...defaults,
      receivingDays: "2",
      transitDays: "default=1, amazon=3",
      noticeTexts: { ...defaults.noticeTexts, window_slipped: { subject: "{{shop}}: new dates for {{order}}", intro: "" } },
    });
    expect(r).toEqual({ status: 200, body: { ok: true, message: "Promise settings saved: open promises are re-checked" } });
    const saved = await loadPromiseSettings(A);
    expect(saved).toMatchObject({ receivingDays: 2, processingDays: 1, transitDays: { default: 1, amazon: 3 }, noticeTexts: { window_slipped: { subject: "{{shop}}: new dates for {{order}}", intro: null } } });
    expect((await load(A)).transitDays).toBe("default=1, amazon=3");
    expect(await loadPromiseSettings(B)).toMatchObject({ receivingDays: 1, transitDays: { default: 0 }, updatedAt: null });
  });

  it("refuses what it cannot use, naming the field, and saves nothing", async () => {
    const values = await load(B);
    const bad = await save(B, { ...values, transitDays: "amazon two" });
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors).toEqual({ transitDays: '"amazon two": write channel=days, e.g. default=0, amazon=2' });
    const placeholder = await save(B, { ...values, noticeTexts: { ...values.noticeTexts, shipped: { subject: "Hi {{name}}", intro: "" } } });
    expect(placeholder.status).toBe(400);
    expect(placeholder.body.fieldErrors).toEqual({ "noticeTexts.shipped.subject": "unknown placeholder(s): {{name}} (use {{order}}, {{shop}}, {{customer}})" });
    const quantiles = await save(B, { ...values, lowQuantile: "0.9", highQuantile: "0.5" });
    expect(quantiles.body.fieldErrors).toEqual({ lowQuantile: "must not be above highQuantile" });
    expect(await loadPromiseSettings(B)).toMatchObject({ updatedAt: null });
  });
});
