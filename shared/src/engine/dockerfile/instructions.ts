/**
 * The instruction layer: a parsed line (`RawNode`) → a typed `Instruction`, with the checks and
 * messages of BuildKit's `frontend/dockerfile/instructions/parse.go` and `bflag.go`. Docker stops
 * at the first error of an instruction; so does this, but the instruction is still returned with
 * the invalid parts left `undefined`, and parsing goes on with the next line.
 */

import type { DiagnosticName } from "../../core/diagnostic-catalog.ts";
import type { Range } from "../../core/diagnostics.ts";
import type { LogicalLine, Reporter } from "./lines.ts";
import type { NodeArgs, RawNode, Span } from "./node.ts";
import { nodeArgs } from "./node.ts";
import type {
  ArgDefinition,
  BuildKitFeature,
  CommandLine,
  EscapeToken,
  Flag,
  Heredoc,
  Instruction,
  InstructionKeyword,
  KeyValue,
  Word,
} from "./types.ts";

const keywords: ReadonlySet<string> = new Set<InstructionKeyword>([
  "ADD",
  "ARG",
  "CMD",
  "COPY",
  "ENTRYPOINT",
  "ENV",
  "EXPOSE",
  "FROM",
  "HEALTHCHECK",
  "LABEL",
  "MAINTAINER",
  "ONBUILD",
  "RUN",
  "SHELL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR",
]);

/** The instruction keywords, upper case. */
export const INSTRUCTION_KEYWORDS: readonly string[] = [...keywords];

/** True when `word` (any case) is a Dockerfile instruction keyword. */
export function isInstructionKeyword(word: string): boolean {
  return keywords.has(word.toUpperCase());
}

type FlagType = "bool" | "string" | "strings";

const flagSpecs: Partial<Record<InstructionKeyword, Readonly<Record<string, FlagType>>>> = {
  ADD: {
    chown: "string",
    chmod: "string",
    link: "bool",
    "keep-git-dir": "bool",
    checksum: "string",
    unpack: "bool",
    exclude: "strings",
  },
  COPY: {
    chown: "string",
    from: "string",
    chmod: "string",
    link: "bool",
    exclude: "strings",
    parents: "bool",
  },
  FROM: { platform: "string" },
  RUN: { mount: "strings", network: "string", security: "string" },
  HEALTHCHECK: {
    interval: "string",
    timeout: "string",
    "start-period": "string",
    "start-interval": "string",
    retries: "string",
  },
};

/** Flags the classic builder of Docker 20.10 rejects, with its message (rule 8.7/8.8). */
function classicMessageFor(keyword: InstructionKeyword, name: string): string | undefined {
  const requires = `the --${name} option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled`;
  if (keyword === "RUN") return requires; // dispatchers.go: any RUN flag
  if ((keyword === "COPY" || keyword === "ADD") && name === "chmod") return requires;
  // Flags newer than Docker 20.10's Dockerfile parser (bflag.go of that time).
  if (["link", "parents", "exclude", "checksum", "keep-git-dir", "unpack"].includes(name))
    return `Unknown flag: ${name}`;
  return undefined;
}

/** What converting one node needs. */
export interface ConvertContext {
  readonly logical: LogicalLine;
  readonly escapeToken: EscapeToken;
  readonly heredocs: readonly Heredoc[];
  readonly report: Reporter;
}

class InstructionError extends Error {
  readonly diagnosticName: DiagnosticName;
  readonly range: Range | undefined;
  constructor(name: DiagnosticName, message: string, range?: Range) {
    super(message);
    this.diagnosticName = name;
    this.range = range;
  }
}

interface ParsedFlags {
  readonly strings: Map<string, string>;
  readonly lists: Map<string, string[]>;
  readonly bools: Map<string, boolean>;
}

