// Plumbing shared by the HTTP stand-ins: listen on loopback (port 0 = any free port), read a
// bounded body, answer JSON or text, and stop without waiting for idle keep-alive sockets.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ListenOptions = { host?: string; port?: number };

export async function listenOnLoopback(server: Server, { host = "127.0.0.1", port = 0 }: ListenOptions = {}): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}

export function baseUrl(scheme: "http" | "smtp", { address, port }: AddressInfo): string {
  return `${scheme}://${address.includes(":") ? `[${address}]` : address}:${port}`;
}

export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  server.closeAllConnections();
  await closed;
}

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limitBytes = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) throw new BodyTooLargeError(`body exceeds ${limitBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(body), { ...headers, "content-type": "application/json; charset=utf-8" });
}

export function sendText(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  send(res, status, body, { "content-type": "text/plain; charset=utf-8", ...headers });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  // The client may have given up (timeout) while a slow answer was pending.
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Lower-cased single-valued headers, for recording requests. */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
