/**
 * The builtins over the shell's own state: set (options by letter and by `-o` name, `set --`, the
 * variable listing) and shift over the positional parameters.
 */

import type { ShellContext } from "../context.ts";
import { type Builtin, fail, parseCount, quoteValue } from "./support.ts";

const OPTION_NAMES: Readonly<Record<string, keyof ShellContext["options"] | "errexit">> = {
  errexit: "errexit",
  nounset: "nounset",
  xtrace: "xtrace",
  pipefail: "pipefail",
  noglob: "noglob",
  noclobber: "noclobber",
  allexport: "allexport",
};
const OPTION_LETTERS: Readonly<Record<string, keyof ShellContext["options"] | "errexit">> = {
  e: "errexit",
  u: "nounset",
  x: "xtrace",
  f: "noglob",
  C: "noclobber",
  a: "allexport",
};
const SET_O_ORDER = [
  "errexit",
  "noglob",
  "ignoreeof",
  "monitor",
  "noexec",
  "xtrace",
  "verbose",
  "noclobber",
  "allexport",
  "notify",
  "nounset",
  "errtrace",
  "vi",
  "pipefail",
];

function setOption(context: ShellContext, option: keyof ShellContext["options"] | "errexit", on: boolean) {
  if (option === "errexit") context.errexit = on;
  else context.options[option] = on;
}

function optionValue(context: ShellContext, name: string): boolean {
  const option = OPTION_NAMES[name];
  if (option === undefined) return false;
  return option === "errexit" ? context.errexit : context.options[option];
}

export const set: Builtin = (args, io, context, name) => {
  if (args.length === 0) {
    for (const variable of [...context.env.keys()].sort())
      io.out(`${variable}=${quoteValue(context.env.get(variable) ?? "")}\n`);
    return 0;
  }
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === "--") {
      context.args = args.slice(index + 1);
      return 0;
    }
    if (arg === "-") {
      context.options.xtrace = false;
      continue;
    }
    if (!/^[-+]/.test(arg)) {
      context.args = args.slice(index);
      return 0;
    }
    const on = arg.startsWith("-");
    for (const letter of arg.slice(1)) {
      if (letter === "o") {
        const optionName = args[index + 1];
        index += 1;
        if (optionName === undefined) {
          for (const option of SET_O_ORDER)
            io.out(`${option.padEnd(16)}${optionValue(context, option) ? "on" : "off"}\n`);
          continue;
        }
        const option = OPTION_NAMES[optionName];
        if (option === undefined) {
          if (SET_O_ORDER.includes(optionName)) continue;
          throw fail(context, name, `Illegal option -o ${optionName}`);
        }
        setOption(context, option, on);
        continue;
      }
      const option = OPTION_LETTERS[letter];
      if (option === undefined) {
        if ("vnmbhHEIT".includes(letter)) continue;
        throw fail(context, name, `Illegal option ${on ? "-" : "+"}${letter}`);
      }
      setOption(context, option, on);
    }
  }
  return 0;
};

export const shift: Builtin = (args, _io, context, name) => {
  const count = parseCount(context, name, args[0], 1);
  if (count > context.args.length) return 1;
  context.args = context.args.slice(count);
  return 0;
};
