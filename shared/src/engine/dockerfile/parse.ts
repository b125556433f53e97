/**
 * `parseDockerfile`: Dockerfile text → syntax tree + diagnostics. A port of BuildKit's
 * `frontend/dockerfile/parser` (lines, directives, continuations, heredocs) and
 * `frontend/dockerfile/instructions` (typed instructions, stages), written from those sources
 * rather than over `dockerfile-ast`: that library splits `--chown="a b"` into two words, has no
 * exec/shell-form decision or `node.Original`, and brings ~850 KB of language-server types.
 *
 * Heredocs (`RUN <<EOF`) are parsed as BuildKit's Dockerfile 1.4+ does (body attached to the
 * instruction) and listed in `buildKitOnly`, since Docker 20.10's parsers do not know them.
 *
 * Total: never throws on any input, reports every problem, keeps going after errors (Docker stops
 * at the first one; `firstDockerError` gives the message Docker would print).
 */

import type { DiagnosticName } from "../../core/diagnostic-catalog.ts";
import type { Diagnostic, Range } from "../../core/diagnostics.ts";
import { expandWords } from "./expand.ts";
import { convertNode } from "./instructions.ts";
import type { LogicalLine, PhysicalLine, Reporter } from "./lines.ts";
import { DirectiveState, readLogicalLine, splitPhysicalLines } from "./lines.ts";
import type { RawNode } from "./node.ts";
import { parseNode } from "./node.ts";
import type {
  ArgInstruction,
  Comment,
  Dockerfile,
  EscapeToken,
  FromInstruction,
  Heredoc,
  Instruction,
  ParseOptions,
  ParseResult,
  Stage,
} from "./types.ts";

/**
 * Which stage of Docker's parsing found a problem, for `firstDockerError`: `parser.Parse` (lines,
 * directives, heredocs) fails before `instructions.Parse` (arguments, flags) looks at any line.
 */
const phaseOf = new WeakMap<Diagnostic, "parser" | "instruction" | "stages">();

const heredocPattern = /^(\d*)<<(-?)\s*([^<]*)$/;

