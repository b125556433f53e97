#!/usr/bin/env node
// Sums the JSON reports that every package's test run writes to test-results/vitest.json and prints
// one closing line, "N passed, N failed", so that a reader (or CI) sees the whole run's count.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const workspace of rootManifest.workspaces ?? []) {
  const reportPath = join(root, workspace, "test-results", "vitest.json");
  if (!existsSync(reportPath)) {
    missing.push(workspace);
    continue;
  }
  const report = JSON.parse(readFileSync(reportPath, "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.log(
    `${workspace}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`,
  );
}
if (missing.length > 0) console.log(`no test report from: ${missing.join(", ")}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || missing.length > 0 ? 1 : 0);
