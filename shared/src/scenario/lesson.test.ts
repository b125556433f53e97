import { describe, expect, it } from "vitest";
import type { LessonScenario } from "../core/content-model.ts";
import { renderLayerDiagram } from "./diagram.ts";
import { runLessonScenario } from "./lesson.ts";

const at = (line: number) => ({ file: "content/lessons/building/02-build-cache.md", line, column: 1 });

describe("runLessonScenario", () => {
  it("runs the blocks in order, an edit between two builds changing the cache result", () => {
    const scenario: LessonScenario = {
      name: "edit",
      builder: "classic",
      steps: [
        { kind: "write", path: "Dockerfile", content: "FROM tiny:1\nCOPY app.txt /app/\n", location: at(1) },
        { kind: "write", path: "app.txt", content: "v1\n", location: at(5) },
        { kind: "run", commands: ["docker build -t demo ."], location: at(9) },
        { kind: "write", path: "app.txt", content: "v2\n", location: at(13) },
        { kind: "run", commands: ["docker build -t demo .", "docker history demo"], location: at(17) },
        { kind: "diagram", image: "demo", location: at(21) },
      ],
    };
    const run = runLessonScenario(scenario);
    expect(run.problems).toEqual([]);
    const [rebuild, history] = run.steps[4]?.commands ?? [];
    expect(rebuild?.output).toContain("Step 2/2 : COPY app.txt /app/");
    expect(rebuild?.output).not.toContain("Using cache");
    expect(history?.output.split("\n")[0]).toMatch(/^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT/);
    expect(run.steps[5]?.svg).toContain('<title id="layers-title">Layers of demo: 2 filesystem layers');
  });

  it("reports a diagram of an image that does not exist at that point, with its location", () => {
    const run = runLessonScenario({
      name: "x",
      builder: "buildkit",
      steps: [{ kind: "diagram", image: "nope", location: at(7) }],
    });
    expect(run.problems).toEqual([
      { message: "layers image=nope: no such image at this point of the scenario", location: at(7) },
    ]);
  });

  it("reports a command the simulator does not support", () => {
    const run = runLessonScenario({
      name: "x",
      builder: "buildkit",
      steps: [{ kind: "run", commands: ["docker compose up"], location: at(3) }],
    });
    expect(run.problems.length).toBe(1);
    expect(run.problems[0]?.message).toContain("docker compose up");
  });
});

describe("renderLayerDiagram", () => {
  it("draws filesystem layers filled and history-only entries dashed, top of the stack first", () => {
    const svg = renderLayerDiagram({
      image: "demo",
      layers: [
        { createdBy: "", size: 1_982_349, empty: false },
        { createdBy: "/bin/sh -c #(nop)  LABEL a=b", size: 0, empty: true },
        { createdBy: "/bin/sh -c echo hi > /hi", size: 3, empty: false },
      ],
    });
    expect(svg).toMatchSnapshot();
    expect(svg.indexOf("RUN echo hi &gt; /hi")).toBeLessThan(svg.indexOf("LABEL a=b"));
    expect(svg).toContain('stroke-dasharray="5 4"');
  });
});
