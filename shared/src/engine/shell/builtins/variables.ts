/**
 * The builtins over variables: export and readonly (with their `-p` listings), unset, local inside
 * functions, and let (arithmetic assignments).
 */

import { evaluateArithmetic } from "../arith.ts";
import { type ShellContext, setVariable } from "../context.ts";
import { lookupVariable } from "../expand-parameters.ts";
import { ShellError } from "../signals.ts";
import { type Builtin, fail, NAME, quoteValue } from "./support.ts";

export const exportOrReadonly =
  (kind: "export" | "readonly"): Builtin =>
  (args, io, context) => {
    const names = args.filter((arg) => arg !== "-p" && arg !== "-n");
    if (names.length === 0) {
      const listed = kind === "export" ? context.exported : context.readonly;
      for (const name of [...listed].sort()) {
        const value = context.env.get(name);
        io.out(`${kind} ${name}${value === undefined ? "" : `=${quoteValue(value)}`}\n`);
      }
      return 0;
    }
    for (const arg of names) {
      const equals = arg.indexOf("=");
      const name = equals === -1 ? arg : arg.slice(0, equals);
      if (!NAME.test(name)) throw fail(context, kind, `${name}: bad variable name`);
      if (equals !== -1) setVariable(context, name, arg.slice(equals + 1));
      if (kind === "export") {
        if (args.includes("-n")) context.exported.delete(name);
        else context.exported.add(name);
      } else context.readonly.add(name);
    }
    return 0;
  };

export const unset: Builtin = (args, _io, context) => {
  const functions = args.includes("-f");
  for (const arg of args) {
    if (arg === "-f" || arg === "-v") continue;
    if (functions) {
      context.functions.delete(arg);
      continue;
    }
    if (context.readonly.has(arg))
      throw new ShellError(`unset: line ${context.lineno}: ${arg}: is read only`);
    context.env.delete(arg);
    context.exported.delete(arg);
  }
  return 0;
};

export const local: Builtin = (args, _io, context, name) => {
  const frame = context.locals.at(-1);
  if (!frame) throw fail(context, name, "not in a function");
  for (const arg of args) {
    const equals = arg.indexOf("=");
    const variable = equals === -1 ? arg : arg.slice(0, equals);
    if (!NAME.test(variable)) throw fail(context, name, `${variable}: bad variable name`);
    if (!frame.has(variable))
      frame.set(variable, { value: context.env.get(variable), exported: context.exported.has(variable) });
    if (equals !== -1) setVariable(context, variable, arg.slice(equals + 1));
  }
  return 0;
};

export const let_: Builtin = (args, _io, context, name) => {
  if (args.length === 0) throw fail(context, name, "expression expected");
  let value = 0n;
  for (const arg of args) value = evaluateArithmetic(arg, arithmeticVariables(context));
  return value === 0n ? 1 : 0;
};

function arithmeticVariables(context: ShellContext) {
  return {
    get: (variable: string) => lookupVariable(variable, context),
    set: (variable: string, value: string) => setVariable(context, variable, value),
  };
}
