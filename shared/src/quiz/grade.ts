/**
 * Grading: a response against an answer key → a Grade with the score, what was expected, the
 * explanation, per-choice feedback and, for open answers, the rubric points covered and missed.
 * Never throws: a response of the wrong kind or an empty one is graded 0 with a `problem`.
 */
import type { RubricPoint } from "../core/content-model.ts";
import {
  type AnswerToken,
  findPhrase,
  inOneClause,
  isNegated,
  keywordListSentences,
  normalizeAnswerText,
  stemmedWords,
  tokenizeAnswer,
} from "./normalize.ts";
import type { AnswerKey, ChoiceFeedback, Grade, QuizResponse } from "./types.ts";

/** An open answer passes when it covers this share of the rubric's weight. */
export const OPEN_PASS_SCORE = 0.7;

function baseGrade(key: AnswerKey): Omit<Grade, "correct" | "score"> {
  return {
    questionId: key.questionId,
    variant: key.variant,
    expected: key.expected,
    explanation: key.explanation,
    reasons: key.reasons,
  };
}

function problem(key: AnswerKey, message: string): Grade {
  return { ...baseGrade(key), correct: false, score: 0, problem: message };
}

const MODE_NAMES = {
  single: "one choice",
  multiple: "one or more choices",
  "true-false": "true or false",
  ordering: "an order of all the items",
  numeric: "a number",
  text: "a short text",
  open: "a written answer",
} as const;

/**
 * Grades `response` against `key`.
 * @example gradeAnswer(key, { mode: "single", choiceIds: ["b"] }).correct
 */
export function gradeAnswer(key: AnswerKey, response: QuizResponse): Grade {
  const sameMode =
    response.mode === key.mode ||
    (key.mode === "text" && response.mode === "open") ||
    (key.mode === "open" && response.mode === "text");
  if (!sameMode) return problem(key, `This question takes ${MODE_NAMES[key.mode]}.`);
  switch (key.mode) {
    case "single":
    case "true-false":
    case "multiple":
      return gradeChoices(
        key,
        response.mode === "single" || response.mode === "multiple" || response.mode === "true-false"
          ? response.choiceIds
          : [],
      );
    case "ordering":
      return gradeOrder(key, response.mode === "ordering" ? response.order : []);
    case "numeric": {
      if (response.mode !== "numeric" || !Number.isFinite(response.value))
        return problem(key, "Give a number.");
      const numeric = key.numeric ?? { answer: Number.NaN, tolerance: 0 };
      const correct = Math.abs(response.value - numeric.answer) <= numeric.tolerance + 1e-9;
      return { ...baseGrade(key), correct, score: correct ? 1 : 0 };
    }
    case "text": {
      const text = response.mode === "text" || response.mode === "open" ? response.text : "";
      if (text.trim() === "") return problem(key, "The answer is empty.");
      const given = normalizeAnswerText(text);
      const correct = (key.accepted ?? []).some((accepted) => normalizeAnswerText(accepted) === given);
      return { ...baseGrade(key), correct, score: correct ? 1 : 0 };
    }
    case "open":
      return gradeOpen(key, response.mode === "text" || response.mode === "open" ? response.text : "");
  }
}

function gradeChoices(key: AnswerKey, chosenIds: readonly string[]): Grade {
  const correctIds = new Set(key.correctChoiceIds ?? []);
  const chosen = new Set(chosenIds);
  if (chosen.size === 0) return problem(key, "Choose an answer.");
  const known = new Set([...Object.keys(key.choiceTexts ?? {}), ...correctIds]);
  const unknown = [...chosen].filter((id) => !known.has(id));
  if (unknown.length > 0) return problem(key, `There is no choice ${unknown.join(", ")}.`);
  if (key.mode !== "multiple" && chosen.size > 1) return problem(key, "Choose exactly one answer.");
  const right = [...chosen].filter((id) => correctIds.has(id)).length;
  const wrong = chosen.size - right;
  const correct = right === correctIds.size && wrong === 0;
  const score =
    key.mode === "multiple" ? Math.max(0, (right - wrong) / Math.max(1, correctIds.size)) : correct ? 1 : 0;
  const texts = key.choiceTexts ?? {};
  const choices: ChoiceFeedback[] = Object.entries(texts).map(([id, text]) => ({
    id,
    text,
    correct: correctIds.has(id),
    chosen: chosen.has(id),
    why: key.choiceReasons?.[id] ?? (correctIds.has(id) ? "Right." : "Not this one."),
  }));
  return { ...baseGrade(key), correct, score, ...(choices.length > 0 ? { choices } : {}) };
}

