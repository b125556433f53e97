import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AnswerKey } from "@layercake/shared/quiz";
import { describe, expect, it } from "vitest";
import { busyMessage, JobAdmission } from "./engine-jobs.ts";
import { withChoiceReasons } from "./explain-choices.ts";

describe("the discord-free folder", () => {
  it("imports neither discord.js nor discord-api-types", () => {
    const folder = import.meta.dirname;
    for (const file of readdirSync(folder).filter((name) => name.endsWith(".ts"))) {
      const text = readFileSync(join(folder, file), "utf8");
      expect(text, file).not.toMatch(/from "discord(\.js|-api-types)/);
    }
  });
});

describe("engine job admission", () => {
  it("bounds jobs per user and overall, and says when to try again", () => {
    const admission = new JobAdmission({ perUser: 1, global: 2, threads: 1 });
    expect(admission.admit("a")).toEqual({ busy: false });
    expect(admission.admit("a")).toEqual({ busy: true, why: "you", retryAfterSeconds: 1 });
    expect(admission.admit("b")).toEqual({ busy: false });
    const full = admission.admit("c");
    expect(full).toMatchObject({ busy: true, why: "everyone" });
    admission.release("a", 4000);
    expect(admission.pending()).toBe(1);
    expect(admission.admit("c")).toEqual({ busy: false });
    // The estimate follows the jobs' durations: 0.8 × 1 s + 0.2 × 4 s = 1.6 s per job.
    expect(admission.admit("d")).toEqual({ busy: true, why: "everyone", retryAfterSeconds: 2 });
    expect(busyMessage({ busy: true, why: "everyone", retryAfterSeconds: 2 } as never)).toBe(
      "Layercake's engine is busy with other players' builds; try again in 2 s.",
    );
  });
});

describe("explanations for engine-computed choices", () => {
  const base: AnswerKey = {
    questionId: "q",
    variant: 0,
    mode: "single",
    expected: "RUN make",
    explanation: "",
    reasons: [],
  };

  it("gives each step choice the engine's line for that step", () => {
    const key = withChoiceReasons({
      ...base,
      correctChoiceIds: ["b"],
      choiceTexts: { a: "COPY . .", b: "RUN make", c: "None: every step comes from the cache" },
      reasons: ["COPY . .: cached (the files are unchanged)", "RUN make: runs (its input changed)"],
    });
    expect(key.choiceReasons).toEqual({
      a: "COPY . .: cached (the files are unchanged); the answer is RUN make.",
      b: "RUN make: runs (its input changed)",
      c: "Not every step comes from the cache: RUN make: runs (its input changed).",
    });
  });

  it("answers a wrong 'already optimal' with the move that does better", () => {
    const best = "Move `COPY app.txt ./` after `RUN make`";
    const key = withChoiceReasons({
      ...base,
      expected: best,
      correctChoiceIds: ["a"],
      choiceTexts: { a: best, b: "It is already optimal: no single move makes the rebuild run fewer steps" },
      reasons: [
        "As written, the rebuild after the edit runs 3 step(s).",
        `${best}: the rebuild runs 1 step(s).`,
      ],
    });
    expect(key.choiceReasons?.b).toBe(
      `A move does better. As written, the rebuild after the edit runs 3 step(s). ${best}: the rebuild runs 1 step(s).`,
    );
  });

  it("explains wrong docker diff lines by what the command did to that path", () => {
    const key = withChoiceReasons({
      ...base,
      mode: "multiple",
      expected: "C /etc, A /etc/x",
      correctChoiceIds: ["a", "b"],
      choiceTexts: { a: "C /etc", b: "A /etc/x", c: "D /etc/x", d: "A /usr/bin/tool" },
      reasons: ["/etc/x was created by the command in the writable layer"],
    });
    expect(key.choiceReasons?.c).toBe(
      "docker diff lists this path as `A /etc/x`, not `D /etc/x`: /etc/x was created by the command in the writable layer",
    );
    expect(key.choiceReasons?.d).toMatch(/^The command never wrote \/usr\/bin\/tool/);
  });
});
