/**
 * Shell arithmetic (`$(( … ))`) as busybox ash's math.c evaluates it: 64-bit signed integers that
 * wrap, C's operators and precedence, assignments (`=`, `+=`, … `++`, `--`), `?:`, `,`, and
 * variables whose values are themselves expressions. As in busybox 1.35, `&&`, `||` and `?:` give
 * the short-circuit value but evaluate every operand, side effects included.
 */

export class ArithmeticError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

export interface ArithmeticVariables {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

type Token = { kind: "num"; value: bigint } | { kind: "name"; name: string } | { kind: "op"; op: string };

const OPERATORS = [
  "<<=",
  ">>=",
  "**",
  "<<",
  ">>",
  "<=",
  ">=",
  "==",
  "!=",
  "&&",
  "||",
  "++",
  "--",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "^=",
  "|=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "<",
  ">",
  "=",
  "!",
  "~",
  "&",
  "^",
  "|",
  "?",
  ":",
  "(",
  ")",
  ",",
];

const wrap = (value: bigint) => BigInt.asIntN(64, value);
const syntaxError = () => new ArithmeticError("arithmetic syntax error");

/** Parses a number the way ash reads one (`0x1f`, `017`, `2#101`); undefined when it is not one. */
export function parseArithmeticNumber(text: string): bigint | undefined {
  let match = /^0[xX]([0-9a-fA-F]+)$/.exec(text);
  if (match) return wrap(BigInt(`0x${match[1]}`));
  if (/^0[0-7]+$/.test(text)) return wrap(BigInt(`0o${text.slice(1)}`));
  if (/^(0|[1-9][0-9]*)$/.test(text)) return wrap(BigInt(text));
  match = /^([0-9]+)#([0-9a-zA-Z@_]+)$/.exec(text);
  if (match) {
    const base = Number(match[1]);
    if (base < 2 || base > 64) return undefined;
    let value = 0n;
    for (const char of match[2] as string) {
      const digit =
        char >= "0" && char <= "9"
          ? char.charCodeAt(0) - 48
          : char >= "a" && char <= "z"
            ? char.charCodeAt(0) - 87
            : char >= "A" && char <= "Z"
              ? char.charCodeAt(0) - (base <= 36 ? 55 : 29)
              : char === "@"
                ? 62
                : 63;
      if (digit >= base) return undefined;
      value = wrap(value * BigInt(base) + BigInt(digit));
    }
    return value;
  }
  return undefined;
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < expression.length) {
    const char = expression[index] as string;
    if (" \t\n".includes(char)) {
      index += 1;
      continue;
    }
    const number = /^[0-9][0-9a-zA-Z@_#]*/.exec(expression.slice(index));
    if (number) {
      const value = parseArithmeticNumber(number[0]);
      if (value === undefined) throw syntaxError();
      tokens.push({ kind: "num", value });
      index += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expression.slice(index));
    if (name) {
      tokens.push({ kind: "name", name: name[0] });
      index += name[0].length;
      continue;
    }
    const op = OPERATORS.find((candidate) => expression.startsWith(candidate, index));
    if (!op) throw syntaxError();
    tokens.push({ kind: "op", op });
    index += op.length;
  }
  return tokens;
}

const BINARY_LEVELS: readonly (readonly string[])[] = [
  ["||"],
  ["&&"],
  ["|"],
  ["^"],
  ["&"],
  ["==", "!="],
  ["<", "<=", ">", ">="],
  ["<<", ">>"],
  ["+", "-"],
  ["*", "/", "%"],
];

const ASSIGNMENTS = new Set(["=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|="]);

function applyBinary(op: string, left: bigint, right: bigint): bigint {
  switch (op) {
    case "||":
      return left !== 0n || right !== 0n ? 1n : 0n;
    case "&&":
      return left !== 0n && right !== 0n ? 1n : 0n;
    case "|":
      return wrap(left | right);
    case "^":
      return wrap(left ^ right);
    case "&":
      return wrap(left & right);
    case "==":
      return left === right ? 1n : 0n;
    case "!=":
      return left !== right ? 1n : 0n;
    case "<":
      return left < right ? 1n : 0n;
    case "<=":
      return left <= right ? 1n : 0n;
    case ">":
      return left > right ? 1n : 0n;
    case ">=":
      return left >= right ? 1n : 0n;
    case "<<":
      return wrap(left << (right & 63n));
    case ">>":
      return wrap(left >> (right & 63n));
    case "+":
      return wrap(left + right);
    case "-":
      return wrap(left - right);
    case "*":
      return wrap(left * right);
    case "/":
    case "%":
      if (right === 0n) throw new ArithmeticError("divide by zero");
      return wrap(op === "/" ? left / right : left % right);
    case "**": {
      if (right < 0n) throw new ArithmeticError("exponent less than 0");
      let result = 1n;
      let base = left;
      let exponent = right;
      while (exponent > 0n) {
        if (exponent & 1n) result = wrap(result * base);
        base = wrap(base * base);
        exponent >>= 1n;
      }
      return result;
    }
    default:
      throw syntaxError();
  }
}

class Evaluator {
  private position = 0;
  private readonly tokens: Token[];
  private readonly variables: ArithmeticVariables;
  private readonly depth: number;
  constructor(tokens: Token[], variables: ArithmeticVariables, depth: number) {
    this.tokens = tokens;
    this.variables = variables;
    this.depth = depth;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }
  private isOp(op: string): boolean {
    const token = this.peek();
    return token?.kind === "op" && token.op === op;
  }
  private expectOp(op: string): void {
    if (!this.isOp(op)) throw syntaxError();
    this.position += 1;
  }

