/**
 * AWK's recursive-descent parser: rules, statements and the expression grammar by precedence
 * (ternary down to primaries), including print's `>` redirection and the `in` operator's contexts.
 */

import { AwkError, type Token } from "./lex.ts";
import type { AwkFunction, Node, Rule, Statement } from "./syntax.ts";

export class Parser {
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