function toFlag(span: Span, logical: LogicalLine): Flag {
  const text = span.value.startsWith("--") ? span.value.slice(2) : span.value;
  const index = text.indexOf("=");
  return {
    name: index === -1 ? text : text.slice(0, index),
    value: index === -1 ? undefined : text.slice(index + 1),
    original: logical.text.slice(span.start, span.end),
    range: logical.rangeOf(span.start, span.end),
  };
}

/**
 * bflag.go `BFlags.Parse`: known flags, values, duplicates. Throws the first problem, in the
 * words of Docker 20.10 (both builders print `dockerfile parse error line 2: Unknown flag: nosuch`,
 * recorded in test/docker/transcripts/fail-unknown-instruction).
 */
function parseFlags(keyword: InstructionKeyword, flags: readonly Flag[]): ParsedFlags {
  const spec = flagSpecs[keyword] ?? {};
  const parsed: ParsedFlags = { strings: new Map(), lists: new Map(), bools: new Map() };
  const used = new Set<string>();
  for (const flag of flags) {
    const type = spec[flag.name];
    const flagName = flag.name;
    if (type === undefined)
      throw new InstructionError("InvalidFlag", `Unknown flag: ${flagName}`, flag.range);
    if (used.has(flag.name) && type !== "strings") {
      throw new InstructionError("InvalidFlag", `Duplicate flag specified: ${flagName}`, flag.range);
    }
    used.add(flag.name);
    if (type === "bool") {
      if (flag.value === "")
        throw new InstructionError("InvalidFlag", `Missing a value on flag: ${flagName}`, flag.range);
      const value = (flag.value ?? "true").toLowerCase();
      if (value !== "true" && value !== "false") {
        throw new InstructionError(
          "InvalidFlag",
          `Expecting boolean value for flag ${flagName}, not: ${flag.value ?? ""}`,
          flag.range,
        );
      }
      parsed.bools.set(flag.name, value === "true");
    } else {
      if (flag.value === undefined)
        throw new InstructionError("InvalidFlag", `Missing a value on flag: ${flagName}`, flag.range);
      if (type === "string") parsed.strings.set(flag.name, flag.value);
      else parsed.lists.set(flag.name, [...(parsed.lists.get(flag.name) ?? []), flag.value]);
    }
  }
  return parsed;
}

function wordsOf(next: NodeArgs, logical: LogicalLine): Word[] {
  switch (next.kind) {
    case "words":
      return next.words.map((word) => ({ value: word.value, range: logical.rangeOf(word.start, word.end) }));
    case "json":
      return next.spans.map((span) => ({ value: span.value, range: logical.rangeOf(span.start, span.end) }));
    case "string":
      return [{ value: next.span.value, range: logical.rangeOf(next.span.start, next.span.end) }];
    default:
      return [];
  }
}

function commandOf(next: NodeArgs, logical: LogicalLine): CommandLine | undefined {
  if (next.kind === "json")
    return { form: "exec", argv: [...next.values], range: logical.rangeOf(next.start, next.end) };
  if (next.kind === "string") {
    return { form: "shell", text: next.span.value, range: logical.rangeOf(next.span.start, next.span.end) };
  }
  return undefined;
}

const validStageName = /^[a-z][a-z0-9-_.]*$/;

/**
 * Converts one parsed line into an instruction; reports Docker's instruction-level errors.
 * Returns `undefined` for an unknown instruction.
 */
