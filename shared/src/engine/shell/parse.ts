/**
 * A parser for the POSIX `sh -c` subset that Dockerfiles and `docker run` commands use: simple
 * commands with assignments and redirections, pipelines, `!`, `&&`, `||`, `;`, newlines, `( … )`,
 * `{ …; }`, `if`, `for` and `while`. Words are kept as written (quotes included) and expanded when
 * the command runs, against the environment at that moment, as a shell does.
 *
 * Written here rather than taken from a library: mvdan-sh (GopherJS) and sh-syntax (WASM, async
 * start-up) are bash parsers of about a megabyte for the browser, and just-bash brings its own
 * virtual file system and interpreter; this subset is a few hundred lines and reports errors with
 * busybox ash's wording.
 */

export interface Redirection {
  /** File descriptor redirected (1 for `>`, 0 for `<`, 2 for `2>`). */
  readonly fd: number;
  readonly op: ">" | ">>" | "<" | ">&" | "<&";
  /** The target word (raw), or a descriptor number for `>&`. */
  readonly target: string;
}

export type Command =
  | {
      readonly kind: "simple";
      readonly assignments: readonly string[];
      readonly words: readonly string[];
      readonly redirections: readonly Redirection[];
    }
  | { readonly kind: "subshell"; readonly body: Script; readonly redirections: readonly Redirection[] }
  | { readonly kind: "group"; readonly body: Script; readonly redirections: readonly Redirection[] }
  | {
      readonly kind: "if";
      readonly branches: readonly { readonly condition: Script; readonly body: Script }[];
      readonly otherwise?: Script;
      readonly redirections: readonly Redirection[];
    }
  | {
      readonly kind: "for";
      readonly variable: string;
      readonly items: readonly string[] | undefined;
      readonly body: Script;
      readonly redirections: readonly Redirection[];
    }
  | {
      readonly kind: "while";
      readonly until: boolean;
      readonly condition: Script;
      readonly body: Script;
      readonly redirections: readonly Redirection[];
    };

export interface Pipeline {
  readonly negated: boolean;
  readonly commands: readonly Command[];
}

/** Pipelines joined by `&&` and `||`, left to right. */
export interface AndOr {
  readonly first: Pipeline;
  readonly rest: readonly { readonly op: "&&" | "||"; readonly pipeline: Pipeline }[];
}

export type Script = readonly AndOr[];

export type ParseResult = { ok: true; script: Script } | { ok: false; message: string };

type Token =
  | { kind: "word"; text: string }
  | { kind: "op"; text: string }
  | { kind: "redirect"; fd: number; op: Redirection["op"] }
  | { kind: "newline" }
  | { kind: "end" };

class ShellSyntaxError extends Error {}

const OPERATORS = ["&&", "||", ";;", ";", "|", "&", "(", ")"];

