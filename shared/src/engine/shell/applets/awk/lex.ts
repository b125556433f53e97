/**
 * AWK's lexer: the token kinds, the keyword, builtin-function and operator tables, and `tokenize`,
 * which turns program text into tokens (telling a regex `/…/` from division by the previous token).
 * Apart from the parser so that the grammar reads without the character-level rules.
 */

export class AwkError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

export type Token =
  | { kind: "number"; value: number }
  | { kind: "string"; value: string }
  | { kind: "regex"; value: string }
  | { kind: "name"; value: string }
  | { kind: "funcname"; value: string }
  | { kind: "builtin"; value: string }
  | { kind: "keyword"; value: string }
  | { kind: "op"; value: string }
  | { kind: "newline" }
  | { kind: "eof" };

const KEYWORDS = new Set([
  "BEGIN",
  "END",
  "function",
  "func",
  "if",
  "else",
  "while",
  "for",
  "do",
  "break",
  "continue",
  "next",
  "nextfile",
  "exit",
  "return",
  "delete",
  "in",
  "getline",
  "print",
  "printf",
]);
const BUILTINS = new Set([
  "length",
  "substr",
  "index",
  "split",
  "sub",
  "gsub",
  "match",
  "sprintf",
  "sin",
  "cos",
  "atan2",
  "exp",
  "log",
  "sqrt",
  "int",
  "rand",
  "srand",
  "tolower",
  "toupper",
  "system",
  "close",
  "fflush",
]);
const OPERATORS = [
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "^=",
  "**=",
  "**",
  "==",
  "<=",
  ">=",
  "!=",
  "++",
  "--",
  "&&",
  "||",
  ">>",
  "!~",
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ";",
  ",",
  "+",
  "-",
  "*",
  "/",
  "%",
  "^",
  "!",
  ">",
  "<",
  "|",
  "?",
  ":",
  "~",
  "$",
  "=",
];

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const regexAllowed = () => {
    const last = tokens.at(-1);
    if (!last) return true;
    if (last.kind === "number" || last.kind === "string" || last.kind === "name" || last.kind === "regex")
      return false;
    if (last.kind === "builtin") return false;
    if (last.kind === "op") return ![")", "]", "$", "++", "--"].includes(last.value);
    return true;
  };
  while (index < source.length) {
    const char = source[index] as string;
    if (char === " " || char === "\t" || char === "\r") {
      index += 1;
      continue;
    }
    if (char === "\\" && source[index + 1] === "\n") {
      index += 2;
      continue;
    }
    if (char === "\n") {
      tokens.push({ kind: "newline" });
      index += 1;
      continue;
    }
    if (char === "#") {
      while (index < source.length && source[index] !== "\n") index += 1;
      continue;
    }
    if (/[0-9.]/.test(char) && /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.test(source.slice(index))) {
      const hex = /^0[xX][0-9a-fA-F]+/.exec(source.slice(index));
      const match = hex ?? (/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(source.slice(index)) as RegExpExecArray);
      tokens.push({ kind: "number", value: Number(match[0]) });
      index += match[0].length;
      continue;
    }
    if (char === '"') {
      let value = "";
      index += 1;
      while (index < source.length && source[index] !== '"') {
        if (source[index] === "\\") {
          const next = source[index + 1] ?? "";
          index += 2;
          const simple: Record<string, string> = {
            n: "\n",
            t: "\t",
            r: "\r",
            "\\": "\\",
            '"': '"',
            "/": "/",
            a: "\x07",
            b: "\b",
            f: "\f",
            v: "\v",
          };
          if (simple[next] !== undefined) value += simple[next];
          else if (/[0-7]/.test(next)) {
            const octal = /^[0-7]{1,3}/.exec(source.slice(index - 1)) as RegExpExecArray;
            value += String.fromCharCode(Number.parseInt(octal[0], 8));
            index += octal[0].length - 1;
          } else if (next === "\n") continue;
          else value += `\\${next}`;
          continue;
        }
        value += source[index];
        index += 1;
      }
      if (index >= source.length) throw new AwkError("unterminated string");
      index += 1;
      tokens.push({ kind: "string", value });
      continue;
    }
    if (char === "/" && regexAllowed()) {
      let value = "";
      index += 1;
      let inBracket = false;
      while (index < source.length && (source[index] !== "/" || inBracket)) {
        if (source[index] === "\\" && index + 1 < source.length) {
          value += source[index + 1] === "/" ? "/" : `\\${source[index + 1]}`;
          index += 2;
          continue;
        }
        if (source[index] === "[") inBracket = true;
        else if (source[index] === "]") inBracket = false;
        if (source[index] === "\n") throw new AwkError("unterminated regexp");
        value += source[index];
        index += 1;
      }
      index += 1;
      tokens.push({ kind: "regex", value });
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(index));
    if (word) {
      const value = word[0];
      index += value.length;
      if (KEYWORDS.has(value)) tokens.push({ kind: "keyword", value: value === "func" ? "function" : value });
      else if (BUILTINS.has(value)) tokens.push({ kind: "builtin", value });
      else if (source[index] === "(") tokens.push({ kind: "funcname", value });
      else tokens.push({ kind: "name", value });
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, index));
    if (!op) throw new AwkError(`Unexpected token '${char}'`);
    tokens.push({ kind: "op", value: op === "**" ? "^" : op === "**=" ? "^=" : op });
    index += op.length;
  }
  tokens.push({ kind: "eof" });
  return tokens;
}
