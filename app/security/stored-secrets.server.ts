// The keys that seal secrets the app stores for merchants (secret-box.ts): SECRETS_KEY when set
// (comma-separated base64 keys of 32 bytes, current first, to rotate), else derived from the app's
// API secret. Read on each use: tests and scenario replay set the environment per run.
import { appConfig } from "../config.server";
import { openSecret, sealSecret, secretBoxKeys } from "./secret-box";

function keys(): Buffer[] {
  return secretBoxKeys(process.env.SECRETS_KEY, appConfig().apiSecret);
}

export function sealStoredSecret(plain: string, purpose: string): string {
  return sealSecret(plain, purpose, keys()[0]);
}

export function openStoredSecret(stored: string, purpose: string): string {
  return openSecret(stored, purpose, keys());
}
