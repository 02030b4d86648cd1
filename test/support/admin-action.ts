// Action requests as the embedded admin sends them (fetch from the app with the session token):
// POST with a JSON body, or a multipart form (file uploads).
import { adminRequest } from "./admin-request";

export function adminJson(shop: string, pathAndQuery: string, body: unknown): Request {
  const get = adminRequest(shop, pathAndQuery);
  const headers = new Headers(get.headers);
  headers.set("content-type", "application/json");
  return new Request(get.url, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

export async function adminMultipart(shop: string, pathAndQuery: string, form: FormData): Promise<Request> {
  const get = adminRequest(shop, pathAndQuery);
  // Encoded once: the multipart boundary in the content type is the body's.
  const encoded = new Request(get.url, { method: "POST", body: form });
  const headers = new Headers(get.headers);
  headers.set("content-type", encoded.headers.get("content-type")!);
  const body = await encoded.arrayBuffer();
  headers.set("content-length", String(body.byteLength));
  return new Request(get.url, { method: "POST", headers, body });
}

/** The JSON an action answered, with its status. */
export async function answer<T = Record<string, unknown>>(res: Response): Promise<{ status: number; body: T }> {
  return { status: res.status, body: (await res.json()) as T };
}