/** Splits a script into tokens; a word's quotes, `$( … )` and `${ … }` are kept whole. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    if (char === " " || char === "\t") {
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
    const redirect = /^(\d?)(>>|>&|<&|>\||>|<)/.exec(source.slice(index));
    if (redirect) {
      const op = (redirect[2] === ">|" ? ">" : redirect[2]) as Redirection["op"];
      const fd = redirect[1] ? Number(redirect[1]) : op.startsWith("<") ? 0 : 1;
      tokens.push({ kind: "redirect", fd, op });
      index += redirect[0].length;
      continue;
    }
    if (source.startsWith("&>", index)) {
      // ash: `&>file` is `>file 2>&1`.
      tokens.push({ kind: "redirect", fd: 1, op: ">" });
      index += 2;
      const word = readWord(source, index);
      tokens.push({ kind: "word", text: word.text });
      tokens.push({ kind: "redirect", fd: 2, op: ">&" });
      tokens.push({ kind: "word", text: "1" });
      index = word.end;
      continue;
    }
    const operator = OPERATORS.find((candidate) => source.startsWith(candidate, index));
    if (operator) {
      tokens.push({ kind: "op", text: operator });
      index += operator.length;
      continue;
    }
    const word = readWord(source, index);
    tokens.push({ kind: "word", text: word.text });
    index = word.end;
  }
  tokens.push({ kind: "end" });
  return tokens;
}

function readWord(source: string, start: number): { text: string; end: number } {
  let index = start;
  while (index < source.length) {
    const char = source[index] as string;
    if (" \t\n;&|()<>".includes(char)) break;
    if (char === "\\") {
      index += 2;
      continue;
    }
    if (char === "'") {
      const close = source.indexOf("'", index + 1);
      if (close === -1) throw new ShellSyntaxError("unterminated quoted string");
      index = close + 1;
      continue;
    }
    if (char === '"') {
      index = skipDoubleQuoted(source, index + 1);
      continue;
    }
    if (char === "$" && source[index + 1] === "(") {
      index = skipBalanced(source, index + 2, "(", ")");
      continue;
    }
    if (char === "$" && source[index + 1] === "{") {
      index = skipBalanced(source, index + 2, "{", "}");
      continue;
    }
    if (char === "`") {
      const close = source.indexOf("`", index + 1);
      if (close === -1) throw new ShellSyntaxError("unterminated quoted string");
      index = close + 1;
      continue;
    }
    index += 1;
  }
  return { text: source.slice(start, index), end: index };
}

function skipDoubleQuoted(source: string, start: number): number {
  let index = start;
  while (index < source.length) {
    const char = source[index];
    if (char === "\\") index += 2;
    else if (char === '"') return index + 1;
    else if (char === "$" && source[index + 1] === "(") index = skipBalanced(source, index + 2, "(", ")");
    else index += 1;
  }
  throw new ShellSyntaxError("unterminated quoted string");
}

function skipBalanced(source: string, start: number, open: string, close: string): number {
  let depth = 1;
  let index = start;
  while (index < source.length) {
    const char = source[index];
    if (char === "\\") index += 2;
    else if (char === "'") {
      const end = source.indexOf("'", index + 1);
      if (end === -1) throw new ShellSyntaxError("unterminated quoted string");
      index = end + 1;
    } else if (char === '"') index = skipDoubleQuoted(source, index + 1);
    else {
      if (char === open) depth += 1;
      if (char === close) depth -= 1;
      index += 1;
      if (depth === 0) return index;
    }
  }
  throw new ShellSyntaxError(`missing '${close}'`);
}

const RESERVED = new Set([
  "if",
  "then",
  "elif",
  "else",
  "fi",
  "for",
  "in",
  "do",
  "done",
  "while",
  "until",
  "{",
  "}",
  "!",
  "case",
  "esac",
  "function",
]);

class Parser {
  private position = 0;
  private readonly tokens: Token[];
  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  private peek(): Token {
    return this.tokens[this.position] as Token;
  }
  private next(): Token {
    const token = this.peek();
    this.position += 1;
    return token;
  }
  private isWord(text: string): boolean {
    const token = this.peek();
    return token.kind === "word" && token.text === text;
  }
  private isOp(text: string): boolean {
    const token = this.peek();
    return token.kind === "op" && token.text === text;
  }
  private skipNewlines(): void {
    while (this.peek().kind === "newline") this.next();
  }
  private describe(token: Token): string {
    if (token.kind === "end") return "end of file";
    if (token.kind === "newline") return "newline";
    if (token.kind === "redirect") return "redirection";
    return `"${token.text}"`;
  }
  private fail(): never {
    throw new ShellSyntaxError(`unexpected ${this.describe(this.peek())}`);
  }
  private expectWord(text: string): void {
    this.skipNewlines();
    if (!this.isWord(text)) this.fail();
    this.next();
  }

  /** A list up to one of the `terminators` (reserved words or `)`). */
  parseList(terminators: readonly string[]): Script {
    const list: AndOr[] = [];
    this.skipNewlines();
    while (true) {
      const token = this.peek();
      if (token.kind === "end") break;
      if (token.kind === "word" && terminators.includes(token.text)) break;
      if (token.kind === "op" && terminators.includes(token.text)) break;
      list.push(this.parseAndOr());
      const separator = this.peek();
      if (separator.kind === "op" && (separator.text === ";" || separator.text === "&")) this.next();
      else if (separator.kind === "newline") this.next();
      else if (separator.kind === "end") break;
      else if (separator.kind === "word" && terminators.includes(separator.text)) break;
      else if (separator.kind === "op" && terminators.includes(separator.text)) break;
      else this.fail();
      this.skipNewlines();
    }
    return list;
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline();
    const rest: { op: "&&" | "||"; pipeline: Pipeline }[] = [];
    while (this.isOp("&&") || this.isOp("||")) {
      const op = this.next() as { text: "&&" | "||" };
      this.skipNewlines();
      rest.push({ op: op.text, pipeline: this.parsePipeline() });
    }
    return { first, rest };
  }

  private parsePipeline(): Pipeline {
    let negated = false;
    if (this.isWord("!")) {
      this.next();
      negated = true;
    }
    const commands = [this.parseCommand()];
    while (this.isOp("|")) {
      this.next();
      this.skipNewlines();
      commands.push(this.parseCommand());
    }
    return { negated, commands };
  }

  private parseRedirections(): Redirection[] {
    const redirections: Redirection[] = [];
    while (this.peek().kind === "redirect") {
      const token = this.next() as Extract<Token, { kind: "redirect" }>;
      const target = this.next();
      if (target.kind !== "word") throw new ShellSyntaxError(`unexpected ${this.describe(target)}`);
      redirections.push({ fd: token.fd, op: token.op, target: target.text });
    }
    return redirections;
  }

  private parseCommand(): Command {
    const token = this.peek();
    if (token.kind === "op" && token.text === "(") {
      this.next();
      const body = this.parseList([")"]);
      if (!this.isOp(")")) this.fail();
      this.next();
      return { kind: "subshell", body, redirections: this.parseRedirections() };
    }
    if (token.kind === "word") {
      switch (token.text) {
        case "{": {
          this.next();
          const body = this.parseList(["}"]);
          this.expectWord("}");
          return { kind: "group", body, redirections: this.parseRedirections() };
        }
        case "if":
          return this.parseIf();
        case "for":
          return this.parseFor();
        case "while":
        case "until": {
          this.next();
          const condition = this.parseList(["do"]);
          this.expectWord("do");
          const body = this.parseList(["done"]);
          this.expectWord("done");
          return {
            kind: "while",
            until: token.text === "until",
            condition,
            body,
            redirections: this.parseRedirections(),
          };
        }
        case "case":
        case "function":
          throw new ShellSyntaxError(`"${token.text}" is not supported by Layercake's shell`);
        default:
          if (RESERVED.has(token.text) && token.text !== "!") this.fail();
      }
    }
    return this.parseSimple();
  }

  private parseIf(): Command {
    this.next();
    const branches: { condition: Script; body: Script }[] = [];
    let otherwise: Script | undefined;
    const condition = this.parseList(["then"]);
    this.expectWord("then");
    branches.push({ condition, body: this.parseList(["elif", "else", "fi"]) });
    while (this.isWord("elif")) {
      this.next();
      const elifCondition = this.parseList(["then"]);
      this.expectWord("then");
      branches.push({ condition: elifCondition, body: this.parseList(["elif", "else", "fi"]) });
    }
    if (this.isWord("else")) {
      this.next();
      otherwise = this.parseList(["fi"]);
    }
    this.expectWord("fi");
    return {
      kind: "if",
      branches,
      ...(otherwise === undefined ? {} : { otherwise }),
      redirections: this.parseRedirections(),
    };
  }

  private parseFor(): Command {
    this.next();
    const name = this.next();
    if (name.kind !== "word" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name.text)) {
      throw new ShellSyntaxError(`bad for loop variable`);
    }
    let items: string[] | undefined;
    this.skipNewlines();
    if (this.isWord("in")) {
      this.next();
      items = [];
      while (this.peek().kind === "word") items.push((this.next() as { text: string }).text);
    }
    if (this.isOp(";")) this.next();
    this.expectWord("do");
    const body = this.parseList(["done"]);
    this.expectWord("done");
    return { kind: "for", variable: name.text, items, body, redirections: this.parseRedirections() };
  }

  private parseSimple(): Command {
    const assignments: string[] = [];
    const words: string[] = [];
    const redirections: Redirection[] = [];
    while (true) {
      const token = this.peek();
      if (token.kind === "redirect") {
        redirections.push(...this.parseRedirections());
        continue;
      }
      if (token.kind !== "word") break;
      if (words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(token.text)) assignments.push(token.text);
      else if (
        words.length === 0 &&
        (token.text === "}" || RESERVED.has(token.text)) &&
        assignments.length + redirections.length === 0
      )
        break;
      else words.push(token.text);
      this.next();
    }
    if (words.length === 0 && assignments.length === 0 && redirections.length === 0) this.fail();
    return { kind: "simple", assignments, words, redirections };
  }

  parseScript(): Script {
    const script = this.parseList([]);
    if (this.peek().kind !== "end") this.fail();
    return script;
  }
}

/** Parses a script; a syntax error comes back with ash's wording (`syntax error: unexpected "fi"`). */
export function parseShell(source: string): ParseResult {
  try {
    const script = new Parser(tokenize(source)).parseScript();
    return { ok: true, script };
  } catch (error) {
    if (error instanceof ShellSyntaxError) return { ok: false, message: `syntax error: ${error.message}` };
    throw error;
  }
}
