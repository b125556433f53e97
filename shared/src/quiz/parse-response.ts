/**
 * Typed answers (a bot modal, a terminal prompt) → a QuizResponse, or a problem that says what to
 * type: `b`, `B, d`, `bd`, `c a b`, `3 1 2`, `true`, `2.5 MB`, free text.
 */
import type { QuestionView, QuizResponse } from "./types.ts";

/** Byte units a size may be typed in; a size in another byte unit is converted (2500 kB → 2.5 MB). */
const UNIT_BYTES: Readonly<Record<string, number>> = { b: 1, kb: 1000, mb: 1_000_000, gb: 1_000_000_000 };

/**
 * Splits a typed list on spaces, commas and semicolons, dropping brackets and a `.` after a letter
 * (`b)`, `(c)`, `d.`). A run of letters that are all choice ids (`bd`, `cab`) is read as one id each.
 */
function tokens(input: string, ids: readonly string[]): string[] {
  return input
    .split(/[\s,;]+/)
    .map((token) =>
      token
        .trim()
        .toLowerCase()
        .replace(/^\(|[.)]$/g, ""),
    )
    .filter((token) => token !== "")
    .flatMap((token) =>
      !ids.includes(token) && /^[a-z]{2,}$/.test(token) && [...token].every((char) => ids.includes(char))
        ? [...token]
        : [token],
    );
}

const duplicatesOf = (values: readonly string[]) => [
  ...new Set(values.filter((value, index) => values.indexOf(value) !== index)),
];

/** Parses `input` for `view`'s answer mode. */
export function parseResponse(view: QuestionView, input: string): QuizResponse | { problem: string } {
  const text = input.trim();
  if (text === "") return { problem: "The answer is empty." };
  const ids = (view.choices ?? []).map((choice) => choice.id);
  switch (view.mode) {
    case "true-false": {
      const word = text.toLowerCase().replace(/[.!]$/, "");
      if (["true", "t", "yes", "y"].includes(word)) return { mode: "true-false", choiceIds: ["true"] };
      if (["false", "f", "no", "n"].includes(word)) return { mode: "true-false", choiceIds: ["false"] };
      return { problem: "Answer true or false." };
    }
    case "single":
    case "multiple": {
      const picked = tokens(text, ids);
      const unknown = picked.filter((id) => !ids.includes(id));
      if (unknown.length > 0)
        return { problem: `Choose from ${ids.join(", ")} (there is no ${unknown.join(", ")}).` };
      const duplicates = duplicatesOf(picked);
      if (duplicates.length > 0)
        return { problem: `You chose ${duplicates.join(", ")} twice; name each once.` };
      if (view.mode === "single" && picked.length !== 1)
        return { problem: `Choose one of ${ids.join(", ")}.` };
      return { mode: view.mode, choiceIds: picked };
    }
    case "ordering": {
      const given = tokens(text, ids);
      // Numbers are positions in the list as shown (1-based); letters are the items' ids.
      const order = given.map((token) =>
        /^\d+$/.test(token) ? (ids[Number(token) - 1] ?? `#${token}`) : token,
      );
      const unknown = given.filter((_token, index) => !ids.includes(order[index] as string));
      if (unknown.length > 0) {
        return {
          problem: `There is no item ${unknown.join(", ")}: use the letters ${ids.join(", ")} or positions 1–${ids.length}.`,
        };
      }
      const duplicates = duplicatesOf(order);
      if (duplicates.length > 0)
        return { problem: `${duplicates.join(", ")} appears twice; give each item once.` };
      const missing = ids.filter((id) => !order.includes(id));
      if (missing.length > 0) {
        return {
          problem: `Give all ${ids.length} items in your order; ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing.`,
        };
      }
      return { mode: "ordering", order };
    }
    case "numeric": {
      const match = /^([-+]?\d+(?:[.,]\d+)?)\s*([a-zA-Z]*)\.?$/.exec(text);
      if (!match) return { problem: `Give a number${view.unit ? ` in ${view.unit}` : ""}, e.g. 3 or 2.5.` };
      let value = Number((match[1] as string).replace(",", "."));
      const typed = match[2] ?? "";
      const unit = typed.toLowerCase();
      const wanted = (view.unit ?? "").toLowerCase();
      if (unit !== "" && unit !== wanted) {
        const from = UNIT_BYTES[unit];
        const to = UNIT_BYTES[wanted];
        if (from === undefined || to === undefined) {
          return {
            problem: view.unit
              ? `Give the number in ${view.unit} (not ${typed}).`
              : `Give a plain number, without "${typed}".`,
          };
        }
        value = (value * from) / to;
      }
      return { mode: "numeric", value };
    }
    case "text":
      return { mode: "text", text };
    case "open":
      return { mode: "open", text };
  }
}
