import { buildPgliteTemplate, buildPostgresTemplate, testEngine } from "../support/test-database";

export default async function globalSetup() {
  if (testEngine() === "postgres") await buildPostgresTemplate();
  else await buildPgliteTemplate();
}
