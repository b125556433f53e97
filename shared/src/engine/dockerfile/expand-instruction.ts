/**
 * Applies Docker's variable expansion to one instruction, field by field, as the builders do
 * before dispatching it (BuildKit instructions/commands.go `Expand` methods and dockerfile2llb):
 * one `ProcessWord` per field, except EXPOSE ports (`ProcessWords`, split on whitespace). RUN,
 * CMD, ENTRYPOINT, HEALTHCHECK, SHELL, MAINTAINER and ONBUILD are returned unchanged.
 */
import type { Diagnostic } from "../../core/diagnostics.ts";
import type { EnvLookup } from "./expand.ts";
import { expandString, expandWords } from "./expand.ts";
import type { ArgDefinition, EscapeToken, Instruction, KeyValue, Word } from "./types.ts";

/** The instruction with its words expanded, or the first expansion problem. */
export interface ExpandedInstruction {
  readonly instruction: Instruction;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Expands an instruction's words against `lookup` (the step's ENV plus the ARGs in scope).
 * @example expandInstruction(copy, lookupFromEnv(["APP=/srv"])) // dest "/srv" for `COPY . $APP`
 */
export function expandInstruction(
  instruction: Instruction,
  lookup: EnvLookup,
  options: { escapeToken?: EscapeToken; path?: string } = {},
): ExpandedInstruction {
  const diagnostics: Diagnostic[] = [];
  const base = {
    ...(options.escapeToken === undefined ? {} : { escapeToken: options.escapeToken }),
    ...(options.path === undefined ? {} : { path: options.path }),
  };
  const one = (value: string, range = instruction.range): string => {
    const result = expandString(value, lookup, { ...base, range });
    if (result.ok) return result.value;
    if (diagnostics.length === 0) diagnostics.push(result.diagnostic);
    return value;
  };
  const word = (item: Word): Word => ({ value: one(item.value, item.range), range: item.range });
  const maybeWord = (item: Word | undefined): Word | undefined =>
    item === undefined ? undefined : word(item);
  const pair = (item: KeyValue): KeyValue => ({
    ...item,
    key: one(item.key, item.range),
    value: one(item.value, item.range),
  });
  const optional = <Key extends string>(key: Key, value: string | undefined): { [K in Key]?: string } =>
    (value === undefined ? {} : { [key]: one(value) }) as { [K in Key]?: string };

  const expanded = ((): Instruction => {
    switch (instruction.keyword) {
      case "ENV":
      case "LABEL":
        return { ...instruction, pairs: instruction.pairs.map(pair) };
      case "ARG":
        return {
          ...instruction,
          args: instruction.args.map(
            (arg): ArgDefinition => ({
              key: one(arg.key, arg.range),
              ...(arg.value === undefined ? {} : { value: one(arg.value, arg.range) }),
              range: arg.range,
            }),
          ),
        };
      case "FROM":
        return {
          ...instruction,
          image: maybeWord(instruction.image),
          ...optional("platform", instruction.platform),
        };
      case "COPY":
        return {
          ...instruction,
          sources: instruction.sources.map(word),
          dest: maybeWord(instruction.dest),
          ...optional("from", instruction.from),
          ...optional("chown", instruction.chown),
          ...optional("chmod", instruction.chmod),
          exclude: instruction.exclude.map((pattern) => one(pattern)),
        };
      case "ADD":
        return {
          ...instruction,
          sources: instruction.sources.map(word),
          dest: maybeWord(instruction.dest),
          ...optional("chown", instruction.chown),
          ...optional("chmod", instruction.chmod),
          ...optional("checksum", instruction.checksum),
          exclude: instruction.exclude.map((pattern) => one(pattern)),
        };
      case "WORKDIR":
        return { ...instruction, path: maybeWord(instruction.path) };
      case "USER":
        return { ...instruction, user: maybeWord(instruction.user) };
      case "STOPSIGNAL":
        return { ...instruction, signal: maybeWord(instruction.signal) };
      case "VOLUME":
        return { ...instruction, paths: instruction.paths.map(word) };
      case "EXPOSE":
        return {
          ...instruction,
          ports: instruction.ports.flatMap((port) => {
            const result = expandWords(port.value, lookup, { ...base, range: port.range });
            if (result.ok) return result.value.map((value) => ({ value, range: port.range }));
            if (diagnostics.length === 0) diagnostics.push(result.diagnostic);
            return [port];
          }),
        };
      case "RUN":
        return { ...instruction, mounts: instruction.mounts.map((mount) => one(mount)) };
      default:
        return instruction;
    }
  })();
  return { instruction: expanded, diagnostics };
}
