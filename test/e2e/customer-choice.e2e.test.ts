// A customer's choice in the demo, in a browser. The demo shop asks its customers before shipping a
// backordered order: #DEMO-CHOICE (a heirloom throw that is out of stock, two cushion covers that
// are not) is held whole and its customer emailed a link. The customer opens the link from the demo
// mailbox, sees what is delayed and what is in stock, and chooses "ship what's in stock"; the admin
// then shows the split — the cushions on an open fulfillment order, the throw alone on hold under
// its backorder's handle — and the link is spent. Screenshots go to test-results/screenshots/.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { openBrowser, shots, startDemoProcess, type RunningDemo } from "./demo-harness";

let demo: RunningDemo;
let browser: Browser;
let page: Page;
let link = "";

const shot = (name: string) => page.screenshot({ path: path.join(shots, name) });

async function eventually(what: string, ready: () => Promise<boolean>, ms = 150_000, pause = 3000) {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${ms / 1000}s\n${demo.log().slice(-3000)}`);
    await page.waitForTimeout(pause);
  }
}

beforeAll(async () => {
  demo = await startDemoProcess();
  ({ browser, page } = await openBrowser());
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe("a customer's choice in the demo", () => {
  it("the customer is emailed a link to choose, since the shop asks before shipping a backordered order", async () => {
    const mail = page.locator("a", { hasText: "Choose what happens to your order #DEMO-CHOICE" });
    await eventually("the customer's email", async () => {
      await page.goto(`${demo.base}/demo/mailbox`);
      await page.getByRole("heading", { name: "Demo mailbox" }).waitFor();
      return (await mail.count()) > 0;
    });
    await mail.first().click();
    await page.waitForURL(/tab=mail&id=msg-\d+/);
    expect(await mail.first().innerText()).toMatch(/to maya\.okafor@example\.com/);
    const body = page.frameLocator("iframe[title='Message body']");
    expect(await body.locator("body").innerText()).toMatch(/Heirloom linen throw/);
    link = (await body.getByRole("link", { name: "Choose what happens to your order" }).getAttribute("href")) ?? "";
    expect(link).toMatch(new RegExp(`^${demo.base.replace(/\./g, "\\.")}/choice/v1\\.`));
    await shot("customer-choice-email.png");
  });

  it("the customer opens the link, sees what is delayed and what is in stock, and ships what is in stock", async () => {
    await page.goto(link);
    await page.getByRole("heading", { name: "Your order #DEMO-CHOICE" }).waitFor();
    const text = await page.locator("main").innerText();
    expect(text).toMatch(/Delayed\s+Heirloom linen throw — shipping date not known yet/);
    expect(text).toMatch(/In stock\s+2 × Linen cushion cover/);
    // The merchant allows the large throw instead; cancelling is offered too.
    expect(text).toMatch(/Take Heirloom linen throw, large instead of Heirloom linen throw/);
    expect(text).toMatch(/Cancel Heirloom linen throw \(refunded\)/);
    await shot("customer-choice-page.png");
    await page.getByLabel(/Ship what's in stock now/).check();
    await page.getByRole("button", { name: "Confirm my choice" }).click();
    await page.getByRole("heading", { name: "Thank you" }).waitFor();
    expect(await page.getByRole("status").innerText()).toMatch(/Ship what's in stock now, the rest when it arrives/);
    await shot("customer-choice-confirmed.png");
    // Spent: the link cannot be used again.
    await page.goto(link);
    expect(await page.getByRole("alert").innerText()).toMatch(/You already told us what to do with this order/);
  });

  it("the admin shows the split: the cushions can ship, the throw stays held under its backorder's handle", async () => {
    // The queue filtered by the throw's SKU (the admin's own URL, with its fresh session token).
    await page.goto(`${demo.base}/demo?to=${encodeURIComponent("")}`);
    await page.waitForURL(/\/app\?/);
    const queue = new URL(page.url());
    queue.searchParams.set("sku", "DEMO-HEIRLOOM-THROW");
    queue.searchParams.set("status", "all");
    await page.goto(queue.toString());
    await page.getByRole("heading", { name: "Backorders", level: 1 }).waitFor();
    const row = page.locator(".Polaris-IndexTable__TableRow", { hasText: "#DEMO-CHOICE" });
    await row.first().waitFor();
    await row.first().click();
    await page.waitForURL(/\/app\/backorders\/\d+/);
    const detail = new URL(page.url()).pathname.replace(/^\/app/, "");
    // The recovery panel's "Fulfillment" card: from its heading to the aging card next to it.
    const fulfillment = {
      innerText: async () => {
        const all = await page.locator("body").innerText();
        const from = all.indexOf("Fulfillment");
        return from < 0 ? "" : all.slice(from, all.indexOf("Aging", from) < 0 ? undefined : all.indexOf("Aging", from));
      },
    };
    // The recovery run carries the choice out in the background: reopen until the split shows.
    await eventually("the split in the admin", async () => {
      const t = await fulfillment.innerText();
      if (/Customer chose: Ship what's in stock/.test(t) && /On hold · #\d+\s+1 × Heirloom linen throw\s+bp-\d+/.test(t) && /Open · #\d+\s+2 × Linen cushion cover/.test(t)) return true;
      await page.goto(`${demo.base}/demo?to=${encodeURIComponent(detail)}`);
      await page.waitForURL(/\/app\/backorders\/\d+/);
      await page.getByText("Audit trail").waitFor();
      return false;
    });
    const t = await fulfillment.innerText();
    expect(t).toMatch(/Rule: Ship what is in stock; hold only the backordered items · Customer chose: Ship what's in stock now, the rest when it arrives/);
    // Exactly one hold left, the throw's; the cushions' fulfillment order has none.
    expect(t.match(/bp-\d+/g)).toHaveLength(1);
    expect(t).not.toMatch(/bp-order/);
    const body = await page.locator("body").innerText();
    const trail = body.slice(body.indexOf("Audit trail"));
    expect(trail).toMatch(/Customer chose/);
    expect(trail).toMatch(/Choice carried out/);
    await shot("customer-choice-admin.png");
  });
});
