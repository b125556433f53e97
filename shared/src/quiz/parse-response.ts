/**
 * Typed answers (a bot modal, a terminal prompt) → a QuizResponse, or a problem that says what to
 * type: `b`, `B, d`, `c a b`, `3 1 2`, `true`, `2.5 MB`, free text.
 */
import type { QuestionView, QuizResponse } from "./types.ts";

const UNIT_BYTES: Readonly<Record<string, number>> = { b: 1, kb: 1000, mb: 1_000_000, gb: 1_000_000_000 };

function tokens(input: string): string[] {
  return input
    .split(/[\s,;]+/)
    .map((token) => token.trim().replace(/[.)]$/, ""))
    .filter((token) => token !== "");
}

/** Parses `input` for `view`'s answer mode. */
export function parseResponse(view: QuestionView, input: string): QuizResponse | { problem: string } {
  const text = input.trim();
  if (text === "") return { problem: "The answer is empty." };
  const choices = view.choices ?? [];
  const ids = choices.map((choice) => choice.id);
  switch (view.mode) {
    case "true-false": {
      const word = text.toLowerCase();
      if (["true", "t", "yes", "y"].includes(word)) return { mode: "true-false", choiceIds: ["true"] };
      if (["false", "f", "no", "n"].includes(word)) return { mode: "true-false", choiceIds: ["false"] };
      return { problem: "Answer true or false." };
    }
    case "single":
    case "multiple": {
      const picked = tokens(text).map((token) => token.toLowerCase());
      const unknown = picked.filter((id) => !ids.includes(id));
      if (unknown.length > 0)
        return { problem: `Choose from ${ids.join(", ")} (not ${unknown.join(", ")}).` };
      if (new Set(picked).size !== picked.length) return { problem: "Each choice once, please." };
      if (view.mode === "single" && picked.length !== 1)
        return { problem: `Choose one of ${ids.join(", ")}.` };
      return { mode: view.mode, choiceIds: picked };
    }
    case "ordering": {
      const given = tokens(text).map((token) => token.toLowerCase());
      // Numbers are positions in the list as shown (1-based); letters are the items' ids.
      const order = given.map((token) =>
        /^\d+$/.test(token) ? (ids[Number(token) - 1] ?? `#${token}`) : token,
      );
      const unknown = order.filter((id) => !ids.includes(id));
      if (unknown.length > 0)
        return { problem: `Use the letters ${ids.join(", ")} or positions 1–${ids.length}.` };
      if (new Set(order).size !== order.length || order.length !== ids.length) {
        return {
          problem: `Give all ${ids.length} items in your order, each once (e.g. ${[...ids].reverse().join(" ")}).`,
        };
      }
      return { mode: "ordering", order };
    }
    case "numeric": {
      const match = /^(-?\d+(?:[.,]\d+)?)\s*([a-zA-Z]*)$/.exec(text.replace(/\s+/g, " "));
      if (!match) return { problem: `Give a number${view.unit ? ` in ${view.unit}` : ""}.` };
      let value = Number((match[1] as string).replace(",", "."));
      const unit = (match[2] ?? "").toLowerCase();
      if (unit !== "") {
        const wanted = (view.unit ?? "").toLowerCase();
        if (unit !== wanted) {
          const from = UNIT_BYTES[unit];
          const to = UNIT_BYTES[wanted];
          if (from === undefined || to === undefined) {
            return { problem: view.unit ? `Give the number in ${view.unit}.` : "Give a plain number." };
          }
          value = (value * from) / to;
        }
      }
      return { mode: "numeric", value };
    }
    case "text":
      return { mode: "text", text };
    case "open":
      return { mode: "open", text };
  }
}
