import { type CommandImplementation, InputStream, type Io, makeIo, type ShellContext } from "../context.ts";
import { compilePosix, RegexError } from "./regex.ts";
import { contentText, errnoText, fullPath, textContent } from "./support.ts";

/**
 * A POSIX AWK, written here because npm has no maintained pure-JavaScript one (`awk` 1.0.0 wraps an
 * abandoned port, `awkjs` is gawk compiled to WASM): patterns and ranges, BEGIN/END, fields and
 * NF/$0 rebuilding, associative arrays with `in` and `delete`, user functions with local arrays,
 * printf/sprintf, the string and arithmetic builtins, getline from input or a file, and output to
 * files. Every statement and loop iteration is charged to the run's step budget.
 */

class AwkError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

type Token =
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

function tokenize(source: string): Token[] {
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

type Node =
  | { type: "num"; value: number }
  | { type: "str"; value: string }
  | { type: "regex"; source: string }
  | { type: "var"; name: string }
  | { type: "field"; index: Node }
  | { type: "index"; name: string; subscripts: Node[] }
  | { type: "assign"; op: string; target: Node; value: Node }
  | { type: "cond"; test: Node; yes: Node; no: Node }
  | { type: "binary"; op: string; left: Node; right: Node }
  | { type: "unary"; op: string; operand: Node }
  | { type: "incdec"; op: string; prefix: boolean; target: Node }
  | { type: "match"; negate: boolean; left: Node; right: Node }
  | { type: "in"; subscripts: Node[]; name: string }
  | { type: "call"; name: string; args: Node[] }
  | { type: "builtin"; name: string; args: Node[] }
  | { type: "getline"; target?: Node; file?: Node; command?: Node }
  | { type: "group"; expr: Node };

type Statement =
  | { type: "expr"; expr: Node }
  | { type: "print"; printf: boolean; args: Node[]; redirect?: { op: string; target: Node } }
  | { type: "if"; test: Node; yes: Statement; no?: Statement }
  | { type: "while"; test: Node; body: Statement }
  | { type: "do"; test: Node; body: Statement }
  | { type: "for"; init?: Statement; test?: Node; update?: Statement; body: Statement }
  | { type: "forin"; variable: string; array: string; body: Statement }
  | { type: "block"; body: Statement[] }
  | { type: "next" }
  | { type: "nextfile" }
  | { type: "exit"; value?: Node }
  | { type: "return"; value?: Node }
  | { type: "break" }
  | { type: "continue" }
  | { type: "delete"; name: string; subscripts?: Node[] };

interface Rule {
  kind: "begin" | "end" | "main";
  pattern?: Node;
  range?: Node;
  inRange: boolean;
  action?: Statement;
}

interface AwkFunction {
  params: string[];
  body: Statement;
}

class Parser {
  private position = 0;
  private readonly tokens: Token[];
  /** Inside print's argument list: a bare `>` is a redirection. */
  private noGreater = false;
  /** Inside `for (x in …)` heads and `(a, b) in`: `in` is not a binary operator. */
  private noIn = false;
  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }
  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)] as Token;
  }
  private next(): Token {
    const token = this.peek();
    this.position += 1;
    return token;
  }
  private isOp(value: string): boolean {
    const token = this.peek();
    return token.kind === "op" && token.value === value;
  }
  private isKeyword(value: string): boolean {
    const token = this.peek();
    return token.kind === "keyword" && token.value === value;
  }
  private expectOp(value: string): void {
    if (!this.isOp(value)) this.fail();
    this.next();
  }
  private fail(): never {
    const token = this.peek();
    const text =
      token.kind === "eof" ? "end of file" : token.kind === "newline" ? "newline" : String(token.value);
    throw new AwkError(`Unexpected token '${text}'`);
  }
  private skipNewlines(): void {
    while (this.peek().kind === "newline") this.next();
  }
  private skipTerminators(): void {
    while (this.peek().kind === "newline" || this.isOp(";")) this.next();
  }

  parseProgram(): { rules: Rule[]; functions: Map<string, AwkFunction> } {
    const rules: Rule[] = [];
    const functions = new Map<string, AwkFunction>();
    this.skipTerminators();
    while (this.peek().kind !== "eof") {
      if (this.isKeyword("function")) {
        this.next();
        const name = this.next();
        if (name.kind !== "name" && name.kind !== "funcname") this.fail();
        this.expectOp("(");
        const params: string[] = [];
        while (!this.isOp(")")) {
          const param = this.next();
          if (param.kind !== "name") this.fail();
          params.push(param.value);
          if (this.isOp(",")) {
            this.next();
            this.skipNewlines();
          }
        }
        this.next();
        this.skipNewlines();
        functions.set(name.value, { params, body: this.parseBlock() });
      } else if (this.isKeyword("BEGIN") || this.isKeyword("END")) {
        const kind = (this.next() as { value: string }).value === "BEGIN" ? "begin" : "end";
        this.skipNewlines();
        rules.push({ kind, inRange: false, action: this.parseBlock() });
      } else {
        const rule: Rule = { kind: "main", inRange: false };
        if (!this.isOp("{")) {
          rule.pattern = this.parseExpression();
          if (this.isOp(",")) {
            this.next();
            this.skipNewlines();
            rule.range = this.parseExpression();
          }
        }
        if (this.isOp("{")) rule.action = this.parseBlock();
        rules.push(rule);
      }
      this.skipTerminators();
    }
    return { rules, functions };
  }

  private parseBlock(): Statement {
    this.expectOp("{");
    const body: Statement[] = [];
    this.skipTerminators();
    while (!this.isOp("}")) {
      if (this.peek().kind === "eof") this.fail();
      body.push(this.parseStatement());
      this.skipTerminators();
    }
    this.next();
    return { type: "block", body };
  }

  private endSimple(): void {
    if (this.isOp(";") || this.peek().kind === "newline") {
      this.next();
      return;
    }
    if (this.isOp("}") || this.peek().kind === "eof") return;
    this.fail();
  }

  private parseSimpleOrBlock(): Statement {
    this.skipNewlines();
    if (this.isOp(";")) {
      this.next();
      return { type: "block", body: [] };
    }
    return this.parseStatement();
  }

  private parseStatement(): Statement {
    const token = this.peek();
    if (this.isOp("{")) return this.parseBlock();
    if (token.kind === "keyword") {
      switch (token.value) {
        case "if": {
          this.next();
          this.expectOp("(");
          const test = this.parseExpression();
          this.expectOp(")");
          const yes = this.parseSimpleOrBlock();
          const save = this.position;
          this.skipTerminators();
          if (this.isKeyword("else")) {
            this.next();
            return { type: "if", test, yes, no: this.parseSimpleOrBlock() };
          }
          this.position = save;
          return { type: "if", test, yes };
        }
        case "while": {
          this.next();
          this.expectOp("(");
          const test = this.parseExpression();
          this.expectOp(")");
          if (this.isOp(";")) {
            this.next();
            return { type: "while", test, body: { type: "block", body: [] } };
          }
          return { type: "while", test, body: this.parseSimpleOrBlock() };
        }
        case "do": {
          this.next();
          const body = this.parseSimpleOrBlock();
          this.skipTerminators();
          if (!this.isKeyword("while")) this.fail();
          this.next();
          this.expectOp("(");
          const test = this.parseExpression();
          this.expectOp(")");
          this.endSimple();
          return { type: "do", test, body };
        }
        case "for": {
          this.next();
          this.expectOp("(");
          const name = this.peek();
          if (
            name.kind === "name" &&
            this.peek(1).kind === "keyword" &&
            (this.peek(1) as { value: string }).value === "in" &&
            this.peek(2).kind === "name" &&
            this.peek(3).kind === "op" &&
            (this.peek(3) as { value: string }).value === ")"
          ) {
            this.position += 2;
            const array = (this.next() as { value: string }).value;
            this.expectOp(")");
            return { type: "forin", variable: name.value, array, body: this.parseSimpleOrBlock() };
          }
          const init = this.isOp(";") ? undefined : this.parseSimpleStatement();
          this.expectOp(";");
          this.skipNewlines();
          const test = this.isOp(";") ? undefined : this.parseExpression();
          this.expectOp(";");
          this.skipNewlines();
          const update = this.isOp(")") ? undefined : this.parseSimpleStatement();
          this.expectOp(")");
          if (this.isOp(";")) {
            this.next();
            return {
              type: "for",
              ...(init ? { init } : {}),
              ...(test ? { test } : {}),
              ...(update ? { update } : {}),
              body: { type: "block", body: [] },
            };
          }
          return {
            type: "for",
            ...(init ? { init } : {}),
            ...(test ? { test } : {}),
            ...(update ? { update } : {}),
            body: this.parseSimpleOrBlock(),
          };
        }
        case "next":
        case "nextfile":
        case "break":
        case "continue":
          this.next();
          this.endSimple();
          return { type: token.value } as Statement;
        case "exit":
        case "return": {
          this.next();
          const value =
            this.isOp(";") || this.isOp("}") || this.peek().kind === "newline" || this.peek().kind === "eof"
              ? undefined
              : this.parseExpression();
          this.endSimple();
          return { type: token.value, ...(value ? { value } : {}) } as Statement;
        }
        case "delete": {
          this.next();
          const name = this.next();
          if (name.kind !== "name") this.fail();
          let subscripts: Node[] | undefined;
          if (this.isOp("[")) {
            this.next();
            subscripts = this.parseExpressionList("]");
          }
          this.endSimple();
          return { type: "delete", name: name.value, ...(subscripts ? { subscripts } : {}) };
        }
      }
    }
    const statement = this.parseSimpleStatement();
    this.endSimple();
    return statement;
  }

  private parseSimpleStatement(): Statement {
    if (this.isKeyword("print") || this.isKeyword("printf")) {
      const printf = (this.next() as { value: string }).value === "printf";
      let args: Node[] = [];
      this.noGreater = true;
      try {
        if (
          !(
            this.isOp(";") ||
            this.isOp("}") ||
            this.isOp(">") ||
            this.isOp(">>") ||
            this.isOp("|") ||
            this.peek().kind === "newline" ||
            this.peek().kind === "eof"
          )
        ) {
          if (this.isOp("(")) {
            // `print (a, b)` and `print (a)(b)`: a parenthesised list, or the start of an expression.
            const save = this.position;
            this.next();
            const inner = this.parseExpressionList(")");
            if (
              this.isOp(";") ||
              this.isOp("}") ||
              this.isOp(">") ||
              this.isOp(">>") ||
              this.isOp("|") ||
              this.peek().kind === "newline" ||
              this.peek().kind === "eof"
            )
              args = inner;
            else {
              this.position = save;
              args = this.parseExpressionList(undefined);
            }
          } else args = this.parseExpressionList(undefined);
        }
      } finally {
        this.noGreater = false;
      }
      let redirect: { op: string; target: Node } | undefined;
      if (this.isOp(">") || this.isOp(">>") || this.isOp("|")) {
        const op = (this.next() as { value: string }).value;
        redirect = { op, target: this.parseConcatenation() };
      }
      return { type: "print", printf, args, ...(redirect ? { redirect } : {}) };
    }
    return { type: "expr", expr: this.parseExpression() };
  }

  private parseExpressionList(close: string | undefined): Node[] {
    const list: Node[] = [];
    if (close !== undefined && this.isOp(close)) {
      this.next();
      return list;
    }
    while (true) {
      list.push(this.parseExpression());
      if (this.isOp(",")) {
        this.next();
        this.skipNewlines();
        continue;
      }
      break;
    }
    if (close !== undefined) this.expectOp(close);
    return list;
  }

  parseExpression(): Node {
    return this.parseTernary();
  }

  private isLvalue(node: Node): boolean {
    return node.type === "var" || node.type === "field" || node.type === "index";
  }

  private parseTernary(): Node {
    const test = this.parseOr();
    if (this.isOp("?")) {
      this.next();
      this.skipNewlines();
      const yes = this.parseTernary();
      this.skipNewlines();
      this.expectOp(":");
      this.skipNewlines();
      const no = this.parseTernary();
      return { type: "cond", test, yes, no };
    }
    if (
      this.isLvalue(test) &&
      this.peek().kind === "op" &&
      ["=", "+=", "-=", "*=", "/=", "%=", "^="].includes((this.peek() as { value: string }).value)
    ) {
      const op = (this.next() as { value: string }).value;
      this.skipNewlines();
      return { type: "assign", op, target: test, value: this.parseTernary() };
    }
    return test;
  }

  private parseOr(): Node {
    let left = this.parseAnd();
    while (this.isOp("||")) {
      this.next();
      this.skipNewlines();
      left = { type: "binary", op: "||", left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Node {
    let left = this.parseIn();
    while (this.isOp("&&")) {
      this.next();
      this.skipNewlines();
      left = { type: "binary", op: "&&", left, right: this.parseIn() };
    }
    return left;
  }

  private parseIn(): Node {
    let left = this.parseMatch();
    while (this.isKeyword("in") && !this.noIn) {
      this.next();
      const name = this.next();
      if (name.kind !== "name") this.fail();
      left = {
        type: "in",
        subscripts:
          left.type === "group" && (left as { list?: Node[] }).list
            ? ((left as { list?: Node[] }).list as Node[])
            : [left],
        name: name.value,
      };
    }
    return left;
  }

  private parseMatch(): Node {
    let left = this.parseComparison();
    while (this.isOp("~") || this.isOp("!~")) {
      const negate = (this.next() as { value: string }).value === "!~";
      left = { type: "match", negate, left, right: this.parseComparison() };
    }
    return left;
  }

  private parseComparison(): Node {
    const left = this.parseConcatenation();
    const token = this.peek();
    if (
      token.kind === "op" &&
      ["<", "<=", "!=", "==", ">=", ">"].includes(token.value) &&
      !(this.noGreater && token.value === ">")
    ) {
      this.next();
      return { type: "binary", op: token.value, left, right: this.parseConcatenation() };
    }
    return left;
  }

  private startsPrimary(): boolean {
    const token = this.peek();
    if (
      token.kind === "number" ||
      token.kind === "string" ||
      token.kind === "regex" ||
      token.kind === "name" ||
      token.kind === "funcname" ||
      token.kind === "builtin"
    )
      return true;
    if (token.kind === "op") return ["$", "!", "(", "-", "+", "++", "--"].includes(token.value);
    return false;
  }

  private parseConcatenation(): Node {
    let left = this.parseAdditive();
    while (this.startsPrimary() && !this.isKeyword("in")) {
      // `a -1` is subtraction, handled in additive; here only operands that cannot continue it.
      if (this.isOp("-") || this.isOp("+")) break;
      left = { type: "binary", op: "concat", left, right: this.parseAdditive() };
    }
    return left;
  }

  private parseAdditive(): Node {
    let left = this.parseMultiplicative();
    while (this.isOp("+") || this.isOp("-")) {
      const op = (this.next() as { value: string }).value;
      left = { type: "binary", op, left, right: this.parseMultiplicative() };
    }
    return left;
  }

  private parseMultiplicative(): Node {
    let left = this.parseUnary();
    while (this.isOp("*") || this.isOp("/") || this.isOp("%")) {
      const op = (this.next() as { value: string }).value;
      left = { type: "binary", op, left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Node {
    if (this.isOp("!") || this.isOp("-") || this.isOp("+")) {
      const op = (this.next() as { value: string }).value;
      return { type: "unary", op, operand: this.parseUnary() };
    }
    return this.parsePower();
  }

  private parsePower(): Node {
    const base = this.parseIncDec();
    if (this.isOp("^")) {
      this.next();
      return { type: "binary", op: "^", left: base, right: this.parseUnaryPower() };
    }
    return base;
  }

  private parseUnaryPower(): Node {
    if (this.isOp("-") || this.isOp("+") || this.isOp("!")) {
      const op = (this.next() as { value: string }).value;
      return { type: "unary", op, operand: this.parseUnaryPower() };
    }
    return this.parsePower();
  }

  private parseIncDec(): Node {
    if (this.isOp("++") || this.isOp("--")) {
      const op = (this.next() as { value: string }).value;
      const target = this.parseIncDec();
      if (!this.isLvalue(target)) this.fail();
      return { type: "incdec", op, prefix: true, target };
    }
    const operand = this.parsePrimary();
    if (this.isLvalue(operand) && (this.isOp("++") || this.isOp("--"))) {
      const op = (this.next() as { value: string }).value;
      return { type: "incdec", op, prefix: false, target: operand };
    }
    return operand;
  }

  private parsePrimary(): Node {
    const token = this.next();
    switch (token.kind) {
      case "number":
        return { type: "num", value: token.value };
      case "string":
        return { type: "str", value: token.value };
      case "regex":
        return { type: "regex", source: token.value };
      case "name": {
        if (this.isOp("[")) {
          this.next();
          return { type: "index", name: token.value, subscripts: this.parseExpressionList("]") };
        }
        return { type: "var", name: token.value };
      }
      case "funcname": {
        this.expectOp("(");
        return { type: "call", name: token.value, args: this.parseExpressionList(")") };
      }
      case "builtin": {
        if (!this.isOp("(")) {
          if (token.value === "length") return { type: "builtin", name: "length", args: [] };
          this.fail();
        }
        this.next();
        return { type: "builtin", name: token.value, args: this.parseExpressionList(")") };
      }
      case "keyword":
        if (token.value === "getline") {
          const target = this.peek().kind === "name" || this.isOp("$") ? this.parseIncDec() : undefined;
          if (this.isOp("<")) {
            this.next();
            return { type: "getline", ...(target ? { target } : {}), file: this.parseIncDec() };
          }
          return { type: "getline", ...(target ? { target } : {}) };
        }
        this.position -= 1;
        this.fail();
        break;
      case "op":
        if (token.value === "$") return { type: "field", index: this.parseIncDecNoPost() };
        if (token.value === "(") {
          const saveIn = this.noIn;
          const saveGreater = this.noGreater;
          this.noGreater = false;
          this.noIn = false;
          const list = this.parseExpressionList(")");
          this.noIn = saveIn;
          this.noGreater = saveGreater;
          if (list.length > 1) {
            if (!this.isKeyword("in")) this.fail();
            this.next();
            const name = this.next();
            if (name.kind !== "name") this.fail();
            return { type: "in", subscripts: list, name: name.value };
          }
          return { type: "group", expr: list[0] as Node };
        }
        if (token.value === "-" || token.value === "+" || token.value === "!")
          return { type: "unary", op: token.value, operand: this.parseUnary() };
        break;
    }
    this.position -= 1;
    this.fail();
  }

  private parseIncDecNoPost(): Node {
    if (this.isOp("++") || this.isOp("--")) {
      const op = (this.next() as { value: string }).value;
      return { type: "incdec", op, prefix: true, target: this.parsePrimary() };
    }
    if (this.isOp("-")) {
      this.next();
      return { type: "unary", op: "-", operand: this.parsePrimary() };
    }
    return this.parsePrimary();
  }
}

/** A value: numbers, strings, and strnums (input that looks numeric compares as a number). */
type Value = number | string | { strnum: string };

/** The value of a variable never assigned: both "" and 0 in comparisons. */
const UNSET: Value = { strnum: "" };

const looksNumeric = (text: string) => /^[ \t\n]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[ \t\n]*$/.test(text);

function toNumber(value: Value): number {
  if (typeof value === "number") return value;
  const text = typeof value === "string" ? value : value.strnum;
  const match = /^[ \t\n]*([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(text);
  if (match) return Number(match[1]);
  const hex = /^[ \t\n]*([+-]?)0[xX]([0-9a-fA-F]+)/.exec(text);
  if (hex) return (hex[1] === "-" ? -1 : 1) * Number.parseInt(hex[2] as string, 16);
  return 0;
}

function formatNumber(value: number, format: string): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  return sprintf(format, [value]);
}

class Exit {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}
class Next {}
class NextFile {}
class Return {
  readonly value: Value;
  constructor(value: Value) {
    this.value = value;
  }
}
class Break {}
class Continue {}

/** C's printf for awk: %c takes a number as a character code or a string's first character. */
function sprintf(format: string, args: readonly Value[]): string {
  let index = 0;
  const next = (): Value => args[index++] ?? "";
  return format.replace(
    /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([hlLqjzt]*)([diouxXeEfFgGcs%])/g,
    (_match, flags: string, widthSpec, precisionSpec, _length, conversion: string) => {
      if (conversion === "%") return "%";
      let width = widthSpec === "*" ? toNumber(next()) : widthSpec ? Number(widthSpec) : 0;
      let allFlags = flags;
      if (width < 0) {
        allFlags += "-";
        width = -width;
      }
      const precision =
        precisionSpec === undefined
          ? undefined
          : precisionSpec === "*"
            ? toNumber(next())
            : Number(precisionSpec || 0);
      const value = next();
      let body: string;
      let numeric = true;
      switch (conversion) {
        case "c": {
          numeric = false;
          body =
            typeof value === "number"
              ? String.fromCharCode(value)
              : (typeof value === "string" ? value : value.strnum).slice(0, 1);
          break;
        }
        case "s": {
          numeric = false;
          body = valueToString(value, "%.6g");
          if (precision !== undefined) body = body.slice(0, precision);
          break;
        }
        case "d":
        case "i": {
          const number = Math.trunc(toNumber(value));
          body = Math.abs(number).toString();
          if (precision !== undefined) body = body.padStart(precision, "0");
          if (number < 0) body = `-${body}`;
          else if (allFlags.includes("+")) body = `+${body}`;
          else if (allFlags.includes(" ")) body = ` ${body}`;
          break;
        }
        case "o":
        case "u":
        case "x":
        case "X": {
          let number = BigInt(Math.trunc(toNumber(value)));
          if (number < 0n) number = BigInt.asUintN(64, number);
          body = number.toString(conversion === "o" ? 8 : conversion === "u" ? 10 : 16);
          if (conversion === "X") body = body.toUpperCase();
          if (precision !== undefined) body = body.padStart(precision, "0");
          if (allFlags.includes("#") && number !== 0n)
            body =
              (conversion === "o" ? "0" : conversion === "x" ? "0x" : conversion === "X" ? "0X" : "") + body;
          break;
        }
        default: {
          const number = toNumber(value);
          const p = precision ?? 6;
          if (!Number.isFinite(number)) body = Number.isNaN(number) ? "nan" : number > 0 ? "inf" : "-inf";
          else if (conversion === "f" || conversion === "F") body = number.toFixed(p);
          else if (conversion === "e" || conversion === "E") {
            body = number.toExponential(p).replace(/e([+-])(\d)$/, "e$10$2");
            if (conversion === "E") body = body.toUpperCase();
          } else {
            const significant = p === 0 ? 1 : p;
            if (number === 0) body = "0";
            else {
              const exponent = Math.floor(Math.log10(Math.abs(number)));
              if (exponent < -4 || exponent >= significant) {
                body = number.toExponential(significant - 1).replace(/e([+-])(\d)$/, "e$10$2");
                if (!allFlags.includes("#")) body = body.replace(/\.?0+e/, "e");
              } else {
                body = number.toFixed(Math.max(0, significant - 1 - exponent));
                if (!allFlags.includes("#") && body.includes(".")) body = body.replace(/\.?0+$/, "");
              }
            }
            if (conversion === "G") body = body.toUpperCase();
          }
          if (number >= 0 && allFlags.includes("+")) body = `+${body}`;
          else if (number >= 0 && allFlags.includes(" ")) body = ` ${body}`;
        }
      }
      if (body.length >= width) return body;
      if (allFlags.includes("-")) return body.padEnd(width);
      if (allFlags.includes("0") && numeric && precision === undefined) {
        const sign = /^[+\- ]/.test(body) ? (body[0] as string) : "";
        return sign + body.slice(sign.length).padStart(width - sign.length, "0");
      }
      return body.padStart(width);
    },
  );
}

function valueToString(value: Value, convfmt: string): string {
  if (typeof value === "number") return formatNumber(value, convfmt);
  return typeof value === "string" ? value : value.strnum;
}

interface Frame {
  locals: Map<string, Value | Map<string, Value>>;
}

class Interpreter {
  readonly globals = new Map<string, Value>();
  readonly arrays = new Map<string, Map<string, Value>>();
  private frames: Frame[] = [];
  private fields: string[] = [""];
  private record = "";
  private fieldsValid = true;
  private recordValid = true;
  private readonly regexCache = new Map<string, RegExp>();
  private readonly outputs = new Map<string, { append: boolean; text: string }>();
  private readonly openInputs = new Map<string, { lines: string[]; position: number }>();
  private randomSeed = 0;
  private previousSeed = 0;
  private readonly program: { rules: Rule[]; functions: Map<string, AwkFunction> };
  private readonly io: Io;
  private readonly context: ShellContext;
  private readonly input: { next(): string | undefined };
  constructor(
    program: { rules: Rule[]; functions: Map<string, AwkFunction> },
    io: Io,
    context: ShellContext,
    input: { next(): string | undefined },
  ) {
    this.program = program;
    this.io = io;
    this.context = context;
    this.input = input;
    for (const [name, value] of Object.entries({
      FS: " ",
      OFS: " ",
      ORS: "\n",
      RS: "\n",
      NR: 0,
      NF: 0,
      FNR: 0,
      SUBSEP: "\x1c",
      CONVFMT: "%.6g",
      OFMT: "%.6g",
      RSTART: 0,
      RLENGTH: -1,
      FILENAME: "",
    })) {
      this.globals.set(name, value);
    }
  }

  private step(): void {
    this.context.budget.step();
  }

  regex(source: string): RegExp {
    let regex = this.regexCache.get(source);
    if (!regex) {
      try {
        regex = compilePosix(source, { extended: true });
      } catch (error) {
        if (error instanceof RegexError) throw new AwkError(`bad regex '${source}': ${error.message}`);
        throw error;
      }
      this.regexCache.set(source, regex);
    }
    return regex;
  }

  toStr(value: Value): string {
    return valueToString(value, valueToString(this.getVar("CONVFMT"), "%.6g"));
  }

  private outputString(value: Value): string {
    return typeof value === "number"
      ? formatNumber(value, this.toStr(this.getVar("OFMT")))
      : this.toStr(value);
  }

  private truthy(value: Value): boolean {
    if (typeof value === "number") return value !== 0;
    if (typeof value === "string") return value !== "";
    return looksNumeric(value.strnum) ? toNumber(value) !== 0 : value.strnum !== "";
  }

  // --- variables, arrays and fields ---

  private local(name: string): Frame["locals"] | undefined {
    const frame = this.frames.at(-1);
    return frame?.locals.has(name) ? frame.locals : undefined;
  }

  getVar(name: string): Value {
    const locals = this.local(name);
    if (locals) {
      const value = locals.get(name);
      if (value instanceof Map) throw new AwkError(`can't use array ${name} in scalar context`);
      return value ?? UNSET;
    }
    if (name === "NF") {
      this.splitFields();
      return this.fields.length - 1;
    }
    return this.globals.get(name) ?? UNSET;
  }

  setVar(name: string, value: Value): void {
    const locals = this.local(name);
    if (locals) {
      locals.set(name, value);
      return;
    }
    if (name === "NF") {
      this.splitFields();
      const count = Math.max(0, Math.trunc(toNumber(value)));
      this.fields.length = count + 1;
      for (let index = 1; index <= count; index += 1) this.fields[index] ??= "";
      this.recordValid = false;
      return;
    }
    this.globals.set(name, value);
  }

  array(name: string): Map<string, Value> {
    const locals = this.local(name);
    if (locals) {
      let value = locals.get(name);
      if (!(value instanceof Map)) {
        value = new Map();
        locals.set(name, value);
      }
      return value;
    }
    let array = this.arrays.get(name);
    if (!array) {
      array = new Map();
      this.arrays.set(name, array);
    }
    return array;
  }

  setRecord(text: string): void {
    this.record = text;
    this.recordValid = true;
    this.fieldsValid = false;
  }

  private splitFields(): void {
    if (this.fieldsValid) return;
    this.fields = ["", ...this.split(this.record, this.getFsRaw())];
    this.fieldsValid = true;
  }

  private getFsRaw(): string {
    return this.toStr(this.globals.get("FS") ?? " ");
  }

  split(text: string, fs: string): string[] {
    if (text === "") return [];
    if (fs === " ")
      return text
        .split(/[ \t\n]+/)
        .filter((part, index, all) => part !== "" || (index !== 0 && index !== all.length - 1))
        .filter((part) => part !== "");
    if (fs.length === 1 && fs !== "\\") return text.split(fs === "\t" ? "\t" : fs);
    return text.split(new RegExp(this.regex(fs).source));
  }

  getField(index: number): Value {
    if (index === 0) {
      if (!this.recordValid) this.rebuildRecord();
      return { strnum: this.record };
    }
    this.splitFields();
    const field = this.fields[index];
    return field === undefined ? { strnum: "" } : { strnum: field };
  }

  setField(index: number, value: string): void {
    if (index === 0) {
      this.setRecord(value);
      return;
    }
    this.splitFields();
    while (this.fields.length <= index) this.fields.push("");
    this.fields[index] = value;
    this.recordValid = false;
  }

  private rebuildRecord(): void {
    this.record = this.fields.slice(1).join(this.toStr(this.getVar("OFS")));
    this.recordValid = true;
  }

  // --- evaluation ---

  private subscript(nodes: Node[]): string {
    return nodes.map((node) => this.toStr(this.evaluate(node))).join(this.toStr(this.getVar("SUBSEP")));
  }

  private assignTo(target: Node, value: Value): void {
    if (target.type === "var") this.setVar(target.name, value);
    else if (target.type === "field")
      this.setField(Math.trunc(toNumber(this.evaluate(target.index))), this.toStr(value));
    else if (target.type === "index") this.array(target.name).set(this.subscript(target.subscripts), value);
    else throw new AwkError("assignment to a non-variable");
  }

  private compare(left: Value, right: Value): number {
    const numericLeft =
      typeof left === "number" || left === UNSET || (typeof left === "object" && looksNumeric(left.strnum));
    const numericRight =
      typeof right === "number" ||
      right === UNSET ||
      (typeof right === "object" && looksNumeric(right.strnum));
    if (numericLeft && numericRight) {
      const a = toNumber(left);
      const b = toNumber(right);
      return a < b ? -1 : a > b ? 1 : 0;
    }
    const a = this.toStr(left);
    const b = this.toStr(right);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  private matchRegex(node: Node): RegExp {
    if (node.type === "regex") return this.regex(node.source);
    return this.regex(this.toStr(this.evaluate(node)));
  }

  evaluate(node: Node): Value {
    switch (node.type) {
      case "num":
        return node.value;
      case "str":
        return node.value;
      case "regex":
        return this.regex(node.source).test(this.toStr(this.getField(0))) ? 1 : 0;
      case "group":
        return this.evaluate(node.expr);
      case "var":
        return this.getVar(node.name);
      case "field":
        return this.getField(Math.trunc(toNumber(this.evaluate(node.index))));
      case "index": {
        const array = this.array(node.name);
        const key = this.subscript(node.subscripts);
        if (!array.has(key)) array.set(key, UNSET);
        return array.get(key) as Value;
      }
      case "in":
        return this.array(node.name).has(this.subscript(node.subscripts)) ? 1 : 0;
      case "assign": {
        let value = this.evaluate(node.value);
        if (node.op !== "=")
          value = this.arithmetic(
            node.op.slice(0, -1),
            toNumber(this.evaluate(node.target)),
            toNumber(value),
          );
        else if (typeof value === "object") value = { strnum: value.strnum };
        this.context.budget.checkVariable("awk variable", typeof value === "string" ? value.length : 0);
        this.assignTo(node.target, value);
        return value;
      }
      case "cond":
        return this.truthy(this.evaluate(node.test)) ? this.evaluate(node.yes) : this.evaluate(node.no);
      case "unary": {
        const value = this.evaluate(node.operand);
        if (node.op === "!") return this.truthy(value) ? 0 : 1;
        return node.op === "-" ? -toNumber(value) : toNumber(value);
      }
      case "incdec": {
        const old = toNumber(this.evaluate(node.target));
        const updated = node.op === "++" ? old + 1 : old - 1;
        this.assignTo(node.target, updated);
        return node.prefix ? updated : old;
      }
      case "match": {
        const result = this.matchRegex(node.right).test(this.toStr(this.evaluate(node.left)));
        return result !== node.negate ? 1 : 0;
      }
      case "binary": {
        if (node.op === "&&")
          return this.truthy(this.evaluate(node.left)) && this.truthy(this.evaluate(node.right)) ? 1 : 0;
        if (node.op === "||")
          return this.truthy(this.evaluate(node.left)) || this.truthy(this.evaluate(node.right)) ? 1 : 0;
        const left = this.evaluate(node.left);
        const right = this.evaluate(node.right);
        switch (node.op) {
          case "concat": {
            const text = this.toStr(left) + this.toStr(right);
            this.context.budget.checkVariable("awk string", text.length);
            return text;
          }
          case "<":
            return this.compare(left, right) < 0 ? 1 : 0;
          case "<=":
            return this.compare(left, right) <= 0 ? 1 : 0;
          case ">":
            return this.compare(left, right) > 0 ? 1 : 0;
          case ">=":
            return this.compare(left, right) >= 0 ? 1 : 0;
          case "==":
            return this.compare(left, right) === 0 ? 1 : 0;
          case "!=":
            return this.compare(left, right) !== 0 ? 1 : 0;
          default:
            return this.arithmetic(node.op, toNumber(left), toNumber(right));
        }
      }
      case "call":
        return this.call(node.name, node.args);
      case "builtin":
        return this.builtin(node.name, node.args);
      case "getline":
        return this.getline(node);
    }
  }

  private arithmetic(op: string, a: number, b: number): number {
    switch (op) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "*":
        return a * b;
      case "/":
        if (b === 0) throw new AwkError("division by zero");
        return a / b;
      case "%":
        if (b === 0) throw new AwkError("division by zero in %");
        return a % b;
      default:
        return a ** b;
    }
  }

  private getline(node: Extract<Node, { type: "getline" }>): Value {
    let line: string | undefined;
    if (node.file) {
      const name = this.toStr(this.evaluate(node.file));
      let source = this.openInputs.get(name);
      if (!source) {
        const content =
          name === "-" ? textContent(this.io.stdin) : this.context.fs.readFile(fullPath(this.context, name));
        const value = "ok" in content ? (content.ok ? content.value : undefined) : content;
        if (!value) return -1;
        const text = contentText(this.context, value);
        const lines = text.split("\n");
        if (lines.at(-1) === "") lines.pop();
        source = { lines, position: 0 };
        this.openInputs.set(name, source);
      }
      line = source.lines[source.position];
      source.position += 1;
      if (line === undefined) return 0;
      if (node.target) this.assignTo(node.target, { strnum: line });
      else {
        this.setRecord(line);
      }
      return 1;
    }
    line = this.input.next();
    if (line === undefined) return 0;
    this.setVar("NR", toNumber(this.getVar("NR")) + 1);
    this.setVar("FNR", toNumber(this.getVar("FNR")) + 1);
    if (node.target) this.assignTo(node.target, { strnum: line });
    else this.setRecord(line);
    return 1;
  }

  private call(name: string, args: Node[]): Value {
    const fn = this.program.functions.get(name);
    if (!fn) throw new AwkError(`Call to undefined function ${name}`);
    if (this.frames.length > 500) throw new AwkError("function calls nested too deeply");
    this.step();
    const locals = new Map<string, Value | Map<string, Value>>();
    fn.params.forEach((param, index) => {
      const arg = args[index];
      if (arg === undefined) {
        locals.set(param, "");
        return;
      }
      // Arrays are passed by reference: a bare name that is (or will be) an array.
      if (
        arg.type === "var" &&
        (this.arrays.has(arg.name) || this.local(arg.name)?.get(arg.name) instanceof Map)
      ) {
        locals.set(param, this.array(arg.name));
        return;
      }
      locals.set(param, this.evaluate(arg));
    });
    this.frames.push({ locals });
    try {
      this.execute(fn.body);
      return "";
    } catch (signal) {
      if (signal instanceof Return) return signal.value;
      throw signal;
    } finally {
      this.frames.pop();
      // A scalar parameter used as an array inside the function becomes the caller's array.
      fn.params.forEach((param, index) => {
        const arg = args[index];
        const value = locals.get(param);
        if (
          arg?.type === "var" &&
          value instanceof Map &&
          !this.arrays.has(arg.name) &&
          !this.local(arg.name)
        )
          this.arrays.set(arg.name, value);
      });
    }
  }

  private builtin(name: string, args: Node[]): Value {
    const arg = (index: number) => {
      const node = args[index];
      return node === undefined ? "" : this.evaluate(node);
    };
    const str = (index: number) => this.toStr(arg(index));
    const num = (index: number) => toNumber(arg(index));
    switch (name) {
      case "length": {
        const node = args[0];
        if (node === undefined) return this.toStr(this.getField(0)).length;
        if (
          node.type === "var" &&
          (this.arrays.has(node.name) || this.local(node.name)?.get(node.name) instanceof Map)
        )
          return this.array(node.name).size;
        return str(0).length;
      }
      case "substr": {
        const text = str(0);
        const start = Math.round(num(1));
        const length = args.length > 2 ? Math.round(num(2)) : Number.POSITIVE_INFINITY;
        // busybox: a start before 1 is moved to 1 and keeps its length.
        const from = Math.max(1, start);
        const to = Math.min(text.length + 1, from + length);
        return to <= from ? "" : text.slice(from - 1, to - 1);
      }
      case "index": {
        return str(0).indexOf(str(1)) + 1;
      }
      case "split": {
        const target = args[1];
        if (target?.type !== "var") throw new AwkError("split: second argument must be an array");
        const array = this.array(target.name);
        array.clear();
        const separator =
          args[2] === undefined ? this.getFsRaw() : args[2].type === "regex" ? args[2].source : str(2);
        const parts = separator === "" ? [...str(0)] : this.split(str(0), separator);
        for (const [index, part] of parts.entries()) array.set(String(index + 1), { strnum: part });
        return parts.length;
      }
      case "sub":
      case "gsub": {
        const regex = this.matchRegex(args[0] as Node);
        const target = args[2] ?? ({ type: "field", index: { type: "num", value: 0 } } as Node);
        const text = this.toStr(this.evaluate(target));
        const replacement = str(1);
        let count = 0;
        const global = new RegExp(regex.source, "g");
        let result = "";
        let last = 0;
        let previousEnd = -1;
        for (let match = global.exec(text); match !== null; match = global.exec(text)) {
          this.step();
          // An empty match right after a match is not a new one ("hello" with /l*/ → XhXeXoX).
          if (match[0] === "" && match.index === previousEnd) {
            global.lastIndex = match.index + 1;
            if (match.index < text.length) result += text[match.index];
            last = match.index + 1;
            continue;
          }
          previousEnd = match.index + match[0].length;
          count += 1;
          result += text.slice(last, match.index);
          result += replacement.replace(/\\\\|\\&|&/g, (token) =>
            token === "&" ? match[0] : token === "\\&" ? "&" : "\\",
          );
          last = match.index + match[0].length;
          if (match[0] === "") {
            if (match.index < text.length) result += text[match.index];
            last = match.index + 1;
            global.lastIndex = match.index + 1;
          }
          if (name === "sub") break;
        }
        if (count > 0) this.assignTo(target, result + text.slice(last));
        return count;
      }
      case "match": {
        const match = this.matchRegex(args[1] as Node).exec(str(0));
        this.setVar("RSTART", match ? match.index + 1 : 0);
        this.setVar("RLENGTH", match ? match[0].length : -1);
        return match ? match.index + 1 : 0;
      }
      case "sprintf":
        return sprintf(
          str(0),
          args.slice(1).map((node) => this.evaluate(node)),
        );
      case "sin":
        return Math.sin(num(0));
      case "cos":
        return Math.cos(num(0));
      case "atan2":
        return Math.atan2(num(0), num(1));
      case "exp":
        return Math.exp(num(0));
      case "log":
        return Math.log(num(0));
      case "sqrt":
        return Math.sqrt(num(0));
      case "int":
        return Math.trunc(num(0));
      case "rand": {
        // A seeded generator: runs are reproducible, as with an unseeded awk.
        this.randomSeed = (this.randomSeed * 1103515245 + 12345) % 2147483648;
        return this.randomSeed / 2147483648;
      }
      case "srand": {
        const previous = this.previousSeed;
        this.previousSeed = args.length > 0 ? num(0) : this.context.now;
        this.randomSeed = this.previousSeed;
        return previous;
      }
      case "tolower":
        return str(0).toLowerCase();
      case "toupper":
        return str(0).toUpperCase();
      case "system": {
        this.flushOutputs();
        return runShellCommand(this.context, this.io, str(0));
      }
      case "close": {
        const name = str(0);
        this.openInputs.delete(name);
        const output = this.outputs.get(name);
        if (output) {
          this.writeOutput(name, output);
          this.outputs.delete(name);
        }
        return 0;
      }
      case "fflush":
        return 0;
      default:
        throw new AwkError(`unknown function ${name}`);
    }
  }

  // --- statements ---

  execute(statement: Statement): void {
    this.step();
    switch (statement.type) {
      case "expr":
        this.evaluate(statement.expr);
        return;
      case "print": {
        let text: string;
        if (statement.printf) {
          const [format, ...rest] = statement.args;
          if (format === undefined) throw new AwkError("printf: no format");
          text = sprintf(
            this.toStr(this.evaluate(format)),
            rest.map((node) => this.evaluate(node)),
          );
        } else {
          const parts =
            statement.args.length === 0
              ? [this.getField(0)]
              : statement.args.map((node) => this.evaluate(node));
          text =
            parts.map((value) => this.outputString(value)).join(this.toStr(this.getVar("OFS"))) +
            this.toStr(this.getVar("ORS"));
        }
        if (!statement.redirect) {
          this.io.out(text);
          return;
        }
        const target = this.toStr(this.evaluate(statement.redirect.target));
        if (statement.redirect.op === "|") {
          runShellCommand(this.context, this.io, target, text);
          return;
        }
        if (target === "/dev/stdout" || target === "-") this.io.out(text);
        else if (target === "/dev/stderr") this.io.err(text);
        else {
          const output = this.outputs.get(target) ?? { append: statement.redirect.op === ">>", text: "" };
          output.text += text;
          this.context.budget.checkFile(target, output.text.length, true);
          this.outputs.set(target, output);
        }
        return;
      }
      case "if":
        if (this.truthy(this.evaluate(statement.test))) this.execute(statement.yes);
        else if (statement.no) this.execute(statement.no);
        return;
      case "while":
        while (this.truthy(this.evaluate(statement.test))) {
          if (this.loopBody(statement.body)) break;
        }
        return;
      case "do":
        do {
          if (this.loopBody(statement.body)) break;
        } while (this.truthy(this.evaluate(statement.test)));
        return;
      case "for":
        if (statement.init) this.execute(statement.init);
        while (statement.test === undefined || this.truthy(this.evaluate(statement.test))) {
          if (this.loopBody(statement.body)) break;
          if (statement.update) this.execute(statement.update);
        }
        return;
      case "forin": {
        const keys = [...this.array(statement.array).keys()];
        for (const key of keys) {
          this.setVar(statement.variable, looksNumeric(key) ? { strnum: key } : key);
          if (this.loopBody(statement.body)) break;
        }
        return;
      }
      case "block":
        for (const inner of statement.body) this.execute(inner);
        return;
      case "next":
        throw new Next();
      case "nextfile":
        throw new NextFile();
      case "exit":
        throw new Exit(statement.value ? Math.trunc(toNumber(this.evaluate(statement.value))) & 255 : 0);
      case "return":
        throw new Return(statement.value ? this.evaluate(statement.value) : "");
      case "break":
        throw new Break();
      case "continue":
        throw new Continue();
      case "delete":
        if (statement.subscripts) this.array(statement.name).delete(this.subscript(statement.subscripts));
        else this.array(statement.name).clear();
        return;
    }
  }

  /** Runs one loop iteration; true when `break` ended the loop. */
  private loopBody(body: Statement): boolean {
    this.step();
    try {
      this.execute(body);
    } catch (signal) {
      if (signal instanceof Break) return true;
      if (signal instanceof Continue) return false;
      throw signal;
    }
    return false;
  }

  private writeOutput(name: string, output: { append: boolean; text: string }): void {
    const full = fullPath(this.context, name);
    const existing = output.append ? this.context.fs.readFile(full) : undefined;
    const before = existing?.ok ? existing.value.text() : "";
    this.context.fs.writeFile(full, textContent(before + output.text));
  }

  flushOutputs(): void {
    for (const [name, output] of this.outputs) {
      this.writeOutput(name, output);
      output.append = true;
      output.text = "";
    }
  }

  /** Runs the main rules over one record. */
  runRecord(): void {
    for (const rule of this.program.rules) {
      if (rule.kind !== "main") continue;
      let selected: boolean;
      if (rule.range) {
        if (rule.inRange) {
          selected = true;
          if (this.truthy(this.evaluate(rule.range))) rule.inRange = false;
        } else if (this.truthy(this.evaluate(rule.pattern as Node))) {
          selected = true;
          rule.inRange = !this.truthy(this.evaluate(rule.range));
        } else selected = false;
      } else selected = rule.pattern === undefined || this.truthy(this.evaluate(rule.pattern));
      if (!selected) continue;
      if (rule.action) this.execute(rule.action);
      else this.io.out(this.toStr(this.getField(0)) + this.toStr(this.getVar("ORS")));
    }
  }
}

/** `system()` and `print | cmd`: the command runs in a nested `sh -c` over the same file system. */
function runShellCommand(context: ShellContext, io: Io, command: string, input = ""): number {
  const sh = context.commands.sh;
  return sh ? sh(["sh", "-c", command], makeIo(new InputStream(input), io.out, io.err), context) : 127;
}

/** Splits input text into records by RS: a newline, another character, "" (paragraphs) or a regex. */
function splitRecords(text: string, rs: string): string[] {
  if (rs === "\n") {
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    return lines;
  }
  if (rs === "")
    return text
      .replace(/^\n+/, "")
      .split(/\n\n+/)
      .map((record) => record.replace(/\n+$/, ""))
      .filter((record) => record !== "");
  const parts = rs.length === 1 ? text.split(rs) : text.split(new RegExp(rs));
  if (parts.at(-1) === "" || parts.at(-1) === "\n") parts.pop();
  return parts;
}

/** awk [-F FS] [-v VAR=VALUE]… [-f PROGFILE | 'PROGRAM'] [FILE | VAR=VALUE]…. */
export const awk: CommandImplementation = (argv, io, context) => {
  const args = argv.slice(1);
  const assignments: [string, string][] = [];
  let fs: string | undefined;
  let source: string | undefined;
  let index = 0;
  for (; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === "--") {
      index += 1;
      break;
    }
    if (!arg.startsWith("-") || arg === "-") break;
    const option = arg[1];
    const value = arg.length > 2 ? arg.slice(2) : args[++index];
    if (value === undefined) {
      io.err(`awk: option requires an argument -- '${option}'\n`);
      return 1;
    }
    if (option === "F") fs = value === "t" ? "\t" : value;
    else if (option === "v") {
      const equals = value.indexOf("=");
      assignments.push([value.slice(0, equals), value.slice(equals + 1)]);
    } else if (option === "f") {
      const content = context.fs.readFile(fullPath(context, value));
      if (!content.ok) {
        io.err(`awk: can't open '${value}': ${errnoText(content.error)}\n`);
        return 1;
      }
      source = (source ?? "") + content.value.text();
    } else {
      io.err(`awk: invalid option -- '${option}'\n`);
      return 1;
    }
  }
  if (source === undefined) {
    source = args[index];
    index += 1;
    if (source === undefined) {
      io.err("awk: usage: awk [OPTIONS] [AWK_PROGRAM] [FILE]...\n");
      return 1;
    }
  }
  const operands = args.slice(index);
  let program: { rules: Rule[]; functions: Map<string, AwkFunction> };
  try {
    program = new Parser(tokenize(source)).parseProgram();
  } catch (error) {
    if (!(error instanceof AwkError)) throw error;
    io.err(`awk: cmd. line:1: ${error.message}\n`);
    return 1;
  }
  // Records come from the operands in turn (or standard input); VAR=VALUE operands apply in order.
  const queue = operands.length === 0 ? ["-"] : operands;
  let current: { records: string[]; position: number } | undefined;
  let queueIndex = 0;
  let status = 0;
  let interpreter: Interpreter;
  const unescapeValue = (value: string) =>
    value.replace(/\\n/g, "\n").replace(/\\t/g, "\t").replace(/\\\\/g, "\\");
  const reader = {
    next(): string | undefined {
      while (true) {
        if (current && current.position < current.records.length) {
          const record = current.records[current.position] as string;
          current.position += 1;
          return record;
        }
        const operand = queue[queueIndex];
        if (operand === undefined) return undefined;
        queueIndex += 1;
        const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(operand);
        if (assignment && operands.length > 0) {
          interpreter.setVar(assignment[1] as string, { strnum: unescapeValue(assignment[2] as string) });
          continue;
        }
        let text: string;
        if (operand === "-" || operand === "/dev/stdin") text = io.stdin;
        else if (operand === "/dev/null") text = "";
        else {
          const content = context.fs.readFile(fullPath(context, operand));
          if (!content.ok) {
            io.err(`awk: ${operand}: ${errnoText(content.error)}\n`);
            status = 1;
            continue;
          }
          text = contentText(context, content.value);
        }
        interpreter.setVar("FILENAME", operand === "-" ? "" : operand);
        interpreter.setVar("FNR", 0);
        current = { records: splitRecords(text, interpreter.toStr(interpreter.getVar("RS"))), position: 0 };
      }
    },
  };
  interpreter = new Interpreter(program, io, context, reader);
  if (fs !== undefined) interpreter.setVar("FS", fs);
  for (const [name, value] of assignments) interpreter.setVar(name, { strnum: unescapeValue(value) });
  const environment = interpreter.array("ENVIRON");
  for (const [name, value] of context.env) if (context.exported.has(name)) environment.set(name, value);
  const argvArray = interpreter.array("ARGV");
  argvArray.set("0", "awk");
  for (const [position, operand] of operands.entries()) argvArray.set(String(position + 1), operand);
  interpreter.setVar("ARGC", operands.length + 1);
  let exitCode: number | undefined;
  const runRules = (kind: "begin" | "end") => {
    for (const rule of program.rules) if (rule.kind === kind && rule.action) interpreter.execute(rule.action);
  };
  try {
    try {
      runRules("begin");
      const hasMain = program.rules.some((rule) => rule.kind !== "begin");
      if (hasMain) {
        while (true) {
          const record = reader.next();
          if (record === undefined) break;
          interpreter.setVar("NR", toNumber(interpreter.getVar("NR")) + 1);
          interpreter.setVar("FNR", toNumber(interpreter.getVar("FNR")) + 1);
          interpreter.setRecord(record);
          try {
            interpreter.runRecord();
          } catch (signal) {
            if (signal instanceof Next) continue;
            if (signal instanceof NextFile) {
              if (current) current.position = current.records.length;
              continue;
            }
            throw signal;
          }
        }
      }
    } catch (signal) {
      if (!(signal instanceof Exit)) throw signal;
      exitCode = signal.status;
    }
    try {
      runRules("end");
    } catch (signal) {
      if (!(signal instanceof Exit)) throw signal;
      exitCode = signal.status;
    }
  } catch (error) {
    if (error instanceof AwkError) {
      interpreter.flushOutputs();
      io.err(`awk: cmd. line:1: ${error.message}\n`);
      return 2;
    }
    if (
      error instanceof Next ||
      error instanceof Break ||
      error instanceof Continue ||
      error instanceof Return
    ) {
      io.err("awk: cmd. line:1: misplaced control statement\n");
      return 2;
    }
    throw error;
  }
  interpreter.flushOutputs();
  return exitCode ?? status;
};
