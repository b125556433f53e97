/**
 * Parsing a Go text/template: text and actions (with `{{-`/`-}}` trimming), pipelines, and the
 * `if`/`with`/`range` blocks, with Go's parse errors (Docker exits 64).
 */

import { TemplateError } from "./types.ts";

export type Node =
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

export interface Pipeline {
  readonly declarations: readonly string[];
  readonly commands: readonly Command[];
}

export type Command = readonly Operand[];

export type Operand =
  | {
      readonly kind: "field";
      readonly base: "dot" | string;
      readonly path: readonly string[];
      /**
       * Where text/template reports an error evaluating this field: its source text and offset
       * (a chain's at its second element, where the parser starts the chain node).
       */
      readonly at: { readonly source: string; readonly column: number };
    }
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
  | { readonly kind: "field"; readonly text: string; readonly column: number }
  | { readonly kind: "variable"; readonly text: string; readonly column: number }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "word"; readonly text: string }
  | { readonly kind: "(" | ")" | "|" | ":=" | "," };

function tokenize(source: string, column: number): Token[] {
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
      else if (text.startsWith("$")) tokens.push({ kind: "variable", text, column: column + index });
      else if (text.startsWith(".")) tokens.push({ kind: "field", text, column: column + index });
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
      command.push({
        kind: "field",
        base: "dot",
        path: token.text.split(".").slice(1).filter(Boolean),
        at: { source: token.text, column: token.column + chainOffset(token.text) },
      });
    } else if (token.kind === "variable") {
      const [name, ...path] = token.text.split(".");
      command.push({
        kind: "field",
        base: name as string,
        path,
        at: { source: token.text, column: token.column + chainOffset(token.text) },
      });
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

/** An action's pipeline; `column` is the offset of `source` in the template. */
function parseAction(source: string, column: number): Pipeline {
  if (source === "") throw parseError("missing value for command");
  const tokens = tokenize(source, column);
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
        const rest = part.source.slice(keyword.length).trim();
        const pipe = parseAction(rest, part.column + part.source.indexOf(rest, keyword.length));
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
        pipe: parseAction(part.source, part.column),
        source: part.source,
        column: part.column + chainOffset(part.source),
      });
    }
    if (closers.length > 0) throw parseError("unexpected EOF");
    return { nodes, closer: "" };
  };
  return parseList([]).nodes;
}
