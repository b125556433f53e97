/**
 * `--format` for `docker inspect`: the part of Go's text/template that Docker users write
 * (`{{.Config.Cmd}}`, `{{json .RootFS}}`, `{{range .RootFS.Layers}}{{println .}}{{end}}`,
 * `{{index .Config.Labels "k"}}`, `{{if}}`/`{{with}}`/`{{else}}`, pipes, `{{- -}}` trimming) with
 * Go's builtins and the functions Docker adds (json, join, split, lower, upper, title, pad,
 * truncate).
 *
 * Written here because no maintained JavaScript implementation of text/template exists (the npm
 * packages found are unmaintained partial ports). Docker executes a template on the typed Go struct
 * first and, when that fails, once more on the raw JSON decoded into maps with `missingkey=error`
 * (cli/command/inspect `TemplateInspector`); `executeDockerTemplate` does the same, the typed pass
 * guided by `Schema`s that give absent struct fields their zero values and print structs as Go does.
 */

/** A Go field's kind, for its zero value and how `%v` prints it. */
export type FieldKind =
  | "string"
  | "bool"
  | "int"
  | "slice"
  | "map"
  | "pointer"
  | "time"
  | { readonly struct: Schema }
  | { readonly pointerTo: Schema };

/** A Go struct: its fields in declaration order. */
export type Schema = readonly (readonly [name: string, kind: FieldKind])[];

export class TemplateError extends Error {
  /** 64 for a template that does not parse, 1 for one that fails while executing (as Docker exits). */
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

// --- parsing -----------------------------------------------------------------------------------

type Node =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "action"; readonly pipe: Pipeline; readonly source: string; readonly column: number }
  | {
      readonly kind: "if" | "with" | "range";
      readonly pipe: Pipeline;
      readonly body: Node[];
      readonly otherwise: Node[];
      readonly source: string;
      readonly column: number;
    };

interface Pipeline {
  readonly declarations: readonly string[];
  readonly commands: readonly Command[];
}

type Command = readonly Operand[];

type Operand =
  | { readonly kind: "field"; readonly base: "dot" | string; readonly path: readonly string[] }
  | { readonly kind: "literal"; readonly value: unknown }
  | { readonly kind: "function"; readonly name: string }
  | { readonly kind: "pipeline"; readonly pipe: Pipeline };

const FUNCTIONS = new Set([
  "and",
  "or",
  "not",
  "len",
  "index",
  "print",
  "printf",
  "println",
  "eq",
  "ne",
  "lt",
  "le",
  "gt",
  "ge",
  "json",
  "join",
  "split",
  "lower",
  "upper",
  "title",
  "pad",
  "truncate",
]);

function parseError(message: string): TemplateError {
  return new TemplateError(`template parsing error: template: :1: ${message}`, 64);
}

interface RawAction {
  readonly source: string;
  readonly column: number;
}

/** Splits the template into text and action sources, applying `{{-` and `-}}` trimming. */
function split(template: string): (string | RawAction)[] {
  const parts: (string | RawAction)[] = [];
  let position = 0;
  while (position < template.length) {
    const open = template.indexOf("{{", position);
    if (open === -1) {
      parts.push(template.slice(position));
      break;
    }
    let text = template.slice(position, open);
    let start = open + 2;
    if (
      template.startsWith("- ", start) ||
      template.startsWith("-\t", start) ||
      template.startsWith("-\n", start)
    ) {
      text = text.trimEnd();
      start += 1;
    }
    parts.push(text);
    const close = findClose(template, start);
    if (close === -1) throw parseError("unclosed action");
    let end = close;
    let next = close + 2;
    if (/[ \t\n]-$/.test(template.slice(start, close))) end = close - 1;
    parts.push({ source: template.slice(start, end).trim(), column: open + 2 });
    if (end !== close) {
      while (next < template.length && /\s/.test(template[next] as string)) next += 1;
    }
    position = next;
  }
  return parts;
}

