// Prints one closing line over every vitest JSON report given: "N passed, N failed, N skipped".
// Above it, each failed test by file and name with the start of its message, so a CI log whose
// middle is cut still says what failed.
import fs from "node:fs";
import path from "node:path";

let passed = 0, failed = 0, skipped = 0;
const failures = [];
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) continue;
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`${file}: ${r.numPassedTests} passed, ${r.numFailedTests} failed (${r.numTotalTestSuites} files)`);
  for (const suite of r.testResults ?? []) {
    const where = path.relative(process.cwd(), suite.name ?? "");
    const failedTests = (suite.assertionResults ?? []).filter((t) => t.status === "failed");
    for (const t of failedTests) {
      failures.push({ report: path.basename(file), where, name: t.fullName ?? t.title, message: (t.failureMessages ?? [])[0] ?? "" });
    }
    if (suite.status === "failed" && failedTests.length === 0) {
      failures.push({ report: path.basename(file), where, name: "(the file failed to run)", message: suite.message ?? "" });
    }
  }
}
if (failures.length > 0) {
  console.log("\nFailed:");
  for (const f of failures) {
    const firstLines = f.message.split("\n").slice(0, 3).join("\n      ");
    console.log(`  [${f.report}] ${f.where} > ${f.name}\n      ${firstLines}`);
  }
  console.log("");
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