/** Parses a heredoc word (`<<EOF`, `<<-"EOF"`); `undefined` when the word is not one. */
function heredocFromWord(
  word: string,
): { name: string; expand: boolean; chomp: boolean } | undefined | Error {
  const match = heredocPattern.exec(word);
  if (match === null) return undefined;
  const rest = match[3] ?? "";
  if (rest === "") return undefined;
  const none = (): undefined => undefined;
  const words = expandWords(rest, none, { skipUnsetEnv: true });
  if (!words.ok) return new Error(words.message);
  if (words.value.length !== 1) return undefined;
  const raw = expandWords(rest, none, { skipUnsetEnv: true, rawQuotes: true });
  if (!raw.ok) return new Error(raw.message);
  const name = words.value[0] ?? "";
  const quotes = (text: string): number => (text.match(/['"]/g) ?? []).length;
  return { name, expand: quotes(name) === quotes(raw.value[0] ?? ""), chomp: match[2] === "-" };
}

function canContainHeredoc(node: RawNode): boolean {
  let target = node;
  if (target.keyword.value.toLowerCase() === "onbuild" && target.next.kind === "sub")
    target = target.next.node;
  const keyword = target.keyword.value.toLowerCase();
  if (keyword !== "run" && keyword !== "copy" && keyword !== "add") return false;
  return target.next.kind !== "json";
}

/**
 * Parses a Dockerfile.
 * @param text the Dockerfile's content
 * @param options `path`, the file name diagnostics carry
 * @example parseDockerfile("FROM alpine\nRUN echo hi\n", { path: "Dockerfile" }).dockerfile.stages[0]?.instructions[0]?.keyword // "RUN"
 */
export function parseDockerfile(text: string, options: ParseOptions = {}): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const reportIn =
    (phase: "parser" | "instruction" | "stages"): Reporter =>
    (name, message, range, severity = "error") => {
      const diagnostic: Diagnostic = {
        name,
        severity,
        message,
        range,
        ...(options.path === undefined ? {} : { path: options.path }),
      };
      phaseOf.set(diagnostic, phase);
      diagnostics.push(diagnostic);
    };
  const report = reportIn("instruction");
  const parserReport = reportIn("parser");

  const lines = splitPhysicalLines(text);
  const state = new DirectiveState(options.escapeToken);
  const comments: Comment[] = [];
  const instructions: Instruction[] = [];
  let index = 0;
  let sawNode = false;
  while (index < lines.length) {
    const { scan, next } = readLogicalLine(lines, index, state, comments, parserReport);
    index = next;
    if (scan === undefined) break;
    const logical = scan.logical;
    sawNode = true;
    for (const line of scan.emptyContinuationLines) {
      report(
        "EmptyContinuationLine",
        `Empty continuation line found in: ${logical.text}`,
        { start: { line, column: 1 }, end: { line, column: 1 } },
        "warning",
      );
    }
    const node = parseNode(logical.text, 0, state.escapeToken);
    if ("message" in node) {
      parserReport(nameForLineError(node.message), node.message, logical.rangeOf(node.start, node.end));
      continue;
    }
    let heredocs: Heredoc[] = [];
    if (canContainHeredoc(node) && logical.text.includes("<<")) {
      const read = readHeredocs(logical, lines, index, parserReport);
      heredocs = read.heredocs;
      index = read.next;
    }
    const instruction = convertNode(node, { logical, escapeToken: state.escapeToken, heredocs, report });
    if (instruction !== undefined) instructions.push(instruction);
  }
  if (text.length === 0) {
    // Checked before parsing: classic `the Dockerfile (Dockerfile.empty) cannot be empty`,
    // BuildKit `the Dockerfile cannot be empty` (test/docker/transcripts/fail-unknown-instruction).
    const position = { line: 1, column: 1 };
    const message =
      options.path === undefined
        ? "the Dockerfile cannot be empty"
        : `the Dockerfile (${options.path}) cannot be empty`;
    reportIn("stages")("NoFromInstruction", message, { start: position, end: position });
  } else if (!sawNode) {
    const end = lines.at(-1);
    const position = { line: end === undefined ? 1 : end.number, column: 1 };
    parserReport("NoFromInstruction", "file with no instructions", { start: position, end: position });
  }
  const structure = buildStages(instructions, reportIn("stages"), sawNode);
  const lastLine = lines.at(-1);
  const dockerfile: Dockerfile = {
    ...(options.path === undefined ? {} : { path: options.path }),
    escapeToken: state.escapeToken,
    directives: state.directives,
    comments,
    instructions,
    metaArgs: structure.metaArgs,
    stages: structure.stages,
    range: {
      start: { line: 1, column: 1 },
      end:
        lastLine === undefined
          ? { line: 1, column: 1 }
          : { line: lastLine.number, column: lastLine.text.length + 1 },
    },
  };
  diagnostics.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column,
  );
  return { dockerfile, diagnostics };
}

function nameForLineError(message: string): DiagnosticName {
  if (message.startsWith("when using JSON")) return "InvalidJson";
  return "InvalidInstructionArguments";
}

/** Reads the here-document bodies that follow a logical line (parser.go, heredoc loop). */
function readHeredocs(
  logical: LogicalLine,
  lines: readonly PhysicalLine[],
  start: number,
  report: Reporter,
): { heredocs: Heredoc[]; next: number } {
  const none = (): undefined => undefined;
  const words = expandWords(logical.text, none, { rawQuotes: true, rawEscapes: true, skipUnsetEnv: true });
  const heredocs: Heredoc[] = [];
  let index = start;
  const lineRange: Range = logical.rangeOf(0, logical.text.length);
  for (const word of words.ok ? words.value : []) {
    const parsed = heredocFromWord(word);
    if (parsed === undefined) continue;
    if (parsed instanceof Error) {
      report("InvalidVariableSubstitution", parsed.message, lineRange);
      continue;
    }
    let content = "";
    let terminated = false;
    const first = lines[index];
    let last = first;
    while (index < lines.length) {
      const line = lines[index] as PhysicalLine;
      index += 1;
      last = line;
      const candidate = parsed.chomp ? line.text.replace(/^\t+/, "") : line.text;
      if (candidate === parsed.name) {
        terminated = true;
        break;
      }
      content += line.raw;
    }
    const range: Range = {
      start: first === undefined ? lineRange.end : { line: first.number, column: 1 },
      end: last === undefined ? lineRange.end : { line: last.number, column: last.text.length + 1 },
    };
    if (!terminated) {
      report("UnterminatedHeredoc", "unterminated heredoc", { start: lineRange.start, end: range.end });
      continue;
    }
    if (parsed.chomp) content = content.replace(/^\t+/gm, "");
    heredocs.push({ name: parsed.name, content, expand: parsed.expand, chomp: parsed.chomp, range });
  }
  return { heredocs, next: index };
}

/** Groups instructions into stages and runs the checks Docker performs before building. */
function buildStages(
  instructions: readonly Instruction[],
  report: Reporter,
  sawNode: boolean,
): { metaArgs: ArgInstruction[]; stages: Stage[] } {
  const metaArgs: ArgInstruction[] = [];
  const stages: { index: number; from: FromInstruction; instructions: Instruction[]; name?: string }[] = [];
  const seenNames = new Map<string, FromInstruction>();
  let reportedOrphan = false;
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") {
      const stage = {
        index: stages.length,
        from: instruction,
        instructions: [] as Instruction[],
        ...(instruction.name === undefined ? {} : { name: instruction.name }),
      };
      if (instruction.name !== undefined && instruction.stageName !== undefined) {
        if (seenNames.has(instruction.name)) {
          // BuildKit linter rule DuplicateStageName (a warning; the classic builder accepts it too).
          report(
            "DuplicateStageName",
            `Duplicate stage name ${JSON.stringify(instruction.name)}, stage names should be unique`,
            instruction.stageName.range,
            "warning",
          );
        } else seenNames.set(instruction.name, instruction);
      }
      stages.push(stage);
      continue;
    }
    const current = stages.at(-1);
    if (current === undefined) {
      if (instruction.keyword === "ARG") {
        metaArgs.push(instruction);
        continue;
      }
      if (!reportedOrphan) {
        // instructions.Parse → CurrentStage: "no build stage in current context".
        report("NoFromInstruction", "no build stage in current context", instruction.keywordRange);
        reportedOrphan = true;
      }
      continue;
    }
    current.instructions.push(instruction);
  }
  if (stages.length === 0 && sawNode && !reportedOrphan) {
    const position = instructions.at(-1)?.range.end ?? { line: 1, column: 1 };
    // dockerfile2llb: "dockerfile contains no stages to build".
    report("NoFromInstruction", "dockerfile contains no stages to build", { start: position, end: position });
  }
  return { metaArgs, stages };
}

