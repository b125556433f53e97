/**
 * What Docker 26.1's CLI and daemon print differently from 20.10 where the engine's result is the
 * same: the legacy builder's deprecation notice and its intermediate-container lines. Measured on
 * Debian 13's docker.io 26.1.5 (shared/test/docker, profile 26.1-overlay2).
 */

/** The notice the 26.1 client prints on stderr before a `DOCKER_BUILDKIT=0` build. */
export const LEGACY_BUILDER_NOTICE =
  "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n" +
  "            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n" +
  "            environment-variable.\n\n";

/** The legacy builder's stdout as 26.1 prints it: ` ---> Removed intermediate container <id>`. */
export function classicOutputOf26(stdout: string): string {
  return stdout.replace(
    /^Removing intermediate container ([0-9a-f]{12})$/gm,
    " ---> Removed intermediate container $1",
  );
}
