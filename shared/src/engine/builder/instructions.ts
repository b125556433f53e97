/**
 * The builder's view of a parsed Dockerfile: stages with their instructions, words kept
 * *unexpanded* (variables are expanded while building, against the state each builder keeps at
 * that step). `plan-from-dockerfile.ts` produces it from the Dockerfile parser's syntax tree.
 */
import type { Range } from "../../core/diagnostics.ts";

interface InstructionBase {
  /** The instruction as written, continuation lines joined (`Step n/m : <original>`). */
  readonly original: string;
  readonly range: Range;
  /** `--name=value` flags, values unexpanded; a bare `--link` has the value "true". */
  readonly flags: Readonly<Record<string, string>>;
  /** The here-documents that follow the line (`RUN <<EOT`, `COPY <<EOT /x`), in order; absent when none. */
  readonly heredocs?: readonly HereDocument[];
}

/** A Dockerfile here-document (BuildKit's Dockerfile 1.4+): its delimiter and body. */
export interface HereDocument {
  /** The delimiter without quotes (`EOT`). */
  readonly name: string;
  /** The body, each line ending in `\n`; leading tabs already removed for `<<-`. */
  readonly content: string;
  /** False for a quoted delimiter (`<<"EOT"`, `<<'EOT'`): BuildKit expands no variables in it. */
  readonly expand: boolean;
  /** The 1-based line of its closing delimiter (BuildKit frames an instruction down to it). */
  readonly lastLine: number;
}

/** Shell form (`RUN echo hi`) or exec form (`RUN ["echo", "hi"]`). */
export type CommandLine =
  | { readonly form: "shell"; readonly text: string }
  | { readonly form: "exec"; readonly argv: readonly string[] };

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

export interface ArgDefinition {
  readonly key: string;
  /** The default as written (unexpanded); absent for `ARG NAME`. */
  readonly value?: string;
}

type CommandInstruction<Keyword extends string> = InstructionBase & {
  readonly keyword: Keyword;
  readonly command: CommandLine;
};

type PairsInstruction<Keyword extends string> = InstructionBase & {
  readonly keyword: Keyword;
  readonly pairs: readonly KeyValue[];
};

type CopyLikeInstruction<Keyword extends string> = InstructionBase & {
  readonly keyword: Keyword;
  readonly sources: readonly string[];
  readonly dest: string;
};

export type Instruction =
  | CommandInstruction<"RUN">
  | CommandInstruction<"CMD">
  | CommandInstruction<"ENTRYPOINT">
  | PairsInstruction<"ENV">
  | PairsInstruction<"LABEL">
  | (InstructionBase & { readonly keyword: "ARG"; readonly args: readonly ArgDefinition[] })
  | CopyLikeInstruction<"COPY">
  | CopyLikeInstruction<"ADD">
  | (InstructionBase & { readonly keyword: "WORKDIR"; readonly path: string })
  | (InstructionBase & { readonly keyword: "USER"; readonly user: string })
  | (InstructionBase & { readonly keyword: "EXPOSE"; readonly ports: readonly string[] })
  | (InstructionBase & { readonly keyword: "VOLUME"; readonly paths: readonly string[] })
  | (InstructionBase & { readonly keyword: "STOPSIGNAL"; readonly signal: string })
  | (InstructionBase & { readonly keyword: "MAINTAINER"; readonly maintainer: string })
  | (InstructionBase & { readonly keyword: "SHELL"; readonly shell: readonly string[] })
  | (InstructionBase & {
      readonly keyword: "HEALTHCHECK";
      /** `HEALTHCHECK NONE` when absent. */
      readonly command?: CommandLine;
    })
  | (InstructionBase & {
      readonly keyword: "ONBUILD";
      /** The trigger text after ONBUILD, exactly as written (stored in `OnBuild`). */
      readonly expression: string;
    });

export type InstructionKeyword = Instruction["keyword"];

export type InstructionOf<Keyword extends InstructionKeyword> = Extract<
  Instruction,
  { readonly keyword: Keyword }
>;

export interface FromClause {
  readonly original: string;
  readonly range: Range;
  /** The base as written (may contain `$VARS` from ARGs before FROM). */
  readonly image: string;
  /** `AS name`, lower-cased as Docker stores it. */
  readonly name?: string;
  /** `--platform`. */
  readonly platform?: string;
}

export interface Stage {
  readonly index: number;
  readonly from: FromClause;
  readonly instructions: readonly Instruction[];
}

export interface BuildPlan {
  /** ARGs before the first FROM. */
  readonly metaArgs: readonly InstructionOf<"ARG">[];
  readonly stages: readonly Stage[];
  /** The escape character (`\` or a backtick from `# escape=`). */
  readonly escapeToken: string;
}
