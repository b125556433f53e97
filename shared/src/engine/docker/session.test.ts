import { describe, expect, it } from "vitest";
import { createSimulatedClock } from "../../core/clock.ts";
import { contextFromFiles } from "../context/context.ts";
import { CURRENT_BUILDKIT, DOCKER_20_10 } from "./profile.ts";
import { openDockerSession, studyBuild } from "./session.ts";

const DOCKERFILE = "FROM tiny:1\nCOPY app.txt /app/\nRUN cat /app/app.txt > /app/built\n";

describe("a docker session", () => {
  it("answers docker commands at the clock's time, on a daemon with tiny:1 pulled", () => {
    const clock = createSimulatedClock(Date.UTC(2026, 0, 1));
    const session = openDockerSession({ clock, profile: DOCKER_20_10 });
    const images = session.docker(["images"]);
    expect(images.exitCode).toBe(0);
    expect(images.stdout).toMatch(/^tiny\s+1\s/m);
    expect(session.docker(["build", "."]).stderr).toContain('unable to prepare context: path "." not found');
  });

  it("builds with the profile's BuildKit and the session's clock", () => {
    for (const profile of [DOCKER_20_10, CURRENT_BUILDKIT]) {
      const session = openDockerSession({ clock: createSimulatedClock(Date.UTC(2026, 0, 1), 1000), profile });
      const result = session.build({
        dockerfile: DOCKERFILE,
        context: contextFromFiles({ "app.txt": "v1\n" }),
        builder: "buildkit",
      });
      expect(result.ok).toBe(true);
      expect(result.buildkitFlavour).toBe(profile.buildkitFlavour);
    }
  });

  it("studies a build: rebuild after an edit, run a command, docker diff", () => {
    const session = openDockerSession({
      clock: createSimulatedClock(Date.UTC(2026, 0, 1), 1000),
      profile: CURRENT_BUILDKIT,
      pulled: [],
    });
    const study = studyBuild(session, {
      build: { dockerfile: DOCKERFILE, context: contextFromFiles({ "app.txt": "v1\n" }), builder: "classic" },
      rebuild: { context: contextFromFiles({ "app.txt": "v2\n" }) },
      run: { command: "echo more >> /app/built && rm /app/app.txt" },
    });
    expect(study.first.ok).toBe(true);
    const cache = study.rebuild?.steps
      .filter((step) => step.cache !== "not-applicable")
      .map((step) => step.cache);
    expect(cache).toEqual(["miss", "miss"]);
    expect(study.run?.exitCode).toBe(0);
    expect(study.run?.diff.map((entry) => `${entry.kind} ${entry.path}`)).toEqual([
      "C /app",
      "D /app/app.txt",
      "C /app/built",
    ]);
    expect(study.run?.size.sizeRw).toBe(8);
  });

  it("stops at a failed first build", () => {
    const session = openDockerSession({ clock: createSimulatedClock(), profile: CURRENT_BUILDKIT });
    const study = studyBuild(session, {
      build: { dockerfile: "FROM no-such-image:1\n", context: contextFromFiles({}), builder: "buildkit" },
      rebuild: {},
      run: { command: "true" },
    });
    expect(study.first.ok).toBe(false);
    expect(study.rebuild).toBeUndefined();
    expect(study.run).toBeUndefined();
  });

  it("prints busybox 1.35's words for a missing applet and ash's for an unknown command", () => {
    const session = openDockerSession({
      clock: createSimulatedClock(Date.UTC(2026, 0, 1)),
      profile: DOCKER_20_10,
    });
    expect(session.docker(["run", "tiny:1", "/bin/busybox", "nosuchapplet"])).toMatchObject({
      exitCode: 127,
      stdout: "",
      stderr: "nosuchapplet: applet not found\n",
    });
    expect(session.docker(["run", "tiny:1", "sh", "-c", "x"])).toMatchObject({
      exitCode: 127,
      stdout: "",
      stderr: "sh: x: not found\n",
    });
    const build = session.build({
      dockerfile: "FROM tiny:1\nRUN x\n",
      context: contextFromFiles({}),
      builder: "classic",
    });
    expect(build.failure?.message).toBe("The command '/bin/sh -c x' returned a non-zero code: 127");
    expect(build.steps.at(-1)?.output).toBe("/bin/sh: x: not found\n");
  });
});
