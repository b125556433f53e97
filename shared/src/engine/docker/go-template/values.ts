/**
 * Values while a template runs: field access (typed or raw JSON), Go's `%v` printing, and the
 * builtin and Docker-added functions.
 */

import { MARSHAL_JSON } from "./marshal-json.ts";
import type { FieldKind, Schema } from "./types.ts";

/** A value during execution: the data, and its Go type when the typed pass knows it. */
export interface Value {
  readonly data: unknown;
  readonly kind?: FieldKind;
}

export class ExecutionError extends Error {
  /** What the template had written before the failing action (Go's output is not buffered). */
  written = "";
}

export const NO_VALUE = Symbol("no value");

export function isObject(data: unknown): data is Record<string, unknown> {
  return typeof data === "object" && data !== null && !Array.isArray(data);
}

function structOf(kind: FieldKind | undefined): Schema | undefined {
  if (kind === undefined || typeof kind === "string") return undefined;
  if ("method" in kind) return undefined;
  return "struct" in kind ? kind.struct : kind.pointerTo;
}

/** Go's %v of a value. */
export function formatValue(value: Value): string {
  const { data, kind } = value;
  if (data === NO_VALUE) return "<no value>";
  const schema = structOf(kind);
  if (data === null || data === undefined) {
    if (kind === "slice") return "[]";
    if (kind === "map") return "map[]";
    if (kind === "string") return "";
    if (kind === "bool") return "false";
    if (kind === "int") return "0";
    if (kind !== undefined && typeof kind !== "string" && "struct" in kind) {
      return formatValue({ data: {}, kind });
    }
    return "<nil>";
  }
  if (kind === "time" && typeof data === "string") return goTimeString(data);
  if (typeof data === "string") return data;
  if (typeof data === "number" || typeof data === "boolean") return String(data);
  if (Array.isArray(data)) return `[${data.map((item) => formatValue({ data: item })).join(" ")}]`;
  if (isObject(data)) {
    if (schema !== undefined) {
      return `{${schema.map(([name, fieldKind]) => formatValue({ data: data[name], kind: fieldKind })).join(" ")}}`;
    }
    const keys = Object.keys(data).sort();
    return `map[${keys.map((key) => `${key}:${formatValue({ data: data[key] })}`).join(" ")}]`;
  }
  return String(data);
}

/** time.Time's String(): `2026-11-22 22:23:35.797621075 +0000 UTC`. */
function goTimeString(rfc3339: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(rfc3339);
  if (!match) return rfc3339;
  const fraction = (match[3] ?? "").replace(/0+$/, "");
  return `${match[1]} ${match[2]}${fraction === "." ? "" : fraction} +0000 UTC`;
}

export function truthy(data: unknown): boolean {
  if (data === NO_VALUE || data === null || data === undefined || data === false || data === 0 || data === "")
    return false;
  if (Array.isArray(data)) return data.length > 0;
  if (isObject(data)) return Object.keys(data).length > 0;
  return true;
}

/** Field access: typed (schema zero values for absent fields) or raw (missingkey=error). */
export function field(value: Value, name: string, typed: boolean): Value {
  const { data } = value;
  const schema = typed ? structOf(value.kind) : undefined;
  if (data === null || data === undefined || data === NO_VALUE) {
    throw new ExecutionError(
      typed && schema !== undefined
        ? `nil pointer evaluating *${name}`
        : `nil pointer evaluating interface {}.${name}`,
    );
  }
  if (!isObject(data)) throw new ExecutionError(`can't evaluate field ${name} in type ${typeof data}`);
  if (schema !== undefined) {
    const declared = schema.find(([fieldName]) => fieldName === name);
    if (declared === undefined) {
      const goType = value.kind !== undefined && typeof value.kind !== "string" && "goType" in value.kind;
      throw new ExecutionError(
        `can't evaluate field ${name}${goType ? ` in type ${(value.kind as { goType: string }).goType}` : ""}`,
      );
    }
    return { data: data[name] ?? null, kind: declared[1] };
  }
  if (!(name in data)) throw new ExecutionError(`map has no entry for key "${name}"`);
  return { data: data[name] };
}

function goQuote(text: string): string {
  return JSON.stringify(text);
}

