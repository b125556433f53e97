/**
 * Builds the CLI bundle as `npm install` does (scripts/bundle-cli.mjs, failing on any error) into a
 * directory of a test's own, so tests run the bundled CLI without touching dist/cli.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const PACKAGE = join(import.meta.dirname, "..");

export function buildBundle(outdir: string): void {
  execFileSync(
    process.execPath,
    [join(PACKAGE, "scripts", "bundle-cli.mjs"), "--strict", "--outdir", outdir],
    {
      stdio: "ignore",
    },
  );
}
