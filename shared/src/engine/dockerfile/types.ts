/**
 * The Dockerfile syntax tree. It mirrors what BuildKit's `frontend/dockerfile/parser` produces
 * (one node per logical line, continuation lines joined, comments dropped) and then what
 * `frontend/dockerfile/instructions/parse.go` makes of each node (typed arguments and flags).
 *
 * Words are kept *unexpanded and as written* (quotes and escapes included): variables are expanded
 * while building, against each builder's state at that step (`expand.ts`). Every node carries its
 * range in the source text (1-based line and column, end exclusive).
 */
import type { Diagnostic, Range } from "../../core/diagnostics.ts";

/** The instruction keywords Docker knows, upper-cased (keywords are case-insensitive). */
export type InstructionKeyword =
  | "ADD"
  | "ARG"
  | "CMD"
  | "COPY"
  | "ENTRYPOINT"
  | "ENV"
  | "EXPOSE"
  | "FROM"
  | "HEALTHCHECK"
  | "LABEL"
  | "MAINTAINER"
  | "ONBUILD"
  | "RUN"
  | "SHELL"
  | "STOPSIGNAL"
  | "USER"
  | "VOLUME"
  | "WORKDIR";

/** The escape character of a Dockerfile: `\` by default, a backtick after `# escape=\``. */
export type EscapeToken = "\\" | "`";

/** One whitespace-separated word of an instruction, as written (quotes and escapes kept). */
export interface Word {
  readonly value: string;
  readonly range: Range;
}

/**
 * A `--name=value` flag before an instruction's arguments. A bare flag (`--link`) has no value;
 * `value` is unexpanded. Flags are parsed for every instruction, so the builder decides which it
 * rejects (the classic builder rejects BuildKit-only ones, rule 8.7/8.8).
 */
export interface Flag {
  readonly name: string;
  /** `undefined` for a bare `--name`; `""` for `--name=`. */
  readonly value: string | undefined;
  /** The flag as written, `--from=build`. */
  readonly original: string;
  readonly range: Range;
}

/**
 * How RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD give their command. Docker decides exactly so:
 * arguments that parse as a JSON array of strings are the exec form; anything else is the shell
 * form, the whole text as written.
 */
export type CommandLine =
  | { readonly form: "shell"; readonly text: string; readonly range: Range }
  | { readonly form: "exec"; readonly argv: readonly string[]; readonly range: Range };

/** A here-document attached to RUN, COPY or ADD (`RUN <<EOF … EOF`, BuildKit dockerfile 1.4+). */
export interface Heredoc {
  /** The delimiter word without quotes, `EOF`. */
  readonly name: string;
  /** The body, lines joined with `\n`, ending with `\n` when non-empty; the delimiter line excluded. */
  readonly content: string;
  /** `false` when the delimiter was quoted (`<<"EOF"`, `<<'EOF'`): no variable expansion. */
  readonly expand: boolean;
  /** `true` for `<<-EOF`: leading tabs are removed from the body lines. */
  readonly chomp: boolean;
  readonly range: Range;
}

/** `key=value` in ENV and LABEL (or `ENV key value` in the legacy form); both unexpanded. */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
  /** `=` for `k=v`, `space` for the legacy `ENV k v` form. */
  readonly separator: "=" | "space";
  readonly range: Range;
}

/** One name of an ARG instruction, with its default as written. */
export interface ArgDefinition {
  readonly key: string;
  /** The default, unexpanded; absent for `ARG NAME`. */
  readonly value?: string;
  readonly range: Range;
}

/** A BuildKit-only feature an instruction uses; the classic builder rejects these (rule 8.7/8.8). */
export interface BuildKitFeature {
  /** The flag name without dashes (`chmod`, `mount`, `link`, …) or `heredoc`. */
  readonly feature: string;
  /** What the classic builder (20.10) prints, e.g. `the --chmod option requires BuildKit`. */
  readonly classicMessage: string;
  readonly range: Range;
}

