/**
 * What every builtin family shares: the Builtin signature, ash's error forms (fatal `fail` and
 * reported `report`), count arguments, the variable-name pattern and single-quoting for listings.
 */

import type { Io, ShellContext } from "../context.ts";
import { ShellError } from "../signals.ts";

export type Builtin = (args: readonly string[], io: Io, context: ShellContext, name: string) => number;

export function fail(context: ShellContext, name: string, message: string): ShellError {
  return new ShellError(`${name}: line ${context.lineno}: ${message}`);
}

export function report(io: Io, context: ShellContext, name: string, message: string): void {
  io.err(`${context.name}: ${name}: line ${context.lineno}: ${message}\n`);
}

export function parseCount(
  context: ShellContext,
  name: string,
  text: string | undefined,
  fallback: number,
): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw fail(context, name, `Illegal number: ${text}`);
  return Number(text);
}

export const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function quoteValue(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}
