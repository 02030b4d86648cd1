// Setup file for tests that touch the database (named *.db.test.ts / *.route.test.ts ...):
// creates this file's database and sets the environment BEFORE any app module is imported —
// PrismaSessionStorage checks for its table when shopify.server is first imported.
import { afterAll } from "vitest";
import { createTestDatabase } from "../support/test-database";
import { TEST_APP_ENV } from "../support/test-env";

Object.assign(process.env, TEST_APP_ENV);
const db = await createTestDatabase();
process.env.DATABASE_URL = db.url;

afterAll(async () => {
  const { disconnectPrisma } = await import("../../app/db.server");
  await disconnectPrisma();
  await db.drop();
});
