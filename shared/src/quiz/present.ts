/**
 * A question as a learner sees it (`view`) and what grading needs (`key`). Choices are shuffled by
 * the seed, so the same seed replays the same quiz; scenario questions go to the engine.
 */
import type { Question } from "../core/content-model.ts";
import { createRandom } from "../core/random.ts";
import { presentationProfile } from "./profiles.ts";
import { type PresentOptions, presentScenarioQuestion } from "./scenario-question.ts";
import type { AnswerKey, AnswerMode, PresentedQuestion, QuestionView, ViewChoice } from "./types.ts";

const letter = (index: number) => String.fromCharCode(97 + index);

/**
 * Presents `question` with its choices in a seeded order; a scenario question's answer is computed
 * for `options.profile` (see `PresentOptions`). Any question asked for a profile it does not claim
 * is an `UnclaimedProfileError`.
 */
export function presentQuestion(question: Question, options: PresentOptions): PresentedQuestion {
  if (question.kind === "scenario") return presentScenarioQuestion(question, options);
  presentationProfile(question, options.profile);
  const random = createRandom(options.seed);
  const base = {
    questionId: question.id,
    variant: 0,
    topic: question.topic,
    difficulty: question.difficulty,
    kind: question.kind,
    prompt: question.prompt,
    lesson: question.lesson,
  };
  const keyBase = {
    questionId: question.id,
    variant: 0,
    explanation: question.explanation,
    reasons: [] as string[],
    ...(question.verify === undefined ? {} : { verify: question.verify }),
  };
  const mode: AnswerMode = question.kind;
  switch (question.kind) {
    case "single":
    case "multiple": {
      const options_ = random.shuffle(question.options ?? []);
      const choices: ViewChoice[] = options_.map((option, index) => ({
        id: letter(index),
        text: option.text,
      }));
      const correct = options_.flatMap((option, index) => (option.correct ? [letter(index)] : []));
      const view: QuestionView = { ...base, mode, choices };
      const key: AnswerKey = {
        ...keyBase,
        mode,
        correctChoiceIds: correct,
        choiceReasons: Object.fromEntries(options_.map((option, index) => [letter(index), option.why])),
        choiceTexts: Object.fromEntries(choices.map((choice) => [choice.id, choice.text])),
        expected: correct
          .map((id) => `${id}) ${choices.find((choice) => choice.id === id)?.text}`)
          .join("; "),
      };
      return { view, key };
    }
    case "true-false": {
      const choices = [
        { id: "true", text: "True" },
        { id: "false", text: "False" },
      ];
      const answer = question.answer === true ? "true" : "false";
      return {
        view: { ...base, mode, choices },
        key: {
          ...keyBase,
          mode,
          correctChoiceIds: [answer],
          choiceTexts: { true: "True", false: "False" },
          // The explanation says why; the per-choice line only has to say which side it is on.
          choiceReasons: { true: `The statement is ${answer}.`, false: `The statement is ${answer}.` },
          expected: answer === "true" ? "True" : "False",
        },
      };
    }
    case "ordering": {
      const items = question.items ?? [];
      const indices = items.map((_item, index) => index);
      let shown = random.shuffle(indices);
      // A shuffle that happens to be the answer gives the answer away: rotate it.
      if (shown.length > 1 && shown.every((itemIndex, position) => itemIndex === position))
        shown = [...shown.slice(1), shown[0] as number];
      // Ids follow the shown order (as for other choices), so the letters never spell the answer.
      const choices = shown.map((itemIndex, position) => ({
        id: letter(position),
        text: items[itemIndex] as string,
      }));
      const order = indices.map((itemIndex) => letter(shown.indexOf(itemIndex)));
      return {
        view: { ...base, mode, choices },
        key: {
          ...keyBase,
          mode,
          order,
          choiceTexts: Object.fromEntries(choices.map((choice) => [choice.id, choice.text])),
          expected: order.map((id, index) => `${index + 1}. ${id}) ${items[index]}`).join("\n"),
        },
      };
    }
    case "numeric": {
      const numeric = question.numeric ?? { answer: 0, tolerance: 0 };
      return {
        view: { ...base, mode, ...(numeric.unit === undefined ? {} : { unit: numeric.unit }) },
        key: {
          ...keyBase,
          mode,
          numeric,
          expected: `${numeric.answer}${numeric.unit ? ` ${numeric.unit}` : ""}`,
        },
      };
    }
    case "text": {
      const accepted = question.accepted ?? [];
      return { view: { ...base, mode }, key: { ...keyBase, mode, accepted, expected: accepted[0] ?? "" } };
    }
    case "open": {
      const rubric = question.rubric ?? { points: [], modelAnswer: "", followUps: [] };
      return { view: { ...base, mode }, key: { ...keyBase, mode, rubric, expected: rubric.modelAnswer } };
    }
  }
}

/**
 * A hint for a presented question: for choice questions, one wrong option to rule out; for open
 * questions, a key point; otherwise the lesson section to reread.
 */
export function hintFor(presented: PresentedQuestion, hintNumber: number): string {
  const { view, key } = presented;
  const wrong = (view.choices ?? []).filter((choice) => !(key.correctChoiceIds ?? []).includes(choice.id));
  if ((view.mode === "single" || view.mode === "multiple") && wrong.length > 1) {
    const ruledOut = wrong[Math.min(hintNumber, wrong.length - 2)];
    if (ruledOut)
      return `It is not ${ruledOut.id.toUpperCase()}: ${key.choiceReasons?.[ruledOut.id] ?? ruledOut.text}`;
  }
  const point = key.rubric?.points[hintNumber];
  if (view.mode === "open" && point) return `Mention this: ${point.text}`;
  const section = view.lesson.section ? `#${view.lesson.section}` : "";
  return `Reread the lesson ${view.lesson.id}${section}.`;
}