/**
 * Parses an ONBUILD trigger expression (as stored in `Config.OnBuild`) the way a child build does:
 * as a one-instruction Dockerfile.
 */
export function parseOnbuildTrigger(
  expression: string,
  options: { escapeToken?: EscapeToken; path?: string } = {},
): { instruction?: Instruction; diagnostics: readonly Diagnostic[] } {
  const { dockerfile, diagnostics } = parseDockerfile(expression, {
    ...(options.path === undefined ? {} : { path: options.path }),
    ...(options.escapeToken === undefined ? {} : { escapeToken: options.escapeToken }),
  });
  const instruction = dockerfile.instructions[0];
  const relevant = diagnostics.filter((diagnostic) => diagnostic.name !== "NoFromInstruction");
  return instruction === undefined ? { diagnostics: relevant } : { instruction, diagnostics: relevant };
}

/** True for an error of the line parser (`parser.Parse`: `ENV must have two arguments`), which Docker 26.1 reports without a line number. */
export function isLineParserError(diagnostic: Diagnostic): boolean {
  return phaseOf.get(diagnostic) === "parser";
}

/**
 * The message the classic builder (Docker 20.10) prints for the first error it meets: a
 * `parser.Parse` problem as `failed to parse Dockerfile: …` (builder/dockerfile
 * `readAndParseDockerfile`), an instruction problem as `dockerfile parse error line N: …`
 * (instructions/parse.go `parseError`), a stage problem as its bare message.
 */
export function firstDockerError(diagnostics: readonly Diagnostic[]): string | undefined {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === "error");
  const first = errors.find((diagnostic) => phaseOf.get(diagnostic) === "parser") ?? errors[0];
  if (first === undefined) return undefined;
  const phase = phaseOf.get(first) ?? "instruction";
  if (phase === "parser") return `failed to parse ${first.path ?? "Dockerfile"}: ${first.message}`;
  if (phase === "stages") return first.message;
  return `dockerfile parse error line ${first.range.start.line}: ${first.message}`;
}