interface InstructionBase<Keyword extends InstructionKeyword> {
  readonly keyword: Keyword;
  /** The keyword as written (`run`, `Run`, …). */
  readonly keywordText: string;
  readonly keywordRange: Range;
  /**
   * The logical line as Docker keeps it (`node.Original`): continuation lines joined without the
   * escape character and newline, comment lines inside the continuation dropped.
   */
  readonly original: string;
  readonly range: Range;
  readonly flags: readonly Flag[];
  /** Everything after the keyword and its flags, as `original` has it (leading blanks removed). */
  readonly argumentsText: string;
  /** Here-documents, in the order of their `<<` markers (empty when none). */
  readonly heredocs: readonly Heredoc[];
  /** BuildKit-only features used; the classic builder fails the build on the first one. */
  readonly buildKitOnly: readonly BuildKitFeature[];
}

export interface FromInstruction extends InstructionBase<"FROM"> {
  /** The base image reference, unexpanded (may use ARGs declared before the first FROM). */
  readonly image: Word | undefined;
  /** `AS name` as written. */
  readonly stageName?: Word;
  /** The stage name lower-cased, as Docker stores it. */
  readonly name?: string;
  /** `--platform` value, unexpanded. */
  readonly platform?: string;
}

export interface RunInstruction extends InstructionBase<"RUN"> {
  readonly command: CommandLine | undefined;
  /** The values of every `--mount` flag, unparsed. */
  readonly mounts: readonly string[];
  readonly network?: string;
  readonly security?: string;
}

export interface CmdInstruction extends InstructionBase<"CMD"> {
  readonly command: CommandLine | undefined;
}

export interface EntrypointInstruction extends InstructionBase<"ENTRYPOINT"> {
  readonly command: CommandLine | undefined;
}

export interface LabelInstruction extends InstructionBase<"LABEL"> {
  readonly pairs: readonly KeyValue[];
}

export interface EnvInstruction extends InstructionBase<"ENV"> {
  readonly pairs: readonly KeyValue[];
}

export interface MaintainerInstruction extends InstructionBase<"MAINTAINER"> {
  /** The whole argument text. */
  readonly maintainer: string;
}

export interface ExposeInstruction extends InstructionBase<"EXPOSE"> {
  readonly ports: readonly Word[];
}

interface CopyLike<Keyword extends "ADD" | "COPY"> extends InstructionBase<Keyword> {
  /**
   * The sources (the destination NOT included), unexpanded; JSON strings decoded in the JSON form.
   * Each word has its own range (in the JSON form, the range of its string literal).
   */
  readonly sources: readonly Word[];
  /** The last argument; `undefined` when there is fewer than two arguments (with a diagnostic). */
  readonly dest: Word | undefined;
  /** `true` for `COPY ["a", "b"]`. */
  readonly jsonForm: boolean;
  readonly from?: string;
  readonly chown?: string;
  readonly chmod?: string;
  readonly link: boolean;
  readonly exclude: readonly string[];
  readonly parents: boolean;
}

export interface CopyInstruction extends CopyLike<"COPY"> {}

export interface AddInstruction extends CopyLike<"ADD"> {
  readonly keepGitDir: boolean;
  readonly checksum?: string;
}

export interface VolumeInstruction extends InstructionBase<"VOLUME"> {
  readonly paths: readonly Word[];
  readonly jsonForm: boolean;
}

export interface UserInstruction extends InstructionBase<"USER"> {
  readonly user: Word | undefined;
}

export interface WorkdirInstruction extends InstructionBase<"WORKDIR"> {
  readonly path: Word | undefined;
}

export interface ArgInstruction extends InstructionBase<"ARG"> {
  readonly args: readonly ArgDefinition[];
}

export interface OnbuildInstruction extends InstructionBase<"ONBUILD"> {
  /** The trigger text after ONBUILD exactly as Docker stores it in `Config.OnBuild`. */
  readonly expression: string;
  /** The trigger parsed as an instruction; `undefined` when it is invalid (with a diagnostic). */
  readonly trigger: Instruction | undefined;
}

