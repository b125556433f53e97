import { describe, expect, it } from "vitest";
import { OUTPUT_TAIL_LINES, simulateBuild } from "./simulation.ts";

describe("/simulate's computation", () => {
  it("builds, rebuilds from the cache and runs a command, with sizes as docker images prints them", () => {
    const report = simulateBuild({
      dockerfile: 'FROM busybox:1.37\nWORKDIR /app\nRUN echo hi > a\nENV X=1\nCMD ["sh"]\n',
      command: "echo x >> /app/a && touch /n",
      builder: "buildkit",
      profile: "26.1-overlay2",
    });
    if (!report.ok) throw new Error(report.message);
    expect(report.steps.map((step) => [step.instruction, step.adds])).toEqual([
      ["WORKDIR /app", "layer 0B"],
      ["RUN echo hi > a", "layer 3B"],
      ["ENV X=1", "history only"],
      ['CMD ["sh"]', "history only"],
    ]);
    expect(report.layerCount).toBe(3);
    expect(report.historyCount).toBe(6);
    // Three significant digits, as `docker images` prints an image's size (listingSize).
    expect(report.totalSize).toMatch(/^\d\.\d\dMB$/);
    expect(report.rebuild).toEqual({ cached: 2, checked: 2 });
    expect(report.run).toEqual({
      command: "echo x >> /app/a && touch /n",
      exitCode: 0,
      output: "",
      diff: ["C /app", "C /app/a", "A /n"],
      writableSize: "5B",
    });
    expect(report.svg).toContain("<svg");
  });

  it("gives the failing step and the last lines of its output", () => {
    const script = Array.from({ length: OUTPUT_TAIL_LINES + 2 }, (_, line) => `echo line${line}`).join("; ");
    const report = simulateBuild({
      dockerfile: `FROM tiny:1\nRUN ${script}; exit 2\n`,
      command: "",
      builder: "buildkit",
      profile: "26.1-containerd",
    });
    if (report.ok) throw new Error("the build should fail");
    expect(report.failedStep).toBe(`[2/2] RUN ${script}; exit 2`);
    expect(report.message).toMatch(/did not complete successfully: exit code: 2$/);
    expect(report.outputTail).toHaveLength(OUTPUT_TAIL_LINES);
    expect(report.outputTail.at(-1)).toBe(`line${OUTPUT_TAIL_LINES + 1}`);
  });

  it("builds on the user's Docker and says which it simulated", () => {
    const dockerfile = "FROM tiny:1\nRUN echo hello > /hello\n";
    for (const profile of ["26.1-containerd", "26.1-overlay2", "20.10-overlay2"] as const) {
      const report = simulateBuild({ dockerfile, command: "", builder: "buildkit", profile });
      expect(report).toMatchObject({ ok: true, profile, layerCount: 2 });
    }
  });

  it("reports a parse error with its line", () => {
    const report = simulateBuild({
      dockerfile: "FROM tiny:1\nBOGUS x\n",
      command: "",
      builder: "classic",
      profile: "20.10-overlay2",
    });
    expect(report).toMatchObject({ ok: false, problems: ["line 2: unknown instruction: BOGUS"] });
  });
});