/** The `}}` ending an action, skipping quoted strings. */
function findClose(template: string, from: number): number {
  for (let index = from; index < template.length; index += 1) {
    const char = template[index];
    if (char === '"' || char === "`") {
      const quote = char;
      index += 1;
      while (index < template.length && template[index] !== quote) index += template[index] === "\\" ? 2 : 1;
    } else if (char === "}") {
      if (template[index + 1] === "}") return index;
      throw parseError('unexpected "}" in command');
    }
  }
  return -1;
}

type Token =
  | { readonly kind: "field"; readonly text: string }
  | { readonly kind: "variable"; readonly text: string }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "word"; readonly text: string }
  | { readonly kind: "(" | ")" | "|" | ":=" | "," };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === "(" || char === ")" || char === "|" || char === ",") {
      tokens.push({ kind: char });
      index += 1;
    } else if (source.startsWith(":=", index)) {
      tokens.push({ kind: ":=" });
      index += 2;
    } else if (char === '"') {
      let end = index + 1;
      while (end < source.length && source[end] !== '"') end += source[end] === "\\" ? 2 : 1;
      if (end >= source.length) throw parseError("unterminated quoted string");
      tokens.push({ kind: "string", value: JSON.parse(source.slice(index, end + 1)) as string });
      index = end + 1;
    } else if (char === "`") {
      const end = source.indexOf("`", index + 1);
      if (end === -1) throw parseError("unterminated raw quoted string");
      tokens.push({ kind: "string", value: source.slice(index + 1, end) });
      index = end + 1;
    } else {
      const match = /^(\$[A-Za-z0-9_]*|\.?[A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*|-?\d+(\.\d+)?)/.exec(
        source.slice(index),
      );
      const text = match?.[0] ?? "";
      if (text === "") throw parseError(`unexpected "${char}" in command`);
      if (/^-?\d/.test(text)) tokens.push({ kind: "number", value: Number(text) });
      else if (text.startsWith("$")) tokens.push({ kind: "variable", text });
      else if (text.startsWith(".")) tokens.push({ kind: "field", text });
      else tokens.push({ kind: "word", text });
      index += text.length;
    }
  }
  return tokens;
}

function parsePipeline(tokens: Token[], position: { index: number }, nested: boolean): Pipeline {
  const declarations: string[] = [];
  // `$v :=` or `$k, $v :=` (range) declarations.
  const lookahead = tokens.slice(position.index, position.index + 4);
  if (lookahead[0]?.kind === "variable") {
    if (lookahead[1]?.kind === ":=") {
      declarations.push(lookahead[0].text);
      position.index += 2;
    } else if (
      lookahead[1]?.kind === "," &&
      lookahead[2]?.kind === "variable" &&
      lookahead[3]?.kind === ":="
    ) {
      declarations.push(lookahead[0].text, lookahead[2].text);
      position.index += 4;
    }
  }
  const commands: Command[] = [];
  let command: Operand[] = [];
  while (position.index < tokens.length) {
    const token = tokens[position.index] as Token;
    position.index += 1;
    if (token.kind === ")") {
      if (!nested) throw parseError('unexpected ")" in command');
      break;
    }
    if (token.kind === "|") {
      if (command.length === 0) throw parseError("missing value for command");
      commands.push(command);
      command = [];
      continue;
    }
    if (token.kind === "(") {
      command.push({ kind: "pipeline", pipe: parsePipeline(tokens, position, true) });
    } else if (token.kind === "field") {
      command.push({ kind: "field", base: "dot", path: token.text.split(".").slice(1).filter(Boolean) });
    } else if (token.kind === "variable") {
      const [name, ...path] = token.text.split(".");
      command.push({ kind: "field", base: name as string, path });
    } else if (token.kind === "string" || token.kind === "number") {
      command.push({ kind: "literal", value: token.value });
    } else if (token.kind === "word") {
      if (token.text === "true" || token.text === "false")
        command.push({ kind: "literal", value: token.text === "true" });
      else if (token.text === "nil") command.push({ kind: "literal", value: null });
      else if (FUNCTIONS.has(token.text)) command.push({ kind: "function", name: token.text });
      else throw parseError(`function "${token.text}" not defined`);
    } else throw parseError(`unexpected "${token.kind}" in command`);
  }
  if (command.length === 0) throw parseError("missing value for command");
  commands.push(command);
  return { declarations, commands };
}

