/**
 * A small pflag-like parser for docker subcommands: long (`--tag x`, `--tag=x`) and short flags
 * (`-t x`, `-tx`, grouped booleans `-as`), repeatable values, and docker's error wording for
 * unknown flags (`unknown flag: --x`, `unknown shorthand flag: 'x' in -x`).
 */

export interface FlagSpec {
  readonly long: string;
  readonly short?: string;
  /** Takes a value (`--tag x`); otherwise a boolean. */
  readonly value?: boolean;
}

export interface ParsedArgs {
  readonly flags: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
}

export type ParseOutcome = { ok: true; args: ParsedArgs } | { ok: false; message: string };

/**
 * Parses `argv` against `specs`. With `interspersed: false` (run, create, exec) the first
 * positional ends the flags: the rest is the image and its command.
 */
export function parseFlags(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  options: { interspersed?: boolean } = {},
): ParseOutcome {
  const interspersed = options.interspersed ?? true;
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  const add = (spec: FlagSpec, value: string) => {
    flags.set(spec.long, [...(flags.get(spec.long) ?? []), value]);
  };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (arg === "--") {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const equals = arg.indexOf("=");
      const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
      const spec = specs.find((candidate) => candidate.long === name);
      if (spec === undefined) return { ok: false, message: `unknown flag: --${name}` };
      if (spec.value === true) {
        const value = equals === -1 ? argv[++index] : arg.slice(equals + 1);
        if (value === undefined) return { ok: false, message: `flag needs an argument: --${name}` };
        add(spec, value);
      } else add(spec, equals === -1 ? "true" : arg.slice(equals + 1));
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      for (let position = 1; position < arg.length; position += 1) {
        const letter = arg[position] as string;
        const spec = specs.find((candidate) => candidate.short === letter);
        if (spec === undefined)
          return { ok: false, message: `unknown shorthand flag: '${letter}' in ${arg}` };
        if (spec.value === true) {
          const rest = arg.slice(position + 1);
          const value = rest !== "" ? rest.replace(/^=/, "") : argv[++index];
          if (value === undefined)
            return { ok: false, message: `flag needs an argument: '${letter}' in -${letter}` };
          add(spec, value);
          break;
        }
        if (arg[position + 1] === "=") {
          // pflag: `-H=false` gives a boolean shorthand its value.
          add(spec, arg.slice(position + 2));
          break;
        }
        add(spec, "true");
      }
      continue;
    }
    positionals.push(arg);
    if (!interspersed) {
      positionals.push(...argv.slice(index + 1));
      break;
    }
  }
  return { ok: true, args: { flags, positionals } };
}

/** The last value of a flag. */
export function flagValue(args: ParsedArgs, long: string): string | undefined {
  return args.flags.get(long)?.at(-1);
}

/** Every value of a repeatable flag. */
export function flagValues(args: ParsedArgs, long: string): readonly string[] {
  return args.flags.get(long) ?? [];
}

/** Whether a boolean flag is set (`--all`, `--all=true`). */
export function hasFlag(args: ParsedArgs, long: string): boolean {
  const value = flagValue(args, long);
  return value !== undefined && value !== "false";
}
