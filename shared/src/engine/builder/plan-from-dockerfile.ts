/**
 * The builder's plan from the Dockerfile module's syntax tree (`dockerfile/types.ts`): the same
 * unexpanded words, flags as a record, stages with their instructions.
 */
import type { Diagnostic } from "../../core/diagnostics.ts";
import type * as Ast from "../dockerfile/types.ts";
import type { BuildPlan, CommandLine, Instruction, InstructionOf, Stage } from "./instructions.ts";
import type { ParsedPlan } from "./ports.ts";

function flagsOf(flags: readonly Ast.Flag[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) out[flag.name] = flag.value ?? "true";
  return out;
}

function commandOf(command: Ast.CommandLine | undefined): CommandLine {
  if (command === undefined) return { form: "exec", argv: [] };
  return command.form === "exec"
    ? { form: "exec", argv: command.argv }
    : { form: "shell", text: command.text };
}

/** COPY/ADD sources without the destination (the tree lists both together). */
function sourcesOf(instruction: Ast.CopyInstruction | Ast.AddInstruction): string[] {
  const words = [...instruction.sources];
  const last = words.at(-1);
  if (instruction.dest !== undefined && last !== undefined && last.range === instruction.dest.range)
    words.pop();
  else if (
    instruction.dest !== undefined &&
    last !== undefined &&
    last.value === instruction.dest.value &&
    last.range.start.line === instruction.dest.range.start.line &&
    last.range.start.column === instruction.dest.range.start.column
  ) {
    words.pop();
  }
  return words.map((word) => word.value);
}

function healthcheckFlags(options: Ast.HealthcheckOptions): Record<string, string> {
  const out: Record<string, string> = {};
  if (options.interval !== undefined) out.interval = options.interval;
  if (options.timeout !== undefined) out.timeout = options.timeout;
  if (options.startPeriod !== undefined) out["start-period"] = options.startPeriod;
  if (options.startInterval !== undefined) out["start-interval"] = options.startInterval;
  if (options.retries !== undefined) out.retries = options.retries;
  return out;
}

/** One syntax-tree instruction as the builder's instruction; undefined when it cannot run (FROM, or a malformed one). */
export function toBuildInstruction(node: Ast.Instruction): Instruction | undefined {
  const base = {
    original: node.original,
    range: node.range,
    flags: flagsOf(node.flags),
    ...(node.heredocs.length === 0
      ? {}
      : {
          heredocs: node.heredocs.map((doc) => ({
            name: doc.name,
            content: doc.content,
            expand: doc.expand,
            lastLine: doc.range.end.line,
          })),
        }),
  };
  switch (node.keyword) {
    case "FROM":
      return undefined;
    case "RUN":
      return node.command === undefined
        ? undefined
        : { ...base, keyword: "RUN", command: commandOf(node.command) };
    case "CMD":
      return { ...base, keyword: "CMD", command: commandOf(node.command) };
    case "ENTRYPOINT":
      return { ...base, keyword: "ENTRYPOINT", command: commandOf(node.command) };
    case "ENV":
      return {
        ...base,
        keyword: "ENV",
        pairs: node.pairs.map((pair) => ({ key: pair.key, value: pair.value })),
      };
    case "LABEL":
      return {
        ...base,
        keyword: "LABEL",
        pairs: node.pairs.map((pair) => ({ key: pair.key, value: pair.value })),
      };
    case "ARG":
      return {
        ...base,
        keyword: "ARG",
        args: node.args.map((arg) =>
          arg.value === undefined ? { key: arg.key } : { key: arg.key, value: arg.value },
        ),
      };
    case "COPY":
    case "ADD":
      if (node.dest === undefined) return undefined;
      return { ...base, keyword: node.keyword, sources: sourcesOf(node), dest: node.dest.value };
    case "WORKDIR":
      return node.path === undefined ? undefined : { ...base, keyword: "WORKDIR", path: node.path.value };
    case "USER":
      return node.user === undefined ? undefined : { ...base, keyword: "USER", user: node.user.value };
    case "EXPOSE":
      return { ...base, keyword: "EXPOSE", ports: node.ports.map((word) => word.value) };
    case "VOLUME":
      return { ...base, keyword: "VOLUME", paths: node.paths.map((word) => word.value) };
    case "STOPSIGNAL":
      return node.signal === undefined
        ? undefined
        : { ...base, keyword: "STOPSIGNAL", signal: node.signal.value };
    case "MAINTAINER":
      return { ...base, keyword: "MAINTAINER", maintainer: node.maintainer };
    case "SHELL":
      return node.shell === undefined ? undefined : { ...base, keyword: "SHELL", shell: node.shell };
    case "HEALTHCHECK": {
      const flags = { ...base.flags, ...healthcheckFlags(node.options) };
      if (node.type === "NONE") return { ...base, flags, keyword: "HEALTHCHECK" };
      return node.command === undefined
        ? undefined
        : { ...base, flags, keyword: "HEALTHCHECK", command: commandOf(node.command) };
    }
    case "ONBUILD":
      return { ...base, keyword: "ONBUILD", expression: node.expression };
  }
}

/** The builder's plan from a parse result. */
export function planFromDockerfile(
  dockerfile: Ast.Dockerfile,
  diagnostics: readonly Diagnostic[],
): ParsedPlan {
  const metaArgs = dockerfile.metaArgs
    .map(toBuildInstruction)
    .filter((instruction): instruction is InstructionOf<"ARG"> => instruction?.keyword === "ARG");
  const stages: Stage[] = dockerfile.stages.map((stage) => ({
    index: stage.index,
    from: {
      original: stage.from.original,
      range: stage.from.range,
      image: stage.from.image?.value ?? "",
      ...(stage.name === undefined ? {} : { name: stage.name }),
      ...(stage.from.platform === undefined ? {} : { platform: stage.from.platform }),
    },
    instructions: stage.instructions
      .map(toBuildInstruction)
      .filter((instruction): instruction is Instruction => instruction !== undefined),
  }));
  const plan: BuildPlan = { metaArgs, stages, escapeToken: dockerfile.escapeToken };
  return { plan, diagnostics };
}
