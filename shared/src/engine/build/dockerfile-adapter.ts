/**
 * Turns Dockerfile text into the builder's `BuildPlan` (stages of unexpanded instructions).
 * A thin adapter over `dockerfile-ast`, used until the Dockerfile module's parser is available to
 * the builder; it keeps words as written (quotes included) because expansion happens while
 * building, against each builder's state at that step.
 */
import { DockerfileParser, type Instruction as AstInstruction } from "dockerfile-ast";
import type { Diagnostic, Range } from "../../core/diagnostics.ts";
import { diagnosticAt } from "../../core/diagnostics.ts";
import type { DiagnosticName } from "../../core/diagnostic-catalog.ts";
import type { ArgDefinition, BuildPlan, CommandLine, FromClause, Instruction, InstructionOf, Stage } from "./instructions.ts";
import type { ParsedPlan } from "./ports.ts";

interface AstRange {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

const KEYWORDS = new Set([
  "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD",
  "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
]);

function toRange(range: AstRange): Range {
  return {
    start: { line: range.start.line + 1, column: range.start.character + 1 },
    end: { line: range.end.line + 1, column: range.end.character + 1 },
  };
}

/** The instruction as Docker's parser keeps it (`node.Original`): continuation lines joined. */
function originalText(instruction: AstInstruction, escape: string): string {
  const text = instruction.getTextContent();
  const joined = text
    .split("\n")
    .filter((line, index) => index === 0 || !/^\s*#/.test(line))
    .join("\n")
    .replace(new RegExp(`${escapeRegExp(escape)}[ \\t]*\\r?\\n`, "g"), "");
  return joined.replace(/\s+$/, "");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The arguments after the keyword and flags, continuation lines joined. */
function argumentsText(original: string): string {
  const rest = original.replace(/^\s*\S+\s*/, "");
  return rest.replace(/^(--\S+\s*)+/, "");
}

function flagsOf(instruction: AstInstruction): Record<string, string> {
  const flags: Record<string, string> = {};
  const withFlags = instruction as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] };
  for (const flag of withFlags.getFlags?.() ?? []) flags[flag.getName()] = flag.getValue() ?? "true";
  return flags;
}

/** Exec form when the arguments are a JSON array of strings, shell form otherwise (Docker's fallback). */
function commandLine(text: string): CommandLine {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string")) return { form: "exec", argv: parsed };
    } catch {
      // Not JSON: Docker runs it through the shell as written.
    }
  }
  return { form: "shell", text: text.replace(/^\s+/, "") };
}

function jsonOrWords(text: string): string[] {
  const line = commandLine(text);
  return line.form === "exec" ? [...line.argv] : splitWords(text);
}