  evaluateAll(): bigint {
    if (this.tokens.length === 0) return 0n;
    const value = this.comma(false);
    if (this.position < this.tokens.length) throw syntaxError();
    return value;
  }

  private valueOf(name: string, skip: boolean): bigint {
    if (skip) return 0n;
    const text = this.variables.get(name);
    if (text === undefined || text === "") return 0n;
    const direct = parseArithmeticNumber(text.trim());
    if (direct !== undefined) return direct;
    if (this.depth > 50) throw new ArithmeticError("expression recursion loop detected");
    return evaluateWith(text, this.variables, this.depth + 1);
  }

  private comma(skip: boolean): bigint {
    let value = this.assignment(skip);
    while (this.isOp(",")) {
      this.position += 1;
      value = this.assignment(skip);
    }
    return value;
  }

  private assignment(skip: boolean): bigint {
    const token = this.peek();
    const after = this.tokens[this.position + 1];
    if (token?.kind === "name" && after?.kind === "op" && ASSIGNMENTS.has(after.op)) {
      this.position += 2;
      const right = this.assignment(skip);
      if (skip) return 0n;
      const value =
        after.op === "=" ? right : applyBinary(after.op.slice(0, -1), this.valueOf(token.name, false), right);
      this.variables.set(token.name, String(value));
      return value;
    }
    return this.conditional(skip);
  }

  private conditional(skip: boolean): bigint {
    const condition = this.binary(0, skip);
    if (!this.isOp("?")) return condition;
    this.position += 1;
    // busybox 1.35 evaluates both branches: their assignments happen either way.
    const whenTrue = this.comma(skip);
    this.expectOp(":");
    const whenFalse = this.assignment(skip);
    return condition !== 0n ? whenTrue : whenFalse;
  }

  private binary(level: number, skip: boolean): bigint {
    const ops = BINARY_LEVELS[level];
    if (!ops) return this.power(skip);
    let left = this.binary(level + 1, skip);
    while (true) {
      const token = this.peek();
      if (token?.kind !== "op" || !ops.includes(token.op)) return left;
      this.position += 1;
      const shortCircuit = (token.op === "&&" && left === 0n) || (token.op === "||" && left !== 0n);
      // The value short-circuits, but busybox 1.35 still evaluates the right side (`0 && (n=7)` sets n).
      const right = this.binary(level + 1, skip);
      left = skip ? 0n : shortCircuit ? (token.op === "||" ? 1n : 0n) : applyBinary(token.op, left, right);
    }
  }

  private power(skip: boolean): bigint {
    const base = this.unary(skip);
    if (!this.isOp("**")) return base;
    this.position += 1;
    const exponent = this.power(skip);
    return skip ? 0n : applyBinary("**", base, exponent);
  }

  private unary(skip: boolean): bigint {
    const token = this.peek();
    if (token?.kind === "op") {
      if (token.op === "++" || token.op === "--") {
        this.position += 1;
        const name = this.peek();
        if (name?.kind !== "name") throw syntaxError();
        this.position += 1;
        if (skip) return 0n;
        const value = wrap(this.valueOf(name.name, false) + (token.op === "++" ? 1n : -1n));
        this.variables.set(name.name, String(value));
        return value;
      }
      if (["+", "-", "!", "~"].includes(token.op)) {
        this.position += 1;
        const value = this.unary(skip);
        if (token.op === "-") return wrap(-value);
        if (token.op === "!") return value === 0n ? 1n : 0n;
        if (token.op === "~") return wrap(~value);
        return value;
      }
    }
    return this.postfix(skip);
  }

  private postfix(skip: boolean): bigint {
    const token = this.peek();
    if (token === undefined) throw syntaxError();
    this.position += 1;
    if (token.kind === "num") return token.value;
    if (token.kind === "name") {
      if (this.isOp("++") || this.isOp("--")) {
        const op = (this.peek() as { op: string }).op;
        this.position += 1;
        if (skip) return 0n;
        const value = this.valueOf(token.name, false);
        this.variables.set(token.name, String(wrap(value + (op === "++" ? 1n : -1n))));
        return value;
      }
      return this.valueOf(token.name, skip);
    }
    if (token.op === "(") {
      const value = this.comma(skip);
      this.expectOp(")");
      return value;
    }
    throw syntaxError();
  }
}

/** Tokens of recently seen expressions: a loop evaluates the same `i+1` many times. */
const tokenCache = new Map<string, Token[]>();

function tokensOf(expression: string): Token[] {
  let tokens = tokenCache.get(expression);
  if (!tokens) {
    tokens = tokenize(expression);
    if (tokenCache.size > 512) tokenCache.clear();
    tokenCache.set(expression, tokens);
  }
  return tokens;
}

function evaluateWith(expression: string, variables: ArithmeticVariables, depth: number): bigint {
  return new Evaluator(tokensOf(expression), variables, depth).evaluateAll();
}

/**
 * Evaluates an already-expanded arithmetic expression; throws `ArithmeticError` with ash's message.
 *
 * @example evaluateArithmetic("x += 2, x * 3", vars) // sets x, returns (x + 2) * 3
 */
export function evaluateArithmetic(expression: string, variables: ArithmeticVariables): bigint {
  return evaluateWith(expression, variables, 0);
}