function printf(format: string, args: readonly Value[]): string {
  let next = 0;
  return format.replace(
    /%([-+ 0#]*)(\d*)([sdvqtx%])/g,
    (_match, flags: string, width: string, verb: string) => {
      if (verb === "%") return "%";
      const arg = args[next];
      next += 1;
      if (arg === undefined) return `%!${verb}(MISSING)`;
      let text =
        verb === "q"
          ? goQuote(formatValue(arg))
          : verb === "x"
            ? typeof arg.data === "number"
              ? arg.data.toString(16)
              : [...new TextEncoder().encode(formatValue(arg))]
                  .map((byte) => byte.toString(16).padStart(2, "0"))
                  .join("")
            : formatValue(arg);
      const size = Number(width || 0);
      if (text.length < size) {
        if (flags.includes("-")) text = text.padEnd(size);
        else text = text.padStart(size, flags.includes("0") && verb === "d" ? "0" : " ");
      }
      return text;
    },
  );
}

/** Go's fmt.Sprint: a space between operands when neither is a string. */
function sprint(args: readonly Value[]): string {
  let out = "";
  args.forEach((arg, index) => {
    const previous = args[index - 1];
    if (index > 0 && typeof arg.data !== "string" && typeof previous?.data !== "string") out += " ";
    out += formatValue(arg);
  });
  return out;
}

function compare(name: string, left: Value, right: Value): boolean {
  const a = left.data;
  const b = right.data;
  if (name === "eq") return a === b;
  if (name === "ne") return a !== b;
  if (typeof a !== typeof b || (typeof a !== "number" && typeof a !== "string"))
    throw new ExecutionError(`error calling ${name}: incompatible types for comparison`);
  const order = (a as number | string) < (b as number | string) ? -1 : a === b ? 0 : 1;
  return name === "lt" ? order < 0 : name === "le" ? order <= 0 : name === "gt" ? order > 0 : order >= 0;
}

export function callFunction(name: string, args: Value[]): Value {
  const first = args[0];
  const text = (value: Value | undefined) => (value === undefined ? "" : formatValue(value));
  switch (name) {
    case "and":
      return args.find((arg) => !truthy(arg.data)) ?? (args.at(-1) as Value);
    case "or":
      return args.find((arg) => truthy(arg.data)) ?? (args.at(-1) as Value);
    case "not":
      return { data: !truthy(first?.data) };
    case "len": {
      const data = first?.data;
      if (typeof data === "string") return { data: new TextEncoder().encode(data).length };
      if (Array.isArray(data)) return { data: data.length };
      if (isObject(data)) return { data: Object.keys(data).length };
      if ((data === null || data === undefined) && (first?.kind === "slice" || first?.kind === "map"))
        return { data: 0 };
      throw new ExecutionError(`error calling len: len of ${data === null ? "nil pointer" : "type"}`);
    }
    case "index": {
      let current = first;
      for (const key of args.slice(1)) {
        const data = current?.data;
        if (data === null || data === undefined) {
          if (current?.kind === "map") return { data: "" };
          if (current?.kind === "slice")
            throw new ExecutionError(`error calling index: index out of range: ${text(key)}`);
          throw new ExecutionError("error calling index: index of untyped nil");
        }
        if (Array.isArray(data)) {
          const position = key.data as number;
          if (typeof position !== "number" || position < 0 || position >= data.length)
            throw new ExecutionError(`error calling index: index out of range: ${text(key)}`);
          current = { data: data[position] };
        } else if (isObject(data))
          current = { data: data[String(key.data)] ?? (current?.kind === "map" ? "" : NO_VALUE) };
        else throw new ExecutionError(`error calling index: can't index item of type ${typeof data}`);
      }
      return current ?? { data: NO_VALUE };
    }
    case "print":
      return { data: sprint(args) };
    case "println":
      return { data: `${args.map((arg) => formatValue(arg)).join(" ")}\n` };
    case "printf":
      return { data: printf(text(first), args.slice(1)) };
    case "eq":
    case "ne":
    case "lt":
    case "le":
    case "gt":
    case "ge":
      if (args.length < 2)
        throw new ExecutionError(`wrong number of args for ${name}: want 2 got ${args.length}`);
      return { data: compare(name, first as Value, args[1] as Value) };
    case "json":
      return { data: jsonOf(first?.data) };
    case "join":
      return {
        data: (Array.isArray(first?.data) ? first.data : [])
          .map((item) => formatValue({ data: item }))
          .join(text(args[1])),
      };
    case "split":
      return { data: text(first).split(text(args[1])) };
    case "lower":
      return { data: text(first).toLowerCase() };
    case "upper":
      return { data: text(first).toUpperCase() };
    case "title":
      return {
        data: text(first).replace(
          /(^|\s)(\S)/g,
          (_all, space: string, letter: string) => space + letter.toUpperCase(),
        ),
      };
    case "pad":
      return {
        data: `${" ".repeat(Number(args[1]?.data ?? 0))}${text(first)}${" ".repeat(Number(args[2]?.data ?? 0))}`,
      };
    case "truncate": {
      const limit = Number(args[1]?.data ?? 0);
      const value = text(first);
      return { data: [...value].length > limit ? [...value].slice(0, limit).join("") : value };
    }
    default:
      throw new ExecutionError(`function "${name}" not defined`);
  }
}

/** Docker's `json` function: encoding/json without HTML escaping, no trailing newline. */
function jsonOf(data: unknown): string {
  if (data === NO_VALUE || data === undefined) return "null";
  if (isObject(data) && MARSHAL_JSON in data) return (data[MARSHAL_JSON] as () => string)();
  return JSON.stringify(data, (_key, value: unknown) =>
    isObject(value) ? Object.fromEntries(Object.entries(value)) : value,
  );
}