function parseAction(source: string): Pipeline {
  if (source === "") throw parseError("missing value for command");
  const tokens = tokenize(source);
  return parsePipeline(tokens, { index: 0 }, false);
}

/**
 * text/template reports a field chain (`.Config.Healthcheck.Test`) at its second element, where
 * its parser starts the chain node.
 */
function chainOffset(source: string): number {
  const chain = /^\.[A-Za-z0-9_]+(?=\.[A-Za-z0-9_])/.exec(source);
  return chain === null ? 0 : chain[0].length;
}

/** Parses a template into nodes; errors use text/template's wording. */
export function parseTemplate(template: string): Node[] {
  const parts = split(template);
  let index = 0;
  const parseList = (closers: readonly string[]): { nodes: Node[]; closer: string } => {
    const nodes: Node[] = [];
    while (index < parts.length) {
      const part = parts[index] as string | RawAction;
      index += 1;
      if (typeof part === "string") {
        if (part !== "") nodes.push({ kind: "text", text: part });
        continue;
      }
      const keyword = /^(if|with|range|else|end)\b/.exec(part.source)?.[1];
      if (keyword === "end" || keyword === "else") {
        if (!closers.includes(keyword)) throw parseError(`unexpected {{${keyword}}}`);
        return { nodes, closer: keyword };
      }
      if (keyword === "if" || keyword === "with" || keyword === "range") {
        const pipe = parseAction(part.source.slice(keyword.length).trim());
        const body = parseList(["else", "end"]);
        const otherwise = body.closer === "else" ? parseList(["end"]).nodes : [];
        nodes.push({
          kind: keyword,
          pipe,
          body: body.nodes,
          otherwise,
          source: part.source,
          column: part.column,
        });
        continue;
      }
      if (part.source.startsWith("/*")) continue; // a comment
      nodes.push({
        kind: "action",
        pipe: parseAction(part.source),
        source: part.source,
        column: part.column + chainOffset(part.source),
      });
    }
    if (closers.length > 0) throw parseError("unexpected EOF");
    return { nodes, closer: "" };
  };
  return parseList([]).nodes;
}

// --- values ---------------------------------------------------------------------------------------

/** A value during execution: the data, and its Go type when the typed pass knows it. */
interface Value {
  readonly data: unknown;
  readonly kind?: FieldKind;
}

class ExecutionError extends Error {}

const NO_VALUE = Symbol("no value");

function isObject(data: unknown): data is Record<string, unknown> {
  return typeof data === "object" && data !== null && !Array.isArray(data);
}

function structOf(kind: FieldKind | undefined): Schema | undefined {
  if (kind === undefined || typeof kind === "string") return undefined;
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

function truthy(data: unknown): boolean {
  if (data === NO_VALUE || data === null || data === undefined || data === false || data === 0 || data === "")
    return false;
  if (Array.isArray(data)) return data.length > 0;
  if (isObject(data)) return Object.keys(data).length > 0;
  return true;
}

/** Field access: typed (schema zero values for absent fields) or raw (missingkey=error). */
function field(value: Value, name: string, typed: boolean): Value {
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
    if (declared === undefined) throw new ExecutionError(`can't evaluate field ${name}`);
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

function callFunction(name: string, args: Value[]): Value {
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
  return JSON.stringify(data, (_key, value: unknown) =>
    isObject(value) ? Object.fromEntries(Object.entries(value)) : value,
  );
}

// --- execution ------------------------------------------------------------------------------------

interface Scope {
  readonly dot: Value;
  readonly root: Value;
  readonly variables: Map<string, Value>;
  readonly typed: boolean;
}

function evaluatePipeline(pipe: Pipeline, scope: Scope): Value {
  let previous: Value | undefined;
  for (const command of pipe.commands) {
    previous = evaluateCommand(command, scope, previous);
  }
  return previous as Value;
}

function evaluateOperand(operand: Operand, scope: Scope): Value {
  switch (operand.kind) {
    case "literal":
      return { data: operand.value };
    case "pipeline":
      return evaluatePipeline(operand.pipe, scope);
    case "function":
      return callFunction(operand.name, []);
    case "field": {
      let value: Value;
      if (operand.base === "dot") value = scope.dot;
      else if (operand.base === "$") value = scope.root;
      else {
        const found = scope.variables.get(operand.base);
        if (found === undefined) throw new ExecutionError(`undefined variable "${operand.base}"`);
        value = found;
      }
      for (const name of operand.path) value = field(value, name, scope.typed);
      return value;
    }
  }
}

function evaluateCommand(command: Command, scope: Scope, piped: Value | undefined): Value {
  const [head, ...rest] = command;
  if (head?.kind === "function") {
    const args = rest.map((operand) => evaluateOperand(operand, scope));
    if (piped !== undefined) args.push(piped);
    return callFunction(head.name, args);
  }
  if (rest.length > 0 || piped !== undefined) throw new ExecutionError("can't give argument to non-function");
  return evaluateOperand(head as Operand, scope);
}

function render(nodes: readonly Node[], scope: Scope): string {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") {
      out += node.text;
      continue;
    }
    try {
      out += renderNode(node, scope);
    } catch (error) {
      if (error instanceof ExecutionError && !error.message.startsWith("template:")) {
        throw new ExecutionError(
          `template: :1:${node.column}: executing "" at <${node.source}>: ${error.message}`,
        );
      }
      throw error;
    }
  }
  return out;
}

