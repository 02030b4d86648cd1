// The Shopify library always calls https://<shop>/admin/... (the scheme is forced). When an
// emulator URL is configured, wrap the library's fetch so those calls reach the built-in
// emulator instead; nothing else is rewritten. Never configured in production (config.server.ts).
import { abstractFetch, setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

let installedFor: string | undefined;

export function rewriteToEmulator(input: string, emulatorUrl: string): string | null {
  const u = new URL(input);
  if (!u.pathname.startsWith("/admin/")) return null;
  // The emulator serves many shops: the shop domain travels in the path (after any mount prefix).
  return `${emulatorUrl.replace(/\/$/, "")}/shops/${u.hostname}${u.pathname}${u.search}`;
}

export function installEmulatorFetch(emulatorUrl: string | undefined): void {
  if (!emulatorUrl || installedFor === emulatorUrl) return;
  const original = installedFor ? globalThis.fetch : abstractFetch;
  installedFor = emulatorUrl;
  setAbstractFetchFunc(async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : (input as Request).url;
    const rewritten = rewriteToEmulator(url, emulatorUrl);
    return rewritten ? globalThis.fetch(rewritten, init) : original(input, init);
  });
}
