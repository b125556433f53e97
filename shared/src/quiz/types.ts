/**
 * The quiz core's vocabulary: what a learner sees of a question (`QuestionView`), what grading
 * needs and never ships to a learner's screen before the answer (`AnswerKey`), what they answer
 * (`QuizResponse`) and what comes back (`Grade`). Shared by the site, the bot and the terminal.
 */
import type { Builder, Difficulty, DockerProfile, RubricPoint } from "../core/content-model.ts";

/** How an answer is given; a scenario question is answered in one of the other modes. */
export type AnswerMode = "single" | "multiple" | "true-false" | "ordering" | "numeric" | "text" | "open";

export interface ViewChoice {
  /** Stable within one presentation: `a`, `b`, `c`, … in presented order. */
  id: string;
  text: string;
}

/** The scenario as shown to a learner: what they need to reason about it, no answers. */
export interface ScenarioView {
  builder: Builder;
  dockerfile: string;
  files: Record<string, string>;
  edits: Record<string, string>;
  /** The command the question is about, when it has one. */
  command?: string;
}

export interface QuestionView {
  questionId: string;
  /** Which seeded variant this is (parameterised scenarios); 0 otherwise. */
  variant: number;
  topic: string;
  difficulty: Difficulty;
  /** `scenario` for engine-computed questions; `mode` says how to answer. */
  kind: "single" | "multiple" | "true-false" | "ordering" | "numeric" | "text" | "open" | "scenario";
  mode: AnswerMode;
  /** Markdown, parameters substituted. */
  prompt: string;
  /** single, multiple, true-false (`true`/`false` ids), ordering (shuffled items). */
  choices?: ViewChoice[];
  unit?: string;
  scenario?: ScenarioView;
  /** Scenario questions: the Docker profile the answer was computed for (the learner's). */
  profile?: DockerProfile;
  lesson: { id: string; section?: string };
}

export interface AnswerKey {
  questionId: string;
  variant: number;
  mode: AnswerMode;
  /** single / multiple / true-false: the ids of the correct choices. */
  correctChoiceIds?: string[];
  /** Per choice id: why it is right or wrong. */
  choiceReasons?: Record<string, string>;
  /** Per choice id: its text, for feedback that names what was chosen. */
  choiceTexts?: Record<string, string>;
  /** ordering: choice ids in the correct order. */
  order?: string[];
  numeric?: { answer: number; tolerance: number; unit?: string };
  accepted?: string[];
  rubric?: { points: RubricPoint[]; modelAnswer: string; followUps: string[] };
  /** The expected answer in words, e.g. `3`, `b, d`, `hello`. */
  expected: string;
  explanation: string;
  /** For scenario questions: the engine's reasons (cache decisions, copy-ups, …). */
  reasons: string[];
  verify?: string;
  /** Scenario questions: the Docker profile the key was computed for. */
  profile?: DockerProfile;
}

export interface PresentedQuestion {
  view: QuestionView;
  key: AnswerKey;
}

export type QuizResponse =
  | { mode: "single" | "multiple" | "true-false"; choiceIds: string[] }
  | { mode: "ordering"; order: string[] }
  | { mode: "numeric"; value: number }
  | { mode: "text" | "open"; text: string };

export interface ChoiceFeedback {
  id: string;
  text: string;
  correct: boolean;
  chosen: boolean;
  why: string;
}

export interface Grade {
  questionId: string;
  variant: number;
  correct: boolean;
  /** 0..1; partial credit for multiple select, ordering and open answers. */
  score: number;
  expected: string;
  explanation: string;
  reasons: string[];
  choices?: ChoiceFeedback[];
  /** open answers: which rubric points the answer covered and which it missed. */
  covered?: RubricPoint[];
  missed?: RubricPoint[];
  /** open answers: the points the answer states wrongly (one of their `contradicts` phrasings). */
  contradicted?: RubricPoint[];
  followUps?: string[];
  /** A one-line problem with the response itself (wrong mode, empty text), when there is one. */
  problem?: string;
}
