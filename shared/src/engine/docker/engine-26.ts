/**
 * What Docker 26.1's CLI and daemon print differently from 20.10 where the engine's result is the
 * same: the legacy builder's deprecation notice and its intermediate-container lines. Measured on
 * Debian 13's docker.io 26.1.5 (shared/test/docker, profile 26.1-overlay2).
 */

import { type BuildOutput, renderBuildOutput } from "../builder/log.ts";
import type { BuildResult } from "../builder/types.ts";
import type { DirNode } from "../fs/types.ts";
import type { DaemonProfile } from "./profile.ts";

/** The notice the 26.1 client prints on stderr before a `DOCKER_BUILDKIT=0` build. */
export const LEGACY_BUILDER_NOTICE =
  "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n" +
  "            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n" +
  "            environment-variable.\n\n";

/**
 * The legacy builder's output as the 26.1 client prints it: the deprecation notice first on
 * stderr, ` ---> Removed intermediate container <id>`, and the daemon's `[Warning] …` lines in the
 * build stream on stdout.
 */
export function classicOutputOf26(output: { stdout: string; stderr: string }): {
  stdout: string;
  stderr: string;
} {
  const stderrLines = output.stderr === "" ? [] : output.stderr.replace(/\n$/, "").split("\n");
  const warnings = stderrLines.filter((line) => line.startsWith("[Warning] "));
  const errors = stderrLines.filter((line) => !line.startsWith("[Warning] "));
  const stdout = output.stdout.replace(
    /^Removing intermediate container ([0-9a-f]{12})$/gm,
    " ---> Removed intermediate container $1",
  );
  return {
    stdout: warnings.length === 0 ? stdout : `${stdout}${warnings.join("\n")}\n`,
    stderr: `${LEGACY_BUILDER_NOTICE}${errors.length === 0 ? "" : `${errors.join("\n")}\n`}`,
  };
}

/**
 * A build's output as `docker build` prints it on `profile`: the engine's log (BuildKit's names the
 * buildx builder first from 26.1, as the result's flavour says), and the 26.1 client's legacy
 * builder notice and lines. `layercake docker build` and the tour print this.
 */
export function renderProfileBuildOutput(
  result: BuildResult,
  context: DirNode,
  profile: DaemonProfile,
  dockerfilePath?: string,
  dockerfileText?: string,
): BuildOutput {
  const rendered = renderBuildOutput(result, context, dockerfilePath, dockerfileText);
  return result.builder === "classic" && profile.engine === "26.1" ? classicOutputOf26(rendered) : rendered;
}
