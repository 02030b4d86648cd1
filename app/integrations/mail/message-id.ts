// Message-IDs derived from a stable key: a retried send carries the same id, so the receiving
// system (or a supplier's order desk filter) can recognise the repeat instead of acting twice.
const DOMAIN = "backorder-pilot";
const KIND = /^[a-z][a-z0-9-]*$/;
const SAFE_BYTE = /^[A-Za-z0-9_-]$/;

/**
 * `<kind-key@backorder-pilot>`. Bytes of the key outside [A-Za-z0-9_-] become `=XX`, which keeps
 * the id a valid RFC 5322 dot-atom and the mapping injective (two keys never share an id).
 */
export function deriveMessageId(kind: string, key: string): string {
  if (!KIND.test(kind)) throw new Error(`deriveMessageId: kind must match ${KIND}, got ${JSON.stringify(kind)}`);
  if (key.length === 0) throw new Error("deriveMessageId: key is empty");
  return `<${kind}-${encodeKey(key)}@${DOMAIN}>`;
}

function encodeKey(key: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(key)) {
    const char = String.fromCharCode(byte);
    out += SAFE_BYTE.test(char) ? char : `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
