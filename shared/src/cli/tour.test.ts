import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const TOUR = join(import.meta.dirname, "tour.ts");
const tour = (profile: string) =>
  execFileSync(process.execPath, [TOUR, "--docker", profile], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });

/** The build logs the tour prints: from a section's heading to the next one. */
function section(output: string, heading: string): string {
  const start = output.indexOf(`== ${heading}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = output.indexOf("\n== ", start + 1);
  return output.slice(start, end === -1 ? undefined : end);
}

describe("layercake tour --docker <profile>", () => {
  it("prints the build logs the profile's docker build prints (26.1: the legacy builder notice and lines, buildx's builder line)", () => {
    const modern = tour("26.1-containerd");
    const classic = section(modern, "Classic builder (DOCKER_BUILDKIT=0): first build");
    expect(classic).toContain(
      "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n",
    );
    expect(classic.indexOf("DEPRECATED")).toBeLessThan(classic.indexOf("Step 1/9 : FROM tiny:1"));
    expect(classic).toMatch(/^ ---> Removed intermediate container [0-9a-f]{12}$/m);
    expect(classic).not.toMatch(/^Removing intermediate container/m);
    expect(section(modern, "BuildKit: first build")).toContain(
      '#0 building with "default" instance using docker driver\n',
    );

    const old = tour("20.10-overlay2");
    const oldClassic = section(old, "Classic builder (DOCKER_BUILDKIT=0): first build");
    expect(oldClassic).not.toContain("DEPRECATED");
    expect(oldClassic).toMatch(/^Removing intermediate container [0-9a-f]{12}$/m);
    expect(section(old, "BuildKit: first build")).not.toContain("#0 building");
  });
});
