import { describe, expect, it } from "vitest";
import {
  buildPlayground,
  createPlaygroundSession,
  DEFAULT_STATE,
  decodeState,
  encodeState,
  runPlayground,
} from "./playground.ts";

describe("playground", () => {
  it("shows every step cached on a second build and the edited COPY missing after an edit", () => {
    const session = createPlaygroundSession();
    const first = buildPlayground(session, DEFAULT_STATE);
    expect(first.ok).toBe(true);
    expect(first.steps.filter((step) => step.cache === "miss").length).toBeGreaterThan(0);
    const again = buildPlayground(session, DEFAULT_STATE);
    expect(again.steps.filter((step) => step.cache === "miss")).toEqual([]);
    const edited = buildPlayground(session, {
      ...DEFAULT_STATE,
      files: { ...DEFAULT_STATE.files, "app.txt": "edited\n" },
    });
    expect(edited.steps.find((step) => step.cache === "miss")?.instruction).toBe("COPY app.txt ./");
    expect(edited.steps.find((step) => step.instruction.startsWith("RUN echo"))?.cache).toBe("hit");
  });

  it("lists history entries with and without layers, and the union view as a tree", () => {
    const view = buildPlayground(createPlaygroundSession(), DEFAULT_STATE);
    expect(view.layers[0]).toMatchObject({ empty: true, size: "no layer" });
    expect(view.tree).toContain("app/");
    expect(view.tree).toContain("  built");
  });

  it("runs a container and shows docker diff with copy-up reasons", () => {
    const session = createPlaygroundSession();
    expect(runPlayground(session, "true")).toEqual({ problem: "Build the image first." });
    buildPlayground(session, DEFAULT_STATE);
    const run = runPlayground(session, DEFAULT_STATE.command);
    if ("problem" in run) throw new Error(run.problem);
    expect(run.diff).toEqual(["C /app", "C /app/app.txt", "D /app/installed", "A /app/new.txt"]);
    expect(run.reasons.map((reason) => reason.text).join("\n")).toMatch(/copied up|copy-up/i);
  });

  it("explains each docker diff line in agreement with it, as sentences with a lesson link", () => {
    const session = createPlaygroundSession();
    buildPlayground(session, DEFAULT_STATE);
    const run = runPlayground(session, "mkdir -p /var/cache/new && echo x > /app/app.txt");
    if ("problem" in run) throw new Error(run.problem);
    expect(run.diff).toContain("A /var/cache/new");
    expect(run.diff).toContain("C /app");
    const about = (path: string) => run.reasons.filter((reason) => reason.text.startsWith(`${path} `));
    expect(about("/var/cache/new")[0]?.text).toMatch(/created/);
    expect(about("/app")[0]?.text).toMatch(/copied up/);
    for (const reason of run.reasons) {
      expect(reason.text).not.toMatch(/exists neither|comes unchanged/);
      expect(reason.text).not.toMatch(/\([A-Z]\d+/);
      expect(reason.text).toMatch(/^[A-Z/]/);
    }
    expect(about("/app")[0]?.lesson?.href).toMatch(/^\/storage\//);
  });

  it("gives build steps' cache reasons as sentences without rule codes", () => {
    const session = createPlaygroundSession();
    const view = buildPlayground(session, { ...DEFAULT_STATE, builder: "classic" });
    const reasons = view.steps.flatMap((step) => step.reasons);
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason.text).not.toMatch(/\((?:[A-Z]\d+(?:, )?)+\)/);
    expect(reasons.some((reason) => reason.lesson !== undefined)).toBe(true);
  });

  it("reports build problems as data", () => {
    const view = buildPlayground(createPlaygroundSession(), {
      ...DEFAULT_STATE,
      dockerfile: "FROM tiny:1\nRUNN echo\n",
    });
    expect(view.ok).toBe(false);
    expect(view.problems.join("\n")).toContain("unknown instruction: RUNN");
  });

  it("sends the Dockerfile with the context and leaves out what .dockerignore excludes", () => {
    const state = {
      ...DEFAULT_STATE,
      dockerfile: "FROM tiny:1\nCOPY . /app\n",
      files: { "app.txt": "app\n", "debug.log": "x\n", ".dockerignore": "*.log\n" },
    };
    const session = createPlaygroundSession();
    const first = buildPlayground(session, state);
    expect(first.tree).toEqual(expect.arrayContaining(["  Dockerfile", "  app.txt", "  .dockerignore"]));
    expect(first.tree).not.toContain("  debug.log");
    const logEdited = buildPlayground(session, { ...state, files: { ...state.files, "debug.log": "y\n" } });
    expect(logEdited.steps.map((step) => step.cache)).not.toContain("miss");
    const dockerfileEdited = buildPlayground(session, {
      ...state,
      dockerfile: `${state.dockerfile}# edited\n`,
    });
    expect(dockerfileEdited.steps.find((step) => step.cache === "miss")?.instruction).toBe("COPY . /app");
  });

  it("refuses a .dockerignore that does not parse, naming the file and line", () => {
    const view = buildPlayground(createPlaygroundSession(), {
      ...DEFAULT_STATE,
      files: { ...DEFAULT_STATE.files, ".dockerignore": "*.log\n!\n" },
    });
    expect(view.ok).toBe(false);
    expect(view.problems.join("\n")).toMatch(/\.dockerignore:2:\d+.*illegal exclusion pattern/);
  });

  it("round-trips the state through a share link and refuses a damaged one", () => {
    const hash = encodeState(DEFAULT_STATE);
    expect(decodeState(`#${hash}`)).toEqual({ state: DEFAULT_STATE });
    expect(decodeState("#s=AAAA")).toEqual({
      problem: "this playground link is damaged (it could not be decompressed)",
    });
    expect(decodeState("")).toEqual({ problem: "no playground state in this link" });
  });
});

describe("playground challenges", () => {
  it("fails the starting project and passes a solution, as the engine builds them", async () => {
    const { CHALLENGES, checkChallenge } = await import("./playground-challenges.ts");
    const reuse = CHALLENGES.find((challenge) => challenge.id === "reuse-after-edit");
    const small = CHALLENGES.find((challenge) => challenge.id === "small-image");
    if (!reuse || !small) throw new Error("challenges missing");
    expect(checkChallenge(reuse.id, reuse.start)).toMatchObject({ passed: false });
    const reordered = {
      ...reuse.start,
      dockerfile:
        'FROM tiny:1\nWORKDIR /app\nCOPY deps.txt ./\nRUN echo "installing $(cat deps.txt)" > installed\nCOPY app.txt ./\nRUN cat app.txt > built\n',
    };
    expect(checkChallenge(reuse.id, reordered)).toMatchObject({ passed: true });
    expect(checkChallenge(small.id, small.start)).toMatchObject({ passed: false });
    const oneStep = {
      ...small.start,
      dockerfile:
        "FROM busybox:1.37\nRUN head -c 1000000 /dev/zero > /scratch.bin && wc -c /scratch.bin > /size.txt && rm /scratch.bin\n",
    };
    expect(checkChallenge(small.id, oneStep)).toMatchObject({ passed: true });
    expect(checkChallenge("nope", small.start)).toEqual({
      passed: false,
      message: 'There is no challenge "nope".',
    });
  });
});
