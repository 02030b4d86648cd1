import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSlackStandIn, type SlackStandIn } from "./slack-stand-in.server";

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlackStandIn({ clock: () => new Date("2026-03-02T09:00:00Z") });
});
afterAll(() => slack.stop());
afterEach(() => slack.clear());

const post = (body: string) => fetch(slack.webhookUrl("T/B/s"), { method: "POST", headers: { "content-type": "application/json" }, body });

describe("Slack stand-in", () => {
  it("answers ok and stores the post with its path and time", async () => {
    const res = await post(JSON.stringify({ text: "hi" }));
    expect([res.status, await res.text()]).toEqual([200, "ok"]);
    expect(slack.posts()).toEqual([{ path: "T/B/s", body: { text: "hi" }, receivedAt: new Date("2026-03-02T09:00:00Z") }]);
  });

  it("answers Slack's errors for bad bodies and stores nothing", async () => {
    const broken = await post("{");
    expect([broken.status, await broken.text()]).toEqual([400, "invalid_payload"]);
    const empty = await post(JSON.stringify({ text: " " }));
    expect([empty.status, await empty.text()]).toEqual([400, "no_text"]);
    expect(slack.posts()).toEqual([]);
    expect(slack.requests().map((r) => r.status)).toEqual([400, 400]);
  });

  it("failNext fails exactly n posts, then accepts", async () => {
    slack.failNext(2, 503);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(JSON.stringify({ text: `t${i}` }))).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(slack.posts().map((p) => p.body.text)).toEqual(["t2"]);
  });

  it("404s anything that is not a POST to /services/…", async () => {
    expect((await fetch(`${slack.url}/services/T/B/s`)).status).toBe(404);
    expect((await fetch(`${slack.url}/api/chat.postMessage`, { method: "POST", body: "{}" })).status).toBe(404);
  });
});
