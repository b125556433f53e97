/**
 * The typed form of everything a learner reads or answers: lessons and questions as the content
 * loader (`src/content/`) produces them from `content/`. The quiz core, the scenario runner, the
 * site and the bot all read these shapes; none of them parse Markdown themselves.
 */

/** Where something came from in `content/`, for diagnostics and "edit this page" links. */
export interface SourceLocation {
  /** Repository-relative path, e.g. `content/questions/build-cache.md`. */
  file: string;
  line: number;
  column: number;
}

export interface Track {
  id: string;
  title: string;
  description: string;
  order: number;
}

export interface LessonSource {
  title: string;
  url: string;
}

export interface LessonSection {
  /** The anchor slug (github-slugger of the heading text), what question `lesson` links name. */
  slug: string;
  title: string;
  depth: 2 | 3;
}

export type Builder = "classic" | "buildkit";

/** One step of a scenario, in document order: write a file, or run commands in the terminal. */
export type ScenarioStep =
  | { kind: "write"; path: string; content: string; location: SourceLocation }
  | { kind: "run"; commands: string[]; location: SourceLocation }
  | { kind: "diagram"; image: string; location: SourceLocation };

/** A scenario of a lesson: the blocks sharing one `scenario=` name, run top to bottom. */
export interface LessonScenario {
  name: string;
  builder: Builder;
  steps: ScenarioStep[];
}

export interface Lesson {
  id: string;
  track: string;
  /** Position inside the track (from the `nn-` file name prefix). */
  order: number;
  title: string;
  summary: string;
  objectives: string[];
  sources: LessonSource[];
  /** Ids of the questions that test this lesson (filled in by the library from the banks). */
  questionIds: string[];
  sections: LessonSection[];
  /** The body as written (Markdown), scenario blocks included. */
  markdown: string;
  scenarios: LessonScenario[];
  location: SourceLocation;
}

export type Difficulty = "easy" | "medium" | "hard";

/**
 * The Docker set-ups a question's answer can hold for: engine version and image store. A fresh
 * Engine 29 or Docker Desktop uses the containerd image store (`26.1-containerd` is the closest one
 * observed); an upgraded engine keeps overlay2.
 */
export const DOCKER_PROFILES = ["26.1-containerd", "26.1-overlay2", "20.10-overlay2"] as const;
export type DockerProfile = (typeof DOCKER_PROFILES)[number];

export type QuestionKind =
  | "single"
  | "multiple"
  | "true-false"
  | "ordering"
  | "numeric"
  | "text"
  | "open"
  | "scenario";

export interface ChoiceOption {
  text: string;
  correct: boolean;
  /** Why this option is right or wrong: every option is explained. */
  why: string;
}

export interface RubricPoint {
  id: string;
  /** The key point as a model sentence. */
  text: string;
  /** Accepted phrasings; a point is covered when the answer contains one, not denied (normalised). */
  phrases: string[];
  /** The mechanism: when given, one of these must also stand, not denied, in the phrase's sentence. */
  requires?: string[];
  /** Wrong claims about this point; one stated, not denied, anywhere voids the point and fails the answer. */
  contradicts?: string[];
  weight: number;
}

export interface Rubric {
  points: RubricPoint[];
  modelAnswer: string;
  followUps: string[];
}

/** What a scenario question asks; the engine computes the answer from the scenario. */
export type ScenarioAsk =
  /** Filesystem layers of the final image: `added` by the Dockerfile, or `total` including the base. */
  | { kind: "layer-count"; image?: string; count: "added" | "total" }
  /** Rows of `docker history` for the final image. */
  | { kind: "history-count"; image?: string }
  /** After the edits, which build steps execute (are not cached). Answered as a multiple select. */
  | { kind: "steps-run" }
  /** After the edits, the first instruction that misses the cache. Answered as a single choice. */
  | { kind: "first-miss" }
  /** `docker diff` of a container after `command` runs. Answered as a multiple select of lines. */
  | { kind: "diff"; command: string }
  /** The output of `command` in a container of the final image. Answered as text. */
  | { kind: "output"; command: string }
  /** The exit code of `command` in a container of the final image. Answered as a number. */
  | { kind: "exit-code"; command: string }
  /** The image's size (docker images SIZE), answered in `unit` with a tolerance in percent. */
  | { kind: "image-size"; unit: "B" | "kB" | "MB"; tolerancePercent: number }
  /** The container's writable-layer size (ps -s) after `command`, in `unit`. */
  | { kind: "container-size"; command: string; unit: "B" | "kB" | "MB"; tolerancePercent: number }
  /** Which single move of an instruction makes the rebuild after the edits run the fewest steps. */
  | { kind: "best-order" };

export interface ScenarioSpec {
  builder: Builder;
  dockerfile: string;
  /** Build-context files before the first build. */
  files: Record<string, string>;
  /** Edits to context files made after the first build (a rebuild follows). */
  edits: Record<string, string>;
  ask: ScenarioAsk;
  /** Parameter values; `{{name}}` in the prompt, Dockerfile, files and edits takes one per variant. */
  params: Record<string, Array<string | number>>;
}

export interface Question {
  id: string;
  /** The bank's topic (its file name), e.g. `build-cache`. */
  topic: string;
  tags: string[];
  difficulty: Difficulty;
  kind: QuestionKind;
  /** The question as Markdown. */
  prompt: string;
  /** Markdown explanation shown after grading. */
  explanation: string;
  /** The lesson section that teaches it: lesson id and optional section slug. */
  lesson: { id: string; section?: string };
  /** Real docker commands that show the answer on a real daemon. */
  verify?: string;
  /** The profiles whose Docker gives this answer; absent only in content that predates them. */
  profiles?: DockerProfile[];
  /** What differs on the profiles the question does not hold for, and why (Markdown). */
  profileNote?: string;
  options?: ChoiceOption[];
  /** true-false */
  answer?: boolean;
  /** ordering: the items in the correct order. */
  items?: string[];
  numeric?: { answer: number; tolerance: number; unit?: string };
  /** text: accepted answers (compared case- and whitespace-insensitively). */
  accepted?: string[];
  rubric?: Rubric;
  scenario?: ScenarioSpec;
  location: SourceLocation;
}

export interface QuestionBank {
  topic: string;
  title: string;
  /** The lesson a question links to when it names no lesson of its own. */
  lesson: string;
  questions: Question[];
  location: SourceLocation;
}

/** Everything in `content/`, cross-checked. */
export interface ContentLibrary {
  tracks: Track[];
  lessons: Lesson[];
  banks: QuestionBank[];
  questions: Question[];
}
