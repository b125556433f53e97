/** Inline questions for the quiz core's tests. */
import type { Question } from "../../src/core/content-model.ts";

const location = { file: "content/questions/test.md", line: 1, column: 1 };

export function question(overrides: Partial<Question> & Pick<Question, "id" | "kind">): Question {
  return {
    topic: "build-cache",
    tags: ["cache"],
    difficulty: "medium",
    prompt: "Prompt",
    explanation: "Explanation.",
    lesson: { id: "build-cache", section: "how-copy-is-cached" },
    location,
    ...overrides,
  };
}

export const single = question({
  id: "touch-cache",
  kind: "single",
  options: [
    { text: "Everything runs again", correct: false, why: "mtime is not in the checksum." },
    { text: "Every step is cached", correct: true, why: "Content, mode and name are unchanged." },
    { text: "Only RUN runs again", correct: false, why: "Nothing invalidated it." },
  ],
});

export const multiple = question({
  id: "layer-makers",
  kind: "multiple",
  options: [
    { text: "RUN", correct: true, why: "It changes files." },
    { text: "COPY", correct: true, why: "It adds files." },
    { text: "ENV", correct: false, why: "Config only." },
    { text: "LABEL", correct: false, why: "Config only." },
  ],
});

export const ordering = question({
  id: "order",
  kind: "ordering",
  items: ["FROM", "COPY package.json", "RUN npm ci", "COPY . ."],
});
export const numeric = question({ id: "count", kind: "numeric", numeric: { answer: 3, tolerance: 0 } });
export const text = question({ id: "whiteout", kind: "text", accepted: [".wh..wh..opq"] });
export const trueFalse = question({
  id: "rm-shrinks",
  kind: "true-false",
  answer: false,
  topic: "whiteouts",
});
export const open = question({
  id: "explain-cow",
  kind: "open",
  topic: "copy-on-write",
  lesson: { id: "copy-on-write" },
  rubric: {
    points: [
      {
        id: "whole-file",
        text: "Copy-up copies the whole file.",
        phrases: ["whole file", "entire file"],
        weight: 2,
      },
      {
        id: "first-write",
        text: "It happens on the first write.",
        phrases: ["first write", "first time it is written"],
        weight: 1,
      },
      { id: "metadata", text: "chmod also copies up.", phrases: ["chmod", "metadata change"], weight: 1 },
    ],
    modelAnswer: "On the first write, OverlayFS copies the whole file up; chmod too.",
    followUps: ["What happens on chmod?"],
  },
});
