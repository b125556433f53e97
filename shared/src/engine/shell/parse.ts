/**
 * A parser for the POSIX shell language as busybox ash accepts it in `sh -c`: simple commands with
 * assignments and redirections (here-documents included), pipelines, `!`, `&&`, `||`, `;`, `&`,
 * newlines, `( … )`, `{ …; }`, `if`, `for`, `while`/`until`, `case` and function definitions. Words
 * are kept as written (quotes included) and expanded when the command runs, against the
 * environment at that moment, as a shell does.
 *
 * Written here rather than taken from a library: mvdan-sh (GopherJS) and sh-syntax (WASM, async
 * start-up) are bash parsers of about a megabyte for the browser, and just-bash brings its own
 * virtual file system and interpreter; this one reports errors with busybox ash's wording.
 */

import { ShellSyntaxError, type Token, TokenizeError, tokenize } from "./lex.ts";

export interface Redirection {
  /** File descriptor redirected (1 for `>`, 0 for `<`, 2 for `2>`). */
  readonly fd: number;
  readonly op: ">" | ">>" | "<" | ">&" | "<&" | "<>" | "<<" | "<<-";
  /** The target word (raw), a descriptor number for `>&`, the delimiter for `<<`. */
  readonly target: string;
  /** Here-documents: the body, and whether the delimiter was quoted (no expansion then). */
  readonly heredoc?: { body: string; quoted: boolean };
}

export type Command =
  | {
      readonly kind: "simple";
      readonly assignments: readonly string[];
      readonly words: readonly string[];
      readonly redirections: readonly Redirection[];
      /** 0-based line in the script, as ash numbers `sh -c` lines in its errors. */
      readonly line: number;
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
    }
  | {
      readonly kind: "case";
      readonly subject: string;
      readonly arms: readonly { readonly patterns: readonly string[]; readonly body: Script }[];
      readonly redirections: readonly Redirection[];
    }
  | {
      readonly kind: "function";
      readonly name: string;
      readonly body: Command;
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
  /** Ended by `&`: run in the background (here: run, and `$!` is set). */
  readonly background?: boolean;
}

export type Script = readonly AndOr[];

/**
 * A syntax error comes with the complete lines before it: ash reads and runs a script a line at a
 * time, so those lines run before the error is reported.
 */