export function convertNode(node: RawNode, context: ConvertContext): Instruction | undefined {
  const { logical, report } = context;
  const keywordText = node.keyword.value;
  const upper = keywordText.toUpperCase();
  const lineRange = logical.rangeOf(node.keyword.start, logical.text.trimEnd().length);
  if (!keywords.has(upper)) {
    // instructions/parse.go (Docker 20.10 wording): `unknown instruction: RUNN`.
    report(
      "UnknownInstruction",
      `unknown instruction: ${upper}`,
      logical.rangeOf(node.keyword.start, node.keyword.end),
    );
    return undefined;
  }
  const keyword = upper as InstructionKeyword;
  const flags = node.flags.map((span) => toFlag(span, logical));
  const buildKitOnly: BuildKitFeature[] = [];
  for (const flag of flags) {
    const message = classicMessageFor(keyword, flag.name);
    if (message !== undefined)
      buildKitOnly.push({ feature: flag.name, classicMessage: message, range: flag.range });
  }
  if (context.heredocs.length > 0) {
    buildKitOnly.push({
      feature: "heredoc",
      classicMessage:
        "here-documents need BuildKit with Dockerfile syntax 1.4 or later; the classic builder passes <<EOF to the shell and reads the following lines as instructions",
      range: lineRange,
    });
  }
  const base = {
    keywordText,
    keywordRange: logical.rangeOf(node.keyword.start, node.keyword.end),
    original: logical.text.slice(node.keyword.start),
    range: { start: logical.positionAt(node.keyword.start), end: lineEnd(logical) },
    flags,
    argumentsText: node.args.value,
    heredocs: context.heredocs,
    buildKitOnly,
  };
  const args = nodeArgs(node.next);
  const fail = (name: DiagnosticName, message: string, range?: Range): void => {
    report(name, message, range ?? base.range);
  };
  const guard = <Value>(compute: () => Value, fallback: Value): Value => {
    try {
      return compute();
    } catch (error) {
      if (!(error instanceof InstructionError)) throw error;
      fail(error.diagnosticName, error.message, error.range);
      return fallback;
    }
  };
  const emptyFlags: ParsedFlags = { strings: new Map(), lists: new Map(), bools: new Map() };
  const flagsOrEmpty = (): ParsedFlags => guard(() => parseFlags(keyword, flags), emptyFlags);
  const atLeastOne = (): boolean => {
    if (args.length > 0) return true;
    fail("MissingArguments", `${keyword} requires at least one argument`);
    return false;
  };
  const exactlyOne = (): boolean => {
    if (args.length === 1) return true;
    fail("MissingArguments", `${keyword} requires exactly one argument`);
    return false;
  };
  const single = (): Word | undefined => wordsOf(node.next, logical)[0];

  switch (keyword) {
    case "ENV":
    case "LABEL": {
      const parsedFlags = guard(() => parseFlags(keyword, flags), undefined);
      const pairs: KeyValue[] = node.next.kind === "pairs" ? pairsOf(node.next, logical) : [];
      if (parsedFlags !== undefined) {
        if (pairs.length === 0) fail("MissingArguments", `${keyword} requires at least one argument`);
        else if (pairs.some((pair) => pair.key === ""))
          fail("InvalidInstructionArguments", `${keyword} names can not be blank`);
      }
      return { ...base, keyword, pairs } as Instruction;
    }
    case "MAINTAINER": {
      if (exactlyOne()) flagsOrEmpty();
      return { ...base, keyword, maintainer: args[0] ?? "" };
    }
    case "ADD":
    case "COPY": {
      const enough = args.length >= 2;
      if (!enough) {
        fail(
          "MissingArguments",
          `${keyword} requires at least two arguments, but only one was provided. Destination could not be determined`,
        );
      }
      const parsed = enough ? flagsOrEmpty() : emptyFlags;
      const all = wordsOf(node.next, logical);
      const dest = enough ? all.at(-1) : undefined;
      if (dest !== undefined && /^\d*<<-?\s*[^<]*$/.test(dest.value) && context.heredocs.length > 0) {
        fail(
          "InvalidInstructionArguments",
          `${keyword} cannot accept a heredoc as a destination`,
          dest.range,
        );
      }
      const common = {
        ...base,
        sources: enough ? all.slice(0, -1) : all,
        dest,
        jsonForm: node.next.kind === "json",
        ...optional("chown", parsed.strings.get("chown")),
        ...optional("chmod", parsed.strings.get("chmod")),
        link: parsed.bools.get("link") ?? false,
        exclude: parsed.lists.get("exclude") ?? [],
        parents: parsed.bools.get("parents") ?? false,
      };
      if (keyword === "COPY") return { ...common, keyword, ...optional("from", parsed.strings.get("from")) };
      return {
        ...common,
        keyword,
        keepGitDir: parsed.bools.get("keep-git-dir") ?? false,
        ...optional("checksum", parsed.strings.get("checksum")),
      };
    }
    case "FROM": {
      const words = wordsOf(node.next, logical);
      let name: string | undefined;
      const stageWord =
        words.length === 3 && (words[1]?.value ?? "").toLowerCase() === "as" ? words[2] : undefined;
      let ok = true;
      if (stageWord !== undefined) {
        name = stageWord.value.toLowerCase();
        if (!validStageName.test(name)) {
          fail(
            "InvalidStageName",
            `invalid name for build stage: ${JSON.stringify(stageWord.value)}, name can't start with a number or contain symbols`,
            stageWord.range,
          );
          ok = false;
        } else if (stageWord.value !== name) {
          report(
            "StageNameCasing",
            `Stage name '${stageWord.value}' should be lowercase`,
            stageWord.range,
            "warning",
          );
        }
      } else if (words.length !== 1) {
        fail("InvalidInstructionArguments", "FROM requires either one or three arguments");
        ok = false;
      }
      const parsed = ok ? flagsOrEmpty() : emptyFlags;
      const platform = parsed.strings.get("platform");
      return {
        ...base,
        keyword,
        image: words[0],
        ...(stageWord === undefined ? {} : { stageName: stageWord }),
        ...(name === undefined || !ok ? {} : { name }),
        ...optional("platform", platform),
      };
    }
    case "ONBUILD": {
      const sub = node.next.kind === "sub" ? node.next.node : undefined;
      if (!atLeastOne() || sub === undefined) return { ...base, keyword, expression: "", trigger: undefined };
      flagsOrEmpty();
      const trigger = sub.keyword.value.toUpperCase();
      let expression = logical.text.replace(/^\s*ONBUILD\s*/i, "");
      for (const heredoc of context.heredocs) expression += `\n${heredoc.content}${heredoc.name}`;
      if (trigger === "ONBUILD") {
        fail("InvalidInstructionArguments", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        return { ...base, keyword, expression, trigger: undefined };
      }
      if (trigger === "MAINTAINER" || trigger === "FROM") {
        fail("InvalidInstructionArguments", `${trigger} isn't allowed as an ONBUILD trigger`);
        return { ...base, keyword, expression, trigger: undefined };
      }
      // The trigger's own errors surface when a child image runs it, not here: collect them apart.
      const silent: Reporter = () => undefined;
      let broken = false;
      const nested = convertNode(sub, {
        ...context,
        report: (name, message, range, severity) => {
          if ((severity ?? "error") === "error") broken = true;
          silent(name, message, range, severity);
        },
      });
      return { ...base, keyword, expression, trigger: broken ? undefined : nested };
    }
    case "WORKDIR":
    case "USER":
    case "STOPSIGNAL": {
      const one = exactlyOne();
      // parse.go: STOPSIGNAL never parses its flags.
      if (one && keyword !== "STOPSIGNAL") flagsOrEmpty();
      const word = one ? single() : undefined;
      if (keyword === "WORKDIR") return { ...base, keyword, path: word };
      if (keyword === "USER") return { ...base, keyword, user: word };
      return { ...base, keyword, signal: word };
    }
    case "RUN":
    case "CMD":
    case "ENTRYPOINT": {
      const parsed = flagsOrEmpty();
      const command = commandOf(node.next, logical);
      if (keyword !== "RUN") return { ...base, keyword, command };
      return {
        ...base,
        keyword,
        command,
        mounts: parsed.lists.get("mount") ?? [],
        ...optional("network", parsed.strings.get("network")),
        ...optional("security", parsed.strings.get("security")),
      };
    }
    case "HEALTHCHECK": {
      if (!atLeastOne() || node.next.kind !== "health") {
        return { ...base, keyword, type: undefined, command: undefined, options: {} };
      }
      const type = node.next.type.value.toUpperCase();
      if (type === "NONE") {
        if (args.length > 1) fail("InvalidInstructionArguments", "HEALTHCHECK NONE takes no arguments");
        return { ...base, keyword, type: "NONE", command: undefined, options: {} };
      }
      const parsed = flagsOrEmpty();
      const options = {
        ...optional("interval", parsed.strings.get("interval")),
        ...optional("timeout", parsed.strings.get("timeout")),
        ...optional("startPeriod", parsed.strings.get("start-period")),
        ...optional("startInterval", parsed.strings.get("start-interval")),
        ...optional("retries", parsed.strings.get("retries")),
      };
      if (type !== "CMD") {
        fail("InvalidInstructionArguments", `Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`);
        return { ...base, keyword, type: undefined, command: undefined, options };
      }
      const command = commandOf(node.next.command, logical);
      if (command === undefined || (command.form === "exec" && command.argv.length === 0)) {
        fail("MissingArguments", "Missing command after HEALTHCHECK CMD");
      }
      return { ...base, keyword, type: "CMD", command, options };
    }
    case "EXPOSE": {
      if (atLeastOne()) flagsOrEmpty();
      return { ...base, keyword, ports: wordsOf(node.next, logical) };
    }
    case "VOLUME": {
      const paths = wordsOf(node.next, logical);
      if (atLeastOne()) {
        flagsOrEmpty();
        if (paths.some((path) => path.value.trim() === "")) {
          fail("InvalidInstructionArguments", "VOLUME specified can not be an empty string");
        }
      }
      return { ...base, keyword, paths, jsonForm: node.next.kind === "json" };
    }
    case "ARG": {
      // parse.go: ARG never parses its flags.
      const definitions: ArgDefinition[] = [];
      if (atLeastOne() && node.next.kind === "words") {
        for (const word of node.next.words) {
          const index = word.value.indexOf("=");
          const range = logical.rangeOf(word.start, word.end);
          if (index === 0) {
            fail("InvalidInstructionArguments", "ARG names can not be blank", range);
            continue;
          }
          definitions.push(
            index === -1
              ? { key: word.value, range }
              : { key: word.value.slice(0, index), value: word.value.slice(index + 1), range },
          );
        }
      }
      return { ...base, keyword, args: definitions };
    }
    case "SHELL": {
      flagsOrEmpty();
      if (node.next.kind === "none" || (node.next.kind === "json" && node.next.values.length === 0)) {
        fail("MissingArguments", "SHELL requires at least one argument");
        return { ...base, keyword, shell: undefined };
      }
      if (node.next.kind !== "json") {
        // parse.go errNotJSON
        fail("InvalidJson", `SHELL requires the arguments to be in JSON form`);
        return { ...base, keyword, shell: undefined };
      }
      return { ...base, keyword, shell: [...node.next.values] };
    }
  }
}

function lineEnd(logical: LogicalLine): { line: number; column: number } {
  const trimmed = logical.text.replace(/\s+$/u, "").length;
  return trimmed === 0 ? logical.positionAt(0) : logical.endAt(trimmed);
}

function pairsOf(next: Extract<NodeArgs, { kind: "pairs" }>, logical: LogicalLine): KeyValue[] {
  return next.pairs.map((pair) => ({
    key: pair.key,
    value: pair.value,
    separator: pair.separator,
    range: logical.rangeOf(pair.start, pair.end),
  }));
}

function optional<Key extends string>(key: Key, value: string | undefined): { [K in Key]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [K in Key]?: string };
}
