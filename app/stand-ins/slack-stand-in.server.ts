// A real HTTP server on loopback standing in for Slack incoming webhooks (tests, demo, benchmarks):
// POST /services/<path> with a JSON body, answered the way Slack does ("ok", or an error word with
// Slack's status), with failures injectable for the next n posts.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { z } from "zod";
import { BodyTooLargeError, baseUrl, closeServer, listenOnLoopback, readBody, sendText, type ListenOptions } from "./loopback-http.server";

export const SlackWebhookBodySchema = z
  .object({ text: z.string().optional(), blocks: z.array(z.record(z.unknown())).optional() })
  .passthrough()
  .refine((body) => Boolean(body.text?.trim()) || (body.blocks?.length ?? 0) > 0, "no_text");
export type SlackWebhookBody = z.infer<typeof SlackWebhookBodySchema>;

export type SlackPost = { path: string; body: SlackWebhookBody; receivedAt: Date };
export type SlackRequest = { path: string; rawBody: string; status: number; receivedAt: Date };

export type SlackStandIn = {
  readonly url: string;
  /** A webhook URL on this stand-in; the path stands for Slack's T…/B…/secret triple. */
  webhookUrl(path?: string): string;
  /** Posts Slack accepted, in order. */
  posts(): SlackPost[];
  /** Every request, failed ones included. */
  requests(): SlackRequest[];
  /** The next `count` posts fail with `status` and Slack's error word for it. */
  failNext(count: number, status?: number, options?: { retryAfterSeconds?: number }): void;
  clear(): void;
  stop(): Promise<void>;
};

// What Slack answers for each status (https://api.slack.com/messaging/webhooks#handling_errors).
const SLACK_ERRORS: Record<number, string> = {
  400: "invalid_payload",
  403: "action_prohibited",
  404: "no_service",
  410: "channel_is_archived",
  429: "rate_limited",
  500: "rollup_error",
};

type Injected = { remaining: number; status: number; retryAfterSeconds?: number };

export async function startSlackStandIn(options: ListenOptions & { clock?: () => Date } = {}): Promise<SlackStandIn> {
  const clock = options.clock ?? (() => new Date());
  const posts: SlackPost[] = [];
  const requests: SlackRequest[] = [];
  let injected: Injected | undefined;

  const answer = (res: ServerResponse, request: Omit<SlackRequest, "status" | "receivedAt">, status: number, body: string, headers: Record<string, string> = {}) => {
    requests.push({ ...request, status, receivedAt: clock() });
    sendText(res, status, body, headers);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/services\/(.+)$/.exec(new URL(req.url ?? "/", "http://stand-in").pathname);
    if (req.method !== "POST" || !match) return sendText(res, 404, "no_service");
    const request = { path: decodeURIComponent(match[1]), rawBody: await readBody(req) };
    if (injected && injected.remaining > 0) {
      injected.remaining -= 1;
      const retryAfter: Record<string, string> = injected.retryAfterSeconds === undefined ? {} : { "retry-after": String(injected.retryAfterSeconds) };
      return answer(res, request, injected.status, SLACK_ERRORS[injected.status] ?? "error", retryAfter);
    }
    const body = SlackWebhookBodySchema.safeParse(parseJson(request.rawBody));
    if (!body.success) return answer(res, request, 400, body.error.issues.some((i) => i.message === "no_text") ? "no_text" : "invalid_payload");
    posts.push({ path: request.path, body: body.data, receivedAt: clock() });
    answer(res, request, 200, "ok");
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendText(res, error instanceof BodyTooLargeError ? 413 : 500, "rollup_error"));
  });
  const url = baseUrl("http", await listenOnLoopback(server, options));

  return {
    url,
    webhookUrl: (path = "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX") => `${url}/services/${path}`,
    posts: () => structuredClone(posts),
    requests: () => structuredClone(requests),
    failNext(count, status = 500, failure = {}) {
      injected = { remaining: count, status, ...failure };
    },
    clear() {
      posts.splice(0);
      requests.splice(0);
      injected = undefined;
    },
    stop: () => closeServer(server),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