function renderNode(node: Exclude<Node, { kind: "text" }>, scope: Scope): string {
  const value = evaluatePipeline(node.pipe, scope);
  const variables = new Map(scope.variables);
  if (node.kind === "action") {
    const [name] = node.pipe.declarations;
    if (name !== undefined) {
      scope.variables.set(name, value);
      return "";
    }
    return formatValue(value);
  }
  if (node.kind === "if") return render(truthy(value.data) ? node.body : node.otherwise, scope);
  if (node.kind === "with") {
    return truthy(value.data) ? render(node.body, { ...scope, dot: value }) : render(node.otherwise, scope);
  }
  // range over a slice (by index) or a map (by sorted key)
  const entries: [Value, Value][] = [];
  if (Array.isArray(value.data))
    for (const [index, item] of value.data.entries()) entries.push([{ data: index }, { data: item }]);
  else if (isObject(value.data)) {
    for (const key of Object.keys(value.data).sort())
      entries.push([{ data: key }, { data: value.data[key] }]);
  } else if (value.data !== null && value.data !== undefined && value.data !== NO_VALUE) {
    throw new ExecutionError(`range can't iterate over ${formatValue(value)}`);
  }
  if (entries.length === 0) return render(node.otherwise, scope);
  let out = "";
  for (const [key, item] of entries) {
    const [first, second] = node.pipe.declarations;
    const local = new Map(variables);
    if (second !== undefined) {
      local.set(first as string, key);
      local.set(second, item);
    } else if (first !== undefined) local.set(first, item);
    out += render(node.body, { ...scope, dot: item, variables: local });
  }
  return out;
}

/**
 * Executes `template` on one inspect document as `docker inspect --format` does: typed first (with
 * `schema`), then on the raw JSON when that fails; the raw pass's error is the one reported.
 * @throws TemplateError with Docker's message and exit code
 */
export function executeDockerTemplate(
  template: string,
  document: unknown,
  schema: Schema | undefined,
): string {
  const nodes = parseTemplate(template);
  const run = (typed: boolean) => {
    const root: Value =
      typed && schema !== undefined ? { data: document, kind: { struct: schema } } : { data: document };
    return render(nodes, { dot: root, root, variables: new Map([["$", root]]), typed });
  };
  try {
    return run(true);
  } catch (error) {
    if (!(error instanceof ExecutionError)) throw error;
  }
  try {
    return run(false);
  } catch (error) {
    if (error instanceof ExecutionError)
      throw new TemplateError(`template parsing error: ${error.message}`, 1);
    throw error;
  }
}

// --- Docker's inspect types (docker/api/types, Docker 20.10) --------------------------------------

const HEALTH_CONFIG: Schema = [
  ["Test", "slice"],
  ["Interval", "int"],
  ["Timeout", "int"],
  ["StartPeriod", "int"],
  ["Retries", "int"],
];

