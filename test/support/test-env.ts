// The app environment every test runs with: a loopback app URL, a fixed key and secret
// (webhooks are signed and session tokens issued with this secret).
export const TEST_API_KEY = "test-api-key";
export const TEST_API_SECRET = "test-api-secret";
export const TEST_APP_URL = "http://localhost:3999";

export const TEST_APP_ENV = {
  SHOPIFY_API_KEY: TEST_API_KEY,
  SHOPIFY_API_SECRET: TEST_API_SECRET,
  SHOPIFY_APP_URL: TEST_APP_URL,
  NODE_ENV: "test",
};
