import { describe, expect, it } from "vitest";
import { appConfig, ConfigError, isLoopbackUrl } from "./config.server";

const secrets = { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret" };

describe("appConfig", () => {
  it("refuses to start without the app's key and secret, naming what to set, whatever the app URL", () => {
    for (const env of [{}, { SHOPIFY_APP_URL: "http://localhost:3000" }, { NODE_ENV: "production", SHOPIFY_APP_URL: "https://app.example.com" }]) {
      expect(() => appConfig(env)).toThrow(ConfigError);
    }
    expect(() => appConfig({ SHOPIFY_API_KEY: "key" })).toThrow(/SHOPIFY_API_SECRET is not set/);
    expect(() => appConfig({})).toThrow(/SHOPIFY_API_KEY and SHOPIFY_API_SECRET are not set.*npm run demo/);
  });

  it("has a demo secret only in demo mode, and refuses demo mode outside loopback or in production", () => {
    expect(appConfig({ BACKORDER_DEMO: "1" })).toMatchObject({ demo: true, apiSecret: "backorder-pilot-demo-secret", host: "127.0.0.1" });
    expect(() => appConfig({ BACKORDER_DEMO: "1", SHOPIFY_APP_URL: "https://demo.example.com" })).toThrow(/loopback/);
    expect(() => appConfig({ BACKORDER_DEMO: "1", APP_ENV: "production" })).toThrow(/loopback/);
    expect(() => appConfig({ ...secrets, SHOPIFY_EMULATOR_URL: "http://127.0.0.1:9", SHOPIFY_APP_URL: "http://127.evil.com" })).toThrow(/emulator/);
  });

  it("binds all interfaces by default outside the demo, HOST and PORT when given", () => {
    expect(appConfig({ ...secrets, SHOPIFY_APP_URL: "https://app.example.com" })).toMatchObject({ host: "0.0.0.0", port: 3000, demo: false });
    expect(appConfig({ ...secrets, HOST: "10.0.0.5", PORT: "8080" })).toMatchObject({ host: "10.0.0.5", port: 8080 });
    expect(() => appConfig({ ...secrets, PORT: "eighty" })).toThrow(/PORT must be a number/);
  });
});

describe("isLoopbackUrl", () => {
  it.each([
    ["http://localhost:3000", true],
    ["http://127.0.0.1:3000", true],
    ["http://127.1.2.3", true],
    ["http://[::1]:3000", true],
    ["http://127.evil.com", false],
    ["http://127.0.0.1.nip.io", false],
    ["http://localhost.example.com", false],
    ["https://app.example.com", false],
    ["http://10.0.0.1", false],
  ])("%s -> %s", (url, loopback) => expect(isLoopbackUrl(url)).toBe(loopback));
});
