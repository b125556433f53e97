/**
 * Vitest global setup: a runtime directory of the test run's own for the resident daemons the
 * suites' `layercake docker` processes start (src/cli/docker-resident.ts), so that no test talks to
 * a daemon of the developer's, and removed at the end, which makes every daemon started in it leave
 * (each checks its socket every second) instead of idling for ten minutes after the run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const runtime = mkdtempSync(join(tmpdir(), "layercake-test-runtime-"));
  process.env.XDG_RUNTIME_DIR = runtime;
  return () => rmSync(runtime, { recursive: true, force: true });
}
