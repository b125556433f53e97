/**
 * One question bank file → typed questions. Each `## <id>` section is a question: the Markdown
 * before its yaml block is the prompt, the yaml block holds the fields (content/README.md).
 */
import type { Code, RootContent } from "mdast";
import {
  DOCKER_PROFILES,
  type Question,
  type QuestionBank,
  type RubricPoint,
  type ScenarioAsk,
  type SourceLocation,
} from "../core/content-model.ts";
import { type Diagnostic, diagnosticAt } from "../core/diagnostics.ts";
import { splitFrontmatter } from "./frontmatter.ts";
import { parseMarkdown } from "./markdown.ts";
import {
  bankFrontmatterSchema,
  QUESTION_ID_PATTERN,
  type QuestionBlock,
  questionBlockSchema,
} from "./schema.ts";
import { parsePositionedYaml, schemaDiagnostics } from "./yaml-data.ts";

const BANK_PATH = /(?:^|\/)questions\/([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

export interface ParsedBank {
  bank?: QuestionBank;
  diagnostics: Diagnostic[];
}

/** Parses a question bank; `file` is its path, e.g. `content/questions/build-cache.md`. */
export function parseBank(text: string, file: string): ParsedBank {
  const where = BANK_PATH.exec(file);
  if (!where) {
    return {
      diagnostics: [
        diagnosticAt(
          "InvalidContentPath",
          "error",
          "a question bank must be at questions/<topic>.md with a lower-case, dash-separated topic",
          { line: 1, column: 1 },
          file,
        ),
      ],
    };
  }
  const topic = where[1] ?? "";
  const split = splitFrontmatter(text, file);
  const diagnostics = [...split.diagnostics];
  const frontmatter = bankFrontmatterSchema.safeParse(split.frontmatter.value ?? {});
  if (split.frontmatter.value !== undefined && !frontmatter.success) {
    diagnostics.push(
      ...schemaDiagnostics(frontmatter.error.issues, split.frontmatter, file, "bank frontmatter"),
    );
  }
  const defaultLesson = frontmatter.success ? frontmatter.data.lesson : "";
  const body = split.body;
  const tree = parseMarkdown(body);
  const at = (node: RootContent): SourceLocation => ({
    file,
    line: (node.position?.start.line ?? 1) + split.bodyLine - 1,
    column: node.position?.start.column ?? 1,
  });

  const questions: Question[] = [];
  const children = tree.children;
  const headingIndexes = children.flatMap((node, index) =>
    node.type === "heading" && node.depth === 2 ? [index] : [],
  );
  headingIndexes.forEach((headingIndex, position) => {
    const heading = children[headingIndex];
    if (heading?.type !== "heading") return;
    const next = headingIndexes[position + 1];
    const sectionNodes = children.slice(headingIndex + 1, next);
    const sectionEnd =
      next === undefined ? body.length : (children[next]?.position?.start.offset ?? body.length);
    const location = at(heading);
    const id = body
      .slice(heading.position?.start.offset ?? 0, heading.position?.end.offset ?? 0)
      .replace(/^#+\s*/, "")
      .trim();
    if (!QUESTION_ID_PATTERN.test(id)) {
      diagnostics.push(
        diagnosticAt(
          "ContentSchemaError",
          "error",
          `question id "${id}" must be lower-case words joined by dashes`,
          location,
          file,
        ),
      );
      return;
    }
    const block = sectionNodes.find((node): node is Code => node.type === "code" && node.lang === "yaml");
    if (!block) {
      diagnostics.push(
        diagnosticAt(
          "MissingQuestionBlock",
          "error",
          `question ${id} has no \`\`\`yaml block with its kind, difficulty, tags and answer`,
          location,
          file,
        ),
      );
      return;
    }
    const blockStart = block.position?.start.offset ?? 0;
    const blockEnd = block.position?.end.offset ?? 0;
    const sectionStart = heading.position?.end.offset ?? 0;
    const prompt = `${body.slice(sectionStart, blockStart)}${body.slice(blockEnd, sectionEnd)}`.trim();
    // The yaml text starts on the line after the opening fence.
    const yaml = parsePositionedYaml(block.value, file, at(block).line + 1);
    diagnostics.push(...yaml.diagnostics);
    if (yaml.value === undefined) return;
    const parsed = questionBlockSchema.safeParse(yaml.value);
    if (!parsed.success) {
      diagnostics.push(...schemaDiagnostics(parsed.error.issues, yaml, file, `question ${id}`));
      return;
    }
    if (prompt === "") {
      diagnostics.push(
        diagnosticAt(
          "ContentSchemaError",
          "error",
          `question ${id} has no prompt before its yaml block`,
          location,
          file,
        ),
      );
      return;
    }
    const profileProblem = profileDiagnostic(parsed.data);
    if (profileProblem !== undefined) {
      diagnostics.push(
        diagnosticAt("ContentSchemaError", "error", `question ${id}: ${profileProblem}`, location, file),
      );
      return;
    }
    questions.push(toQuestion(id, topic, prompt, parsed.data, defaultLesson, location));
  });

  if (!frontmatter.success) return { diagnostics };
  return {
    bank: {
      topic,
      title: frontmatter.data.title,
      lesson: frontmatter.data.lesson,
      questions,
      location: { file, line: 1, column: 1 },
    },
    diagnostics,
  };
}

function toQuestion(
  id: string,
  topic: string,
  prompt: string,
  block: QuestionBlock,
  defaultLesson: string,
  location: SourceLocation,
): Question {
  const [lessonId = defaultLesson, section] = (block.lesson ?? defaultLesson).split("#");
  const question: Question = {
    id,
    topic,
    tags: block.tags,
    difficulty: block.difficulty,
    kind: block.kind,
    prompt,
    explanation: block.explanation,
    lesson: section === undefined ? { id: lessonId } : { id: lessonId, section },
    location,
  };
  if (block.verify !== undefined) question.verify = block.verify;
  if (block.profiles !== undefined) question.profiles = block.profiles;
  if (block.profile_note !== undefined) question.profileNote = block.profile_note;
  switch (block.kind) {
    case "single":
    case "multiple":
      question.options = block.options;
      break;
    case "true-false":
      question.answer = block.answer;
      break;
    case "ordering":
      question.items = block.items;
      break;
    case "numeric":
      question.numeric =
        block.unit === undefined
          ? { answer: block.answer, tolerance: block.tolerance }
          : { answer: block.answer, tolerance: block.tolerance, unit: block.unit };
      break;
    case "text":
      question.accepted = block.accepted;
      break;
    case "open":
      question.rubric = {
        points: block.rubric.points.map((point) => stripUndefined(point) as RubricPoint),
        modelAnswer: block.rubric.model_answer,
        followUps: block.rubric.follow_ups,
      };
      break;
    case "scenario":
      question.scenario = {
        builder: block.scenario.builder,
        dockerfile: block.scenario.dockerfile,
        files: block.scenario.files,
        edits: block.scenario.edits,
        ask: stripUndefined(block.scenario.ask) as ScenarioAsk,
        params: block.scenario.params,
      };
      break;
  }
  return question;
}

/**
 * What is wrong with a question's profiles, if anything: a question that leaves a profile out says
 * what differs there, and an image size can be claimed for overlay2 only. A container's size is
 * computed per image store (snapshot disk usage on the containerd store, fs/disk-usage.ts), but
 * the engine gives an image the overlay2 byte count on both stores: the containerd store's image
 * SIZE (content blobs plus unpacked snapshots) is not simulated yet.
 */
function profileDiagnostic(block: QuestionBlock): string | undefined {
  if (block.profiles === undefined) return undefined;
  const all = DOCKER_PROFILES.every((name) => block.profiles?.includes(name));
  if (!all && block.profile_note === undefined)
    return `its profiles leave out ${DOCKER_PROFILES.filter((name) => !block.profiles?.includes(name)).join(", ")}; say in \`profile_note\` what differs there`;
  if (all && block.profile_note !== undefined)
    return "has a `profile_note` but holds for every profile; drop the note or the profile it is about";
  const ask = block.kind === "scenario" ? block.scenario.ask.kind : undefined;
  if (ask === "image-size" && block.profiles.includes("26.1-containerd"))
    return `its ${ask} answer is an overlay2 byte count; the containerd image store counts 4 KiB blocks and blobs (not simulated for image sizes yet), so leave out 26.1-containerd`;
  return undefined;
}

/** zod leaves absent optional keys as undefined; the model uses exact optional properties. */
function stripUndefined(value: object): unknown {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}
