import { describe, expect, it } from "vitest";
import type { LessonScenario } from "../core/content-model.ts";
import { diagramInputOf, renderLayerDiagram } from "./diagram.ts";
import { compareLessonScenario, runLessonScenario } from "./lesson.ts";
import { createTerminal } from "./terminal.ts";

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

  it("keeps a failing RUN as ordinary output and reports a flag the CLI does not know", () => {
    const run = runLessonScenario({
      name: "x",
      builder: "buildkit",
      steps: [
        { kind: "write", path: "Dockerfile", content: "FROM tiny:1\nRUN exit 3\n", location: at(1) },
        { kind: "run", commands: ["docker build -t broken .", "docker images --bogus"], location: at(4) },
      ],
    });
    const [build, images] = run.steps[1]?.commands ?? [];
    expect(build?.exitCode).not.toBe(0);
    expect(images?.exitCode).toBe(125);
    expect(run.problems).toEqual([
      { message: expect.stringContaining("unknown flag: --bogus"), location: at(4) },
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

describe("compareLessonScenario", () => {
  const scenario: LessonScenario = {
    name: "rm",
    builder: "buildkit",
    steps: [
      { kind: "write", path: "Dockerfile", content: "FROM tiny:1\nCOPY x /x\n", location: at(1) },
      { kind: "write", path: "x", content: "hello", location: at(3) },
      {
        kind: "run",
        commands: ["docker build -q -t demo .", "docker history demo", "echo same"],
        location: at(5),
      },
      { kind: "diagram", image: "demo", location: at(9) },
    ],
  };

  // Issue 13's table, measured on Docker 26.1: the row of `COPY x /x` (a 5-byte file) is 5B on
  // overlay2 and 8.19kB (a directory block and a file block) on the containerd image store.
  it("runs the scenario on each profile and says which lines differ, line by line", () => {
    const comparison = compareLessonScenario(scenario, ["26.1-overlay2", "26.1-containerd"]);
    expect(comparison.runs["26.1-overlay2"]?.profile).toBe("26.1-overlay2");
    expect(comparison.runs["26.1-containerd"]?.profile).toBe("26.1-containerd");
    const [console, diagram] = comparison.differences;
    expect(console?.location).toEqual(at(5));
    expect(console?.groups).toEqual([["26.1-overlay2"], ["26.1-containerd"]]);
    const history = console?.commands.find((command) => command.command.startsWith("docker history"));
    // The header is the same; the COPY row differs in its image ID and its SIZE, the base row in
    // its SIZE (tiny:1's 1,982,349 bytes take 1,998,848 bytes of snapshot).
    expect(history?.lines.map((line) => line.line)).toEqual([1, 2]);
    expect(history?.lines[1]?.byProfile["26.1-overlay2"]).toMatch(/\s1\.98MB\s/);
    expect(history?.lines[1]?.byProfile["26.1-containerd"]).toMatch(/\s2MB\s/);
    expect(history?.lines[0]?.byProfile["26.1-overlay2"]).toMatch(/COPY x \/x # buildkit\s+5B\s/);
    expect(history?.lines[0]?.byProfile["26.1-containerd"]).toMatch(/COPY x \/x # buildkit\s+8\.19kB\s/);
    expect(console?.commands.some((command) => command.command === "echo same")).toBe(false);
    expect(diagram?.location).toEqual(at(9));
    expect(diagram?.svgs?.["26.1-containerd"]).toContain(">8.19kB<");
    expect(diagram?.svgs?.["26.1-overlay2"]).toContain(">5B<");
  });

  it("lists no block when every profile prints the same", () => {
    const same: LessonScenario = {
      name: "same",
      builder: "buildkit",
      steps: [{ kind: "run", commands: ["echo hi"], location: at(1) }],
    };
    expect(compareLessonScenario(same).differences).toEqual([]);
    expect(compareLessonScenario(same).profiles).toEqual([
      "26.1-containerd",
      "26.1-overlay2",
      "20.10-overlay2",
    ]);
  });
});

describe("renderLayerDiagram", () => {
  const input = {
    image: "demo",
    base: { name: "tiny:1", entries: 1 },
    layers: [
      { createdBy: "", size: 1_982_349, empty: false },
      { createdBy: "/bin/sh -c #(nop)  LABEL a=b", size: 0, empty: true },
      { createdBy: "/bin/sh -c echo hi > /hi", size: 3, empty: false },
    ],
  };

  it("draws filesystem layers filled and history-only entries dashed, top of the stack first", () => {
    const svg = renderLayerDiagram(input);
    expect(svg).toMatchSnapshot();
    expect(svg.indexOf("RUN echo hi &gt; /hi")).toBeLessThan(svg.indexOf("LABEL a=b"));
    expect(svg.match(/stroke-dasharray="5 4"/g)?.length).toBe(1);
    expect(svg).toContain('role="img"');
  });

  it("groups the base image's layers under a caption naming the image", () => {
    const svg = renderLayerDiagram(input);
    expect(svg).toContain("from tiny:1: 1 layer, 1.98MB");
    expect(renderLayerDiagram({ ...input, base: { name: "tiny:1", entries: 0 } })).not.toContain(
      "from tiny:1",
    );
  });

  it("widens the drawing for long instructions and keeps a caller's title", () => {
    const long = `/bin/sh -c ${"echo layer && ".repeat(6)}true`;
    const narrow = renderLayerDiagram(input);
    const wide = renderLayerDiagram({
      ...input,
      title: "Three layers",
      layers: [...input.layers, { createdBy: long, size: 10, empty: false }],
    });
    const widthOf = (svg: string) => Number(/width="(\d+)"/.exec(svg)?.[1]);
    expect(widthOf(wide)).toBeGreaterThan(widthOf(narrow));
    expect(wide).toContain('<title id="layers-title">Three layers</title>');
    expect(wide).toContain("RUN echo layer &amp;&amp; echo layer");
    expect(wide).toContain("…</text>");
  });
});

describe("diagramInputOf", () => {
  it("reads the history bottom first and finds the base image the build started from", () => {
    const terminal = createTerminal({ files: { Dockerfile: "FROM tiny:1\nENV A=1\nRUN echo hi > /hi\n" } });
    terminal.run("docker build -t demo .");
    const image = terminal.daemon.store.getImage("demo");
    if (image === undefined) throw new Error("the build did not tag demo");
    const base = terminal.daemon.store.getImage("tiny:1");
    const diagram = diagramInputOf(terminal.daemon, image, "demo");
    expect(diagram.base).toEqual({ name: "tiny:1", entries: base?.config.history.length });
    expect(diagram.layers.map((layer) => layer.empty).slice(-2)).toEqual([true, false]);
    expect(diagram.layers.at(-1)?.diffId).toBe(image.layers.at(-1)?.diffId);
  });
});
