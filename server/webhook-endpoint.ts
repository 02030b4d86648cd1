// POST /webhooks/* served ahead of Express and Remix: raw bytes in, the intake's answer out. No
// framework on the hot path — Shopify gets its 200 as soon as the delivery's group commit lands.
import type http from "node:http";
import { MAX_WEBHOOK_BODY_BYTES, webhookIntake } from "../app/services/webhook-intake.server";

export function isWebhookRequest(req: http.IncomingMessage): boolean {
  return req.method === "POST" && (req.url?.startsWith("/webhooks/") ?? false);
}

export function handleWebhookRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_WEBHOOK_BODY_BYTES) {
    res.writeHead(413, { connection: "close" }).end("Payload Too Large");
    req.destroy();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_WEBHOOK_BODY_BYTES) {
      tooLarge = true;
      res.writeHead(413, { connection: "close" }).end("Payload Too Large");
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    if (tooLarge) return;
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    webhookIntake()
      .accept(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size), header)
      .then(
        (r) => res.writeHead(r.status, { "content-type": "text/plain; charset=utf-8" }).end(r.body),
        (error) => {
          console.error(`[webhooks] ${(error as Error).message}`);
          res.writeHead(503).end("Temporarily unavailable");
        },
      );
  });
  req.on("error", () => res.destroy());
}