/**
 * Ordering: correct only when identical; partial credit is the longest run of items already in the
 * right relative order (longest increasing subsequence), so one misplaced item costs one item.
 */
function gradeOrder(key: AnswerKey, order: readonly string[]): Grade {
  const expected = key.order ?? [];
  if (
    order.length !== expected.length ||
    new Set(order).size !== order.length ||
    order.some((id) => !expected.includes(id))
  ) {
    return problem(key, `Give all ${expected.length} items, each once.`);
  }
  const positions = order.map((id) => expected.indexOf(id));
  const tails: number[] = [];
  for (const position of positions) {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((tails[middle] as number) < position) low = middle + 1;
      else high = middle;
    }
    tails[low] = position;
  }
  const correct = positions.every((position, index) => position === index);
  return { ...baseGrade(key), correct, score: expected.length === 0 ? 0 : tails.length / expected.length };
}

/**
 * An open answer against its rubric. A point is covered when one of its phrasings stands in the
 * answer and is not denied ("an image is *not* read-only" covers nothing), with one of its
 * `requires` mechanism phrasings in the same sentence when it has them. A point stated wrongly
 * (one of its `contradicts` phrasings, not denied) counts against the score and fails the answer.
 * Sentences that are bare lists of keywords cover nothing; an answer made only of them is told so.
 */
function gradeOpen(key: AnswerKey, text: string): Grade {
  const rubric = key.rubric ?? { points: [], modelAnswer: "", followUps: [] };
  if (text.trim() === "")
    return {
      ...problem(key, "The answer is empty."),
      covered: [],
      missed: rubric.points,
      followUps: rubric.followUps,
    };
  const tokens = tokenizeAnswer(text);
  const keywordLists = keywordListSentences(tokens);
  const words = tokens.map((token) => token.stem);
  /** Sentences in which one of `phrases` stands, not denied, outside keyword lists. */
  const statedIn = (phrases: readonly string[], oneClause = false): Set<number> => {
    const sentences = new Set<number>();
    for (const phrase of phrases)
      for (const positions of findPhrase(words, stemmedWords(phrase))) {
        const sentence = (tokens[positions[0] as number] as AnswerToken).sentence;
        if (keywordLists.has(sentence) || isNegated(tokens, positions)) continue;
        if (oneClause && !inOneClause(tokens, positions)) continue;
        sentences.add(sentence);
      }
    return sentences;
  };
  // A wrong claim is read within one clause, so that two right ones side by side never make it up.
  const contradicted = rubric.points.filter(
    (point) => point.contradicts !== undefined && statedIn(point.contradicts, true).size > 0,
  );
  const covered = rubric.points.filter((point) => {
    if (contradicted.includes(point)) return false;
    const sentences = statedIn(point.phrases);
    if (point.requires === undefined) return sentences.size > 0;
    const mechanism = statedIn(point.requires);
    return [...sentences].some((sentence) => mechanism.has(sentence));
  });
  const missed = rubric.points.filter((point) => !covered.includes(point));
  const weightOf = (points: readonly RubricPoint[]) => points.reduce((sum, point) => sum + point.weight, 0);
  const total = weightOf(rubric.points);
  const score = total === 0 ? 0 : Math.max(0, weightOf(covered) - weightOf(contradicted)) / total;
  const onlyKeywords = tokens.length > 0 && tokens.every((token) => keywordLists.has(token.sentence));
  return {
    ...baseGrade(key),
    correct: score >= OPEN_PASS_SCORE && contradicted.length === 0,
    score,
    covered,
    missed,
    ...(contradicted.length > 0 ? { contradicted } : {}),
    followUps: rubric.followUps,
    ...(onlyKeywords
      ? { problem: "This is a list of keywords; explain the mechanism in sentences." }
      : contradicted.length > 0
        ? { problem: `Not right: ${contradicted.map((point) => point.text).join(" ")}` }
        : {}),
  };
}