export type ParseResult =
  | { ok: true; script: Script }
  | { ok: false; message: string; line: number; before: Script };

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
]);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class Parser {
  private position = 0;
  private readonly tokens: Token[];
  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  private peek(offset = 0): Token {
    return (this.tokens[this.position + offset] ?? this.tokens.at(-1)) as Token;
  }
  private next(): Token {
    const token = this.peek();
    if (token.kind === "word" && token.error !== undefined)
      throw new ShellSyntaxError(token.error, token.line);
    if (this.position < this.tokens.length - 1) this.position += 1;
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
  private fail(expecting?: string): never {
    const token = this.peek();
    const suffix = expecting && token.kind === "end" ? ` (expecting "${expecting}")` : "";
    throw new ShellSyntaxError(`unexpected ${this.describe(token)}${suffix}`, token.line);
  }
  private expectWord(text: string): void {
    this.skipNewlines();
    if (!this.isWord(text)) this.fail(text);
    this.next();
  }

  /** A list up to one of the `terminators` (reserved words or `)`/`;;`). */
  parseList(terminators: readonly string[], allowEmpty = false): Script {
    const list: AndOr[] = [];
    this.skipNewlines();
    while (true) {
      const token = this.peek();
      if (token.kind === "end") break;
      if (token.kind === "word" && terminators.includes(token.text)) break;
      if (token.kind === "op" && terminators.includes(token.text)) break;
      const andOr = this.parseAndOr();
      const separator = this.peek();
      if (separator.kind === "op" && separator.text === "&") {
        this.next();
        list.push({ ...andOr, background: true });
      } else {
        list.push(andOr);
        if (separator.kind === "op" && separator.text === ";") this.next();
        else if (separator.kind === "newline") this.next();
        else if (separator.kind === "end") break;
        else if (separator.kind === "word" && terminators.includes(separator.text)) break;
        else if (separator.kind === "op" && terminators.includes(separator.text)) break;
        else this.fail();
      }
      this.skipNewlines();
    }
    if (list.length === 0 && !allowEmpty) this.fail(terminators[0]);
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
      // ash: `! !` is a syntax error.
      if (this.isWord("!")) this.fail();
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
    while (this.peek().kind === "redirect") redirections.push(this.parseRedirection());
    return redirections;
  }

  private parseRedirection(): Redirection {
    const token = this.next() as Extract<Token, { kind: "redirect" }>;
    const target = this.next();
    if (target.kind !== "word")
      throw new ShellSyntaxError(`unexpected ${this.describe(target)}`, target.line);
    return {
      fd: token.fd,
      op: token.op,
      target: target.text,
      ...(token.heredoc ? { heredoc: token.heredoc } : {}),
    };
  }

  private parseCommand(): Command {
    const token = this.peek();
    if (token.kind === "op" && token.text === "(") {
      this.next();
      const body = this.parseList([")"]);
      if (!this.isOp(")")) this.fail(")");
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
        case "case":
          return this.parseCase();
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
        case "function": {
          const name = this.peek(1);
          if (name.kind === "word" && NAME.test(name.text)) {
            this.next();
            this.next();
            if (this.isOp("(")) {
              this.next();
              if (!this.isOp(")")) this.fail(")");
              this.next();
            }
            return this.parseFunctionBody(name.text);
          }
          break;
        }
        default:
          if (RESERVED.has(token.text) && token.text !== "!") this.fail();
      }
      const after = this.peek(1);
      if (NAME.test(token.text) && after.kind === "op" && after.text === "(") {
        this.next();
        this.next();
        if (!this.isOp(")")) this.fail(")");
        this.next();
        return this.parseFunctionBody(token.text);
      }
    }
    return this.parseSimple();
  }

  private parseFunctionBody(name: string): Command {
    this.skipNewlines();
    const body = this.parseCommand();
    if (body.kind === "simple" || body.kind === "function")
      throw new ShellSyntaxError(`unexpected ${this.describe(this.peek())}`, this.peek().line);
    return { kind: "function", name, body, redirections: this.parseRedirections() };
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
    if (name.kind !== "word" || !NAME.test(name.text)) {
      throw new ShellSyntaxError(`bad for loop variable`, this.peek().line);
    }
    let items: string[] | undefined;
    this.skipNewlines();
    if (this.isWord("in")) {
      this.next();
      items = [];
      while (this.peek().kind === "word") items.push((this.next() as { text: string }).text);
      if (this.isOp(";")) this.next();
      else if (this.peek().kind !== "newline") this.fail("do");
    } else if (this.isOp(";")) this.next();
    this.expectWord("do");
    const body = this.parseList(["done"]);
    this.expectWord("done");
    return { kind: "for", variable: name.text, items, body, redirections: this.parseRedirections() };
  }

  private parseCase(): Command {
    this.next();
    const subject = this.next();
    if (subject.kind !== "word") this.fail();
    this.skipNewlines();
    if (!this.isWord("in")) this.fail("in");
    this.next();
    const arms: { patterns: string[]; body: Script }[] = [];
    this.skipNewlines();
    while (!this.isWord("esac")) {
      if (this.isOp("(")) this.next();
      const patterns: string[] = [];
      while (true) {
        const pattern = this.next();
        if (pattern.kind !== "word") {
          this.position -= 1;
          this.fail(")");
        }
        patterns.push(pattern.text);
        if (this.isOp("|")) {
          this.next();
          continue;
        }
        break;
      }
      if (!this.isOp(")")) this.fail(")");
      this.next();
      const body = this.parseList([";;", "esac"], true);
      arms.push({ patterns, body });
      if (this.isOp(";;")) {
        this.next();
        this.skipNewlines();
        continue;
      }
      this.skipNewlines();
      if (!this.isWord("esac")) this.fail("esac");
    }
    this.next();
    return { kind: "case", subject: subject.text, arms, redirections: this.parseRedirections() };
  }

  private parseSimple(): Command {
    const assignments: string[] = [];
    const words: string[] = [];
    const redirections: Redirection[] = [];
    const line = this.peek().line;
    while (true) {
      const token = this.peek();
      if (token.kind === "redirect") {
        redirections.push(this.parseRedirection());
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
    return { kind: "simple", assignments, words, redirections, line };
  }

  /** Items parsed so far whose line ended (ash runs each complete line before reading the next). */
  readonly completeLines: AndOr[] = [];

  parseScript(): Script {
    const script: AndOr[] = [];
    this.skipNewlines();
    while (this.peek().kind !== "end") {
      const line = this.parseLine();
      script.push(...line);
      this.completeLines.push(...line);
      this.skipNewlines();
    }
    return script;
  }

  /** One line of the top level: and-or lists up to a newline. */
  private parseLine(): AndOr[] {
    const list: AndOr[] = [];
    while (true) {
      const andOr = this.parseAndOr();
      const separator = this.peek();
      if (separator.kind === "op" && separator.text === "&") {
        this.next();
        list.push({ ...andOr, background: true });
      } else {
        list.push(andOr);
        if (separator.kind === "op" && separator.text === ";") this.next();
        else if (separator.kind !== "newline" && separator.kind !== "end") this.fail();
      }
      const after = this.peek();
      if (after.kind === "newline" || after.kind === "end") return list;
    }
  }
}

/**
 * Parses a script; a syntax error comes back with ash's wording (`syntax error: unexpected "fi"`)
 * and the line ash reports it on. Lines are numbered as ash numbers them: a file's from 1, a `-c`
 * string's from 0, eval's from the line of the eval.
 */
export function parseShell(source: string, options: { firstLine?: number } = {}): ParseResult {
  const firstLine = options.firstLine ?? 0;
  let parser: Parser | undefined;
  try {
    parser = new Parser(tokenize(source, firstLine));
    return { ok: true, script: parser.parseScript() };
  } catch (error) {
    if (!(error instanceof ShellSyntaxError)) throw error;
    const line = error.line ?? firstLine;
    const message = `syntax error: ${error.message}`;
    if (error instanceof TokenizeError)
      return { ok: false, message, line, before: linesBefore(error.tokensBefore) };
    return { ok: false, message, line, before: parser?.completeLines ?? [] };
  }
}

/** The complete lines among the tokens read before a tokenizing error: ash ran them already. */
function linesBefore(tokens: readonly Token[]): Script {
  let end = tokens.length;
  while (end > 0 && tokens[end - 1]?.kind !== "newline") end -= 1;
  if (end === 0) return [];
  const parser = new Parser([
    ...tokens.slice(0, end),
    { kind: "end", line: (tokens[end - 1] as Token).line },
  ]);
  try {
    return parser.parseScript();
  } catch (error) {
    if (error instanceof ShellSyntaxError) return parser.completeLines;
    throw error;
  }
}