export interface StopsignalInstruction extends InstructionBase<"STOPSIGNAL"> {
  readonly signal: Word | undefined;
}

/** HEALTHCHECK options as written (`--interval=30s`, …); Docker parses the durations while building. */
export interface HealthcheckOptions {
  readonly interval?: string;
  readonly timeout?: string;
  readonly startPeriod?: string;
  readonly startInterval?: string;
  readonly retries?: string;
}

export interface HealthcheckInstruction extends InstructionBase<"HEALTHCHECK"> {
  /** `NONE` disables the base image's check; `CMD` sets one. */
  readonly type: "NONE" | "CMD" | undefined;
  readonly command: CommandLine | undefined;
  readonly options: HealthcheckOptions;
}

export interface ShellInstruction extends InstructionBase<"SHELL"> {
  /** The JSON array; `undefined` when the arguments are not one (with a diagnostic). */
  readonly shell: readonly string[] | undefined;
}

/** Any instruction; narrow on `keyword`. */
export type Instruction =
  | AddInstruction
  | ArgInstruction
  | CmdInstruction
  | CopyInstruction
  | EntrypointInstruction
  | EnvInstruction
  | ExposeInstruction
  | FromInstruction
  | HealthcheckInstruction
  | LabelInstruction
  | MaintainerInstruction
  | OnbuildInstruction
  | RunInstruction
  | ShellInstruction
  | StopsignalInstruction
  | UserInstruction
  | VolumeInstruction
  | WorkdirInstruction;

export type InstructionOf<Keyword extends InstructionKeyword> = Extract<
  Instruction,
  { readonly keyword: Keyword }
>;

/** A `# name=value` parser directive at the top of the file. */
export interface ParserDirective {
  /** Lower-cased: `escape`, `syntax` or `check`. */
  readonly name: string;
  readonly value: string;
  readonly range: Range;
}

/** A `#` comment line (not a directive). Docker drops these, also inside continuation lines. */
export interface Comment {
  /** The text after `#`, untrimmed. */
  readonly text: string;
  readonly range: Range;
}

/** A build stage: one FROM and the instructions up to the next FROM. */
export interface Stage {
  /** 0-based, as `COPY --from=0` counts. */
  readonly index: number;
  /** The lower-cased `AS` name. */
  readonly name?: string;
  readonly from: FromInstruction;
  /** The instructions after FROM. */
  readonly instructions: readonly Instruction[];
}

/** A parsed Dockerfile. */
export interface Dockerfile {
  /** The file name as given to the parser (diagnostics carry it too). */
  readonly path?: string;
  readonly escapeToken: EscapeToken;
  readonly directives: readonly ParserDirective[];
  readonly comments: readonly Comment[];
  /**
   * Every instruction in source order, FROMs included. Unknown keywords and lines Docker's line
   * parser rejects are left out; instructions with invalid arguments are kept with the invalid
   * parts `undefined` (their diagnostics say why).
   */
  readonly instructions: readonly Instruction[];
  /** ARGs before the first FROM (global scope, usable in FROM). */
  readonly metaArgs: readonly ArgInstruction[];
  readonly stages: readonly Stage[];
  readonly range: Range;
}

/** What `parseDockerfile` returns: always a tree, plus every problem found. */
export interface ParseResult {
  readonly dockerfile: Dockerfile;
  readonly diagnostics: readonly Diagnostic[];
}

/** Options of `parseDockerfile`. */
export interface ParseOptions {
  /** The file name diagnostics should carry (`Dockerfile`). */
  readonly path?: string;
  /**
   * The escape token to start with (default `\`); an `# escape=` directive still overrides it.
   * ONBUILD triggers are parsed with the escape token of the Dockerfile that declared them.
   */
  readonly escapeToken?: EscapeToken;
}