/** container.Config */
export const CONTAINER_CONFIG: Schema = [
  ["Hostname", "string"],
  ["Domainname", "string"],
  ["User", "string"],
  ["AttachStdin", "bool"],
  ["AttachStdout", "bool"],
  ["AttachStderr", "bool"],
  ["ExposedPorts", "map"],
  ["Tty", "bool"],
  ["OpenStdin", "bool"],
  ["StdinOnce", "bool"],
  ["Env", "slice"],
  ["Cmd", "slice"],
  ["Healthcheck", { pointerTo: HEALTH_CONFIG }],
  ["ArgsEscaped", "bool"],
  ["Image", "string"],
  ["Volumes", "map"],
  ["WorkingDir", "string"],
  ["Entrypoint", "slice"],
  ["NetworkDisabled", "bool"],
  ["MacAddress", "string"],
  ["OnBuild", "slice"],
  ["Labels", "map"],
  ["StopSignal", "string"],
  ["StopTimeout", "pointer"],
  ["Shell", "slice"],
];

const GRAPH_DRIVER: Schema = [
  ["Data", "map"],
  ["Name", "string"],
];

/** types.ImageInspect */
export const IMAGE_INSPECT: Schema = [
  ["Id", "string"],
  ["RepoTags", "slice"],
  ["RepoDigests", "slice"],
  ["Parent", "string"],
  ["Comment", "string"],
  ["Created", "string"],
  ["Container", "string"],
  ["ContainerConfig", { pointerTo: CONTAINER_CONFIG }],
  ["DockerVersion", "string"],
  ["Author", "string"],
  ["Config", { pointerTo: CONTAINER_CONFIG }],
  ["Architecture", "string"],
  ["Variant", "string"],
  ["Os", "string"],
  ["OsVersion", "string"],
  ["Size", "int"],
  ["VirtualSize", "int"],
  ["GraphDriver", { struct: GRAPH_DRIVER }],
  [
    "RootFS",
    {
      struct: [
        ["Type", "string"],
        ["Layers", "slice"],
        ["BaseLayer", "string"],
      ],
    },
  ],
  ["Metadata", { struct: [["LastTagTime", "time"]] }],
];

/** types.ImageInspect of Docker 26.1: RootFS has no BaseLayer any more (`{layers [...]}`). */
export const IMAGE_INSPECT_26: Schema = IMAGE_INSPECT.map(([name, type]) =>
  name === "RootFS"
    ? [
        name,
        {
          struct: [
            ["Type", "string"],
            ["Layers", "slice"],
          ],
        },
      ]
    : [name, type],
);

const CONTAINER_STATE: Schema = [
  ["Status", "string"],
  ["Running", "bool"],
  ["Paused", "bool"],
  ["Restarting", "bool"],
  ["OOMKilled", "bool"],
  ["Dead", "bool"],
  ["Pid", "int"],
  ["ExitCode", "int"],
  ["Error", "string"],
  ["StartedAt", "string"],
  ["FinishedAt", "string"],
  ["Health", "pointer"],
];

/** types.ContainerJSON (the fields Layercake's containers have; others fall back to the raw JSON). */
export const CONTAINER_INSPECT: Schema = [
  ["Id", "string"],
  ["Created", "string"],
  ["Path", "string"],
  ["Args", "slice"],
  ["State", { pointerTo: CONTAINER_STATE }],
  ["Image", "string"],
  ["ResolvConfPath", "string"],
  ["HostnamePath", "string"],
  ["HostsPath", "string"],
  ["LogPath", "string"],
  ["Name", "string"],
  ["RestartCount", "int"],
  ["Driver", "string"],
  ["Platform", "string"],
  ["MountLabel", "string"],
  ["ProcessLabel", "string"],
  ["AppArmorProfile", "string"],
  ["ExecIDs", "slice"],
  ["GraphDriver", { struct: GRAPH_DRIVER }],
  ["SizeRw", "pointer"],
  ["SizeRootFs", "pointer"],
  ["Mounts", "slice"],
  ["Config", { pointerTo: CONTAINER_CONFIG }],
];
