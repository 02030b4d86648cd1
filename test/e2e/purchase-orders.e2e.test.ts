// Replenishment in the demo, in a browser: the admin's app navigation, purchase orders appearing
// from live traffic, a PO's "why this supplier" table, an escalated draft approved from the inbox
// and then submitted, and what the suppliers, Slack and the ops inbox received. Screenshots go to
// test-results/screenshots/ (the PO detail also to docs/screenshots/purchase-order.png).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { openBrowser, root, shots, startDemoProcess, type RunningDemo } from "./demo-harness";

let demo: RunningDemo;
let browser: Browser;
let page: Page;

const NAV_ITEMS = ["Backorders", "Purchase orders", "Escalations", "Suppliers", "Settings", "Promise settings", "Receive stock", "Recovery settings"];
const nav = () => page.getByRole("navigation", { name: "Backorder Pilot" });
const shot = (name: string) => page.screenshot({ path: path.join(shots, name) });

/** Opens an app page the way admin does (fresh session token in the URL). */
async function open(to: string) {
  await page.goto(`${demo.base}/demo?to=${encodeURIComponent(to)}`);
  await page.waitForURL((u) => u.pathname === `/app${to}`);
  await page.waitForLoadState("networkidle");
}

/** Reopens `to` until `ready` holds (live traffic takes a while). */
async function until(to: string, ready: () => Promise<boolean>, what: string, ms = 150_000) {
  const deadline = Date.now() + ms;
  await open(to);
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${ms / 1000}s\n${demo.log().slice(-3000)}`);
    await page.waitForTimeout(3000);
    await open(to);
  }
}

const rows = () => page.locator(".Polaris-IndexTable__TableRow");
const cells = async (row: Locator) => (await row.locator("td").allInnerTexts()).map((t) => t.trim());

beforeAll(async () => {
  demo = await startDemoProcess();
  ({ browser, page } = await openBrowser());
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe("replenishment in the demo", () => {
  it("shows the app's navigation in the admin sidebar, highlights the page and navigates without a reload", async () => {
    await open("");
    await expect(nav().isVisible()).resolves.toBe(true);
    const box = await nav().boundingBox();
    expect(box).toMatchObject({ x: 0, width: 240 });
    expect((await nav().locator("li a").allInnerTexts()).map((t) => t.trim())).toEqual(NAV_ITEMS);
    // The rel="home" link is the app's name, not an item.
    await expect(nav().getByRole("link", { name: "Backorder Pilot" }).isVisible()).resolves.toBe(true);
    expect(await nav().locator("a[aria-current=page]").allInnerTexts()).toEqual(["Backorders"]);
    await shot("nav-menu.png");

    // A marker on window survives client-side navigation only.
    await page.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 1));
    for (const [item, heading] of [
      ["Suppliers", "Suppliers"],
      ["Settings", "Settings"],
      ["Escalations", "Escalations"],
      ["Purchase orders", "Purchase orders"],
      ["Backorders", "Backorders"],
    ]) {
      await nav().getByRole("link", { name: item, exact: true }).click();
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
      expect(await nav().locator("a[aria-current=page]").allInnerTexts()).toEqual([item]);
    }
    expect(new URL(page.url()).pathname).toBe("/app");
    expect(await page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(1);
  });

  it("fills the purchase order list from live traffic", async () => {
    await until("/purchase-orders", async () => (await rows().count()) >= 3, "three purchase orders");
    const first = await cells(rows().first());
    expect(first[0]).toMatch(/^PO-1\d{3}/);
    const statuses = await page.locator(".Polaris-IndexTable__TableRow td:nth-child(3)").allInnerTexts();
    // (A badge reads its tone to screen readers first: "Warning Needs approval".)
    expect(statuses.filter((s) => !/(^|\s)(Draft|Needs approval|Submitted|Confirmed|Partially received|Received|Cancelled)$/.test(s.trim()))).toEqual([]);
    // Filter by supplier: every row is that supplier's.
    await page.getByRole("button", { name: /search and filter/i }).click();
    await page.getByRole("button", { name: /^Supplier/ }).click();
    const choice = page.locator(".Polaris-Popover .Polaris-Choice").filter({ hasText: "Northwind Textiles" });
    await choice.click();
    await page.waitForURL(/supplier=northwind/);
    await page.keyboard.press("Escape");
    await page.waitForLoadState("networkidle");
    expect(new URL(page.url()).searchParams.get("supplier")).toMatch(/^northwind/);
    // The URL changes once the loader has answered; React commits the filtered rows a moment later.
    const suppliers = async () => (await page.locator(".Polaris-IndexTable__TableRow td:nth-child(2)").allInnerTexts()).map((t) => t.trim());
    await expect.poll(async () => [...new Set(await suppliers())], { timeout: 10_000 }).toEqual(["Northwind Textiles"]);
    await open("/purchase-orders");
    await shot("purchase-orders.png");
  });

  it("explains a purchase order: every candidate with its constraints and score, the winner marked", async () => {
    await until("/purchase-orders", async () => (await rows().filter({ hasText: /Submitted|Confirmed/ }).count()) > 0, "a submitted purchase order");
    const row = rows().filter({ hasText: /Submitted|Confirmed/ }).first();
    const [first, supplier] = await cells(row);
    const number = first.split("\n")[0];
    await row.click();
    await page.waitForURL(/\/app\/purchase-orders\/\d+$/);
    await page.getByRole("heading", { name: "Why this supplier" }).waitFor();
    expect(await page.getByRole("heading", { name: number, level: 1 }).isVisible()).toBe(true);
    const why = page.locator(".Polaris-ShadowBevel").filter({ has: page.getByRole("heading", { name: "Why this supplier" }) });
    const headings = (await why.locator("th").allInnerTexts()).map((t) => t.trim());
    expect(headings.slice(0, 7)).toEqual(["Supplier", "Score", "Lead time", "Fill rate", "Unit cost", "API availability", "Order qty"]);
    // Exactly one candidate per scope is chosen, and it is the PO's supplier.
    const chosen = why.locator("tr").filter({ has: page.locator(".Polaris-Badge", { hasText: "Chosen" }) });
    expect(await chosen.count()).toBeGreaterThanOrEqual(1);
    // (The first column is the row header.)
    expect(await chosen.first().locator("th").first().innerText()).toContain(supplier);
    // Score components read "normalised × weight = points".
    expect(await why.innerText()).toMatch(/\d\.\d\d × \d+% = \+\d\.\d{3}/);
    const body = await page.locator("body").innerText();
    expect(body).toMatch(/Accepted/);
    expect(body).toMatch(/Timeline[\s\S]*Submitted/);
    await shot("purchase-order.png");
    fs.mkdirSync(path.join(root, "docs/screenshots"), { recursive: true });
    fs.copyFileSync(path.join(shots, "purchase-order.png"), path.join(root, "docs/screenshots/purchase-order.png"));
  });

  it("approves an escalated draft from the inbox; the draft becomes a submitted purchase order", async () => {
    const approvable = () => page.getByRole("button", { name: "Approve and submit" });
    await until("/escalations", async () => (await approvable().count()) > 0, "an escalation with a draft");
    await shot("escalations.png");
    const card = page.locator(".Polaris-ShadowBevel").filter({ has: approvable() }).first();
    const draftLink = (await card.getByRole("link").first().innerText()).trim();
    expect(draftLink).toMatch(/^PO-\d+ · Needs approval$/);
    const number = draftLink.split(" · ")[0];
    await card.getByRole("button", { name: "Approve and submit" }).click();
    await page.getByRole("status").filter({ hasText: `${number} approved and queued for submission` }).waitFor();
    // It leaves the open list.
    await page.waitForFunction((n) => !document.body.innerText.includes(`${n} · Needs approval`), number);

    const submitted = async () => {
      const row = rows().filter({ hasText: number });
      return (await row.count()) === 1 && /Submitted|Confirmed/.test(await row.innerText());
    };
    await until("/purchase-orders", submitted, `${number} submitted`, 90_000);
    await rows().filter({ hasText: number }).click();
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
    const timeline = await page.locator(".Polaris-ShadowBevel").filter({ has: page.getByRole("heading", { name: "Timeline" }) }).innerText();
    expect(timeline).toMatch(/Approved[\s\S]*Approved by staff:1/);
    expect(timeline).toMatch(/Submitted/);
    expect(await page.getByText("Nothing is sent until a person approves the draft.").count()).toBe(0);
    await shot("escalation-approved-po.png");
  });

  it("shows the suppliers with computed rates, the offers matrix and the settings", async () => {
    await open("/suppliers");
    const names = (await page.locator(".Polaris-IndexTable__TableRow td:first-child").allInnerTexts()).map((t) => t.split("\n")[0].trim());
    expect(names).toEqual(["BrightCo", "Lumen GmbH", "Northwind Textiles", "Oakline Furniture", "Terra Ceramics"]);
    expect(await page.locator(".Polaris-IndexTable").innerText()).toMatch(/seed 97% · [1-9]\d* obs\./);
    await shot("suppliers.png");
    await page.getByRole("tab", { name: "Offers matrix" }).click();
    await page.waitForURL(/tab=offers/);
    await page.getByLabel("SKU contains").waitFor();
    expect(await page.locator(".Polaris-DataTable").innerText()).toMatch(/\d+ d · \$\d+\.\d\d\s+MOQ \d+ · pack \d+ · (unlimited|\d+ available)/);
    await shot("offers-matrix.png");
    await nav().getByRole("link", { name: "Settings", exact: true }).click();
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    expect(await page.getByLabel("Lead time").inputValue()).toBe("40");
    await shot("settings.png");
  });

  it("the demo mailbox lists purchase-order emails, ops alerts and Slack posts; the flaky supplier's failures show", async () => {
    // Terra Ceramics takes purchase orders by email.
    const poMail = page.locator("a", { has: page.locator(".Polaris-Badge", { hasText: "Purchase order" }) });
    const deadline = Date.now() + 120_000;
    for (;;) {
      await page.goto(`${demo.base}/demo/mailbox`);
      await page.getByRole("heading", { name: "Demo mailbox" }).waitFor();
      if ((await poMail.count()) > 0) break;
      if (Date.now() > deadline) throw new Error(`no purchase order email\n${demo.log().slice(-3000)}`);
      await page.waitForTimeout(3000);
    }
    const mail = await page.locator("body").innerText();
    expect(mail).toMatch(/Ops alert/);
    expect(mail).toMatch(/to ops@backorder-pilot-demo\.example/);
    await poMail.first().click();
    await page.waitForURL(/tab=mail&id=msg-\d+/);
    expect(await poMail.first().innerText()).toMatch(/to orders@terra\.example/);
    const body = page.frameLocator("iframe[title='Message body']").locator("body");
    expect(await body.innerText()).toMatch(/PO-1\d{3}/);
    await shot("mailbox.png");
    await page.getByRole("tab", { name: /^Slack/ }).click();
    await page.waitForURL(/tab=slack/);
    expect(await page.locator("body").innerText()).toMatch(/Backorder needs attention/);
    await shot("mailbox-slack.png");
    await page.getByRole("tab", { name: /^Supplier APIs/ }).click();
    await page.waitForURL(/tab=suppliers/);
    const apis = await page.locator("body").innerText();
    expect(apis).toMatch(/BrightCo[\s\S]*flaky[\s\S]*request\(s\), [1-9]\d* failed/);
    await shot("mailbox-suppliers.png");
  });
});