/** Whitespace-separated words, quotes kept and respected. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = "";
  let quote: string | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (quote !== undefined) {
      current += char;
      if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === "\\" && index + 1 < text.length) {
      current += char + (text[index + 1] as string);
      index += 1;
    } else if (/\s/.test(char)) {
      if (current !== "") words.push(current);
      current = "";
    } else current += char;
  }
  if (current !== "") words.push(current);
  return words;
}

/** `KEY=value` pairs of ENV/LABEL, or the legacy `ENV KEY value with spaces` form. */
function keyValuePairs(text: string): { key: string; value: string }[] | undefined {
  const words = splitWords(text);
  if (words.length === 0) return undefined;
  if (!(words[0] ?? "").includes("=")) {
    const key = words[0] ?? "";
    const value = text.trim().slice(key.length).replace(/^\s+/, "");
    return [{ key, value }];
  }
  const pairs: { key: string; value: string }[] = [];
  for (const word of words) {
    const index = word.indexOf("=");
    if (index === -1) return undefined;
    pairs.push({ key: unquote(word.slice(0, index)), value: word.slice(index + 1) });
  }
  return pairs;
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

function argDefinitions(text: string): ArgDefinition[] {
  return splitWords(text).map((word) => {
    const index = word.indexOf("=");
    return index === -1 ? { key: word } : { key: word.slice(0, index), value: word.slice(index + 1) };
  });
}

interface Converted {
  readonly instruction?: Instruction;
  readonly error?: { name: DiagnosticName; message: string };
}

function convert(keyword: string, original: string, range: Range, flags: Record<string, string>): Converted {
  const args = argumentsText(original);
  const base = { original, range, flags };
  const missing = (): Converted => ({ error: { name: "MissingArguments", message: `${keyword} requires at least one argument` } });
  switch (keyword) {
    case "RUN":
    case "CMD":
    case "ENTRYPOINT":
      if (keyword === "RUN" && args.trim() === "") return missing();
      return { instruction: { ...base, keyword, command: commandLine(args) } };
    case "ENV":
    case "LABEL": {
      const pairs = keyValuePairs(args);
      if (pairs === undefined) return missing();
      return { instruction: { ...base, keyword, pairs } };
    }
    case "ARG": {
      const defs = argDefinitions(args);
      if (defs.length === 0) return missing();
      return { instruction: { ...base, keyword, args: defs } };
    }
    case "COPY":
    case "ADD": {
      const words = jsonOrWords(args);
      if (words.length < 2) return { error: { name: "MissingArguments", message: `${keyword} requires at least two arguments` } };
      return { instruction: { ...base, keyword, sources: words.slice(0, -1), dest: words.at(-1) ?? "" } };
    }
    case "WORKDIR":
      return args.trim() === "" ? missing() : { instruction: { ...base, keyword, path: args.trim() } };
    case "USER":
      return args.trim() === "" ? missing() : { instruction: { ...base, keyword, user: args.trim() } };
    case "STOPSIGNAL":
      return args.trim() === "" ? missing() : { instruction: { ...base, keyword, signal: args.trim() } };
    case "MAINTAINER":
      return args.trim() === "" ? missing() : { instruction: { ...base, keyword, maintainer: args.trim() } };
    case "EXPOSE":
      return args.trim() === "" ? missing() : { instruction: { ...base, keyword, ports: splitWords(args) } };
    case "VOLUME":
      return args.trim() === "" ? missing() : { instruction: { ...base, keyword, paths: jsonOrWords(args) } };
    case "SHELL": {
      const line = commandLine(args);
      if (line.form !== "exec") return { error: { name: "InvalidJson", message: "SHELL requires the arguments to be in JSON form" } };
      return { instruction: { ...base, keyword, shell: line.argv } };
    }
    case "HEALTHCHECK": {
      const words = splitWords(args);
      const type = (words[0] ?? "").toUpperCase();
      if (type === "NONE") {
        if (words.length > 1) return { error: { name: "InvalidInstructionArguments", message: "HEALTHCHECK NONE takes no arguments" } };
        return { instruction: { ...base, keyword } };
      }
      if (type !== "CMD") return { error: { name: "InvalidInstructionArguments", message: `Unknown type "${type}" in HEALTHCHECK (try CMD)` } };
      const rest = args.replace(/^\s*\S+\s*/, "");
      if (rest === "") return { error: { name: "MissingArguments", message: "Missing command after HEALTHCHECK CMD" } };
      return { instruction: { ...base, keyword, command: commandLine(rest) } };
    }
    case "ONBUILD": {
      const expression = original.replace(/^\s*ONBUILD\s*/i, "");
      if (expression === "") return missing();
      return { instruction: { ...base, keyword, expression } };
    }
    default:
      return { error: { name: "UnknownInstruction", message: `unknown instruction: ${keyword}` } };
  }
}

/**
 * Parses a Dockerfile into a plan; problems come back as diagnostics (never thrown).
 * @example parseBuildPlan("FROM tiny:1\nRUN true\n", "Dockerfile").plan.stages.length // 1
 */
export function parseBuildPlan(text: string, path: string): ParsedPlan {
  const dockerfile = DockerfileParser.parse(text);
  const escape = dockerfile.getEscapeCharacter();
  const diagnostics: Diagnostic[] = [];
  const metaArgs: InstructionOf<"ARG">[] = [];
  const stages: { from: FromClause; instructions: Instruction[] }[] = [];
  const names = new Set<string>();
  for (const node of dockerfile.getInstructions()) {
    const keyword = node.getKeyword();
    const range = toRange(node.getRange());
    const original = originalText(node, escape);
    const flags = flagsOf(node);
    if (!KEYWORDS.has(keyword)) {
      diagnostics.push(diagnosticAt("UnknownInstruction", "error", `unknown instruction: ${node.getInstruction()}`, range.start, path));
      continue;
    }
    if (keyword === "FROM") {
      const words = splitWords(argumentsText(original));
      const image = words[0] ?? "";
      if (image === "" || (words.length !== 1 && !(words.length === 3 && words[1]?.toUpperCase() === "AS"))) {
        diagnostics.push(diagnosticAt("InvalidInstructionArguments", "error", "FROM requires either one or three arguments", range.start, path));
        continue;
      }
      const name = words.length === 3 ? (words[2] ?? "").toLowerCase() : undefined;
      if (name !== undefined) {
        if (!/^[a-z][a-z0-9-_.]*$/.test(name)) {
          diagnostics.push(
            diagnosticAt("InvalidStageName", "error", `invalid name for build stage: "${name}", name can't start with a number or contain symbols`, range.start, path),
          );
        } else if (names.has(name)) {
          diagnostics.push(diagnosticAt("DuplicateStageName", "error", `duplicate name ${name}`, range.start, path));
        }
        names.add(name);
      }
      stages.push({
        from: {
          original,
          range,
          image,
          ...(name === undefined ? {} : { name }),
          ...(flags.platform === undefined ? {} : { platform: flags.platform }),
        },
        instructions: [],
      });
      continue;
    }
    const converted = convert(keyword, original, range, flags);
    if (converted.error !== undefined) {
      diagnostics.push(diagnosticAt(converted.error.name, "error", converted.error.message, range.start, path));
      continue;
    }
    const instruction = converted.instruction as Instruction;
    const current = stages.at(-1);
    if (current === undefined) {
      if (instruction.keyword === "ARG") metaArgs.push(instruction);
      else diagnostics.push(diagnosticAt("NoFromInstruction", "error", "no build stage in current context", range.start, path));
      continue;
    }
    current.instructions.push(instruction);
  }
  const plan: BuildPlan = {
    metaArgs,
    stages: stages.map((stage, index): Stage => ({ index, from: stage.from, instructions: stage.instructions })),
    escapeToken: escape,
  };
  return { plan, diagnostics };
}

/** Parses one ONBUILD trigger expression (`RUN echo hi`) into an instruction. */
export function parseTriggerInstruction(expression: string, escapeToken: string): { instruction?: Instruction; diagnostics: Diagnostic[] } {
  const text = `${escapeToken === "\\" ? "" : `# escape=${escapeToken}\n`}FROM scratch\n${expression}\n`;
  const parsed = parseBuildPlan(text, "ONBUILD");
  const instructions = parsed.plan.stages[0]?.instructions ?? [];
  if (parsed.diagnostics.length > 0 || instructions.length !== 1) {
    return {
      diagnostics: parsed.diagnostics.length > 0 ? [...parsed.diagnostics] : [
        diagnosticAt("InvalidInstructionArguments", "error", "onbuild trigger should be a single expression", { line: 1, column: 1 }),
      ],
    };
  }
  return { instruction: instructions[0] as Instruction, diagnostics: [] };
}
