import type { CommandImplementation } from "../context.ts";

class ExprError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

type Value = string | bigint;

const isInteger = (value: Value) => typeof value === "bigint" || /^-?\d+$/.test(value);
const toInteger = (value: Value): bigint => {
  if (typeof value === "bigint") return value;
  if (!/^-?\d+$/.test(value)) throw new ExprError("non-numeric argument");
  return BigInt(value);
};
const isNull = (value: Value) => value === "" || value === 0n || value === "0";
const text = (value: Value) => (typeof value === "bigint" ? value.toString() : value);

/** Converts a basic regular expression (expr's `:`) to JavaScript, anchored at the start. */
function basicToJs(pattern: string): string {
  let out = "";
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === "\\" && index + 1 < pattern.length) {
      const next = pattern[index + 1] as string;
      index += 1;
      if (next === "(" || next === ")" || next === "{" || next === "}") out += next;
      else out += `\\${next}`;
      continue;
    }
    if ("()|+?{}".includes(char)) out += `\\${char}`;
    else out += char;
  }
  return `^(?:${out})`;
}

/** expr EXPRESSION with busybox's operators and exit codes (1 for a null result, 2 for errors). */
export const expr: CommandImplementation = (argv, io) => {
  const args = argv.slice(1);
  let position = 0;
  const take = () => {
    const token = args[position];
    if (token === undefined) throw new ExprError("syntax error");
    position += 1;
    return token;
  };
  const primary = (): Value => {
    const token = take();
    if (token === "(") {
      const value = orExpression();
      if (take() !== ")") throw new ExprError("syntax error");
      return value;
    }
    if (token === "quote" || token === "+") return take();
    if (token === "length") return BigInt(text(primary()).length);
    if (token === "substr") {
      const string = text(primary());
      const start = Number(toInteger(primary()));
      const length = Number(toInteger(primary()));
      if (start < 1 || length < 1) return "";
      return string.slice(start - 1, start - 1 + length);
    }
    if (token === "index") {
      const string = text(primary());
      const chars = text(primary());
      let found = 0;
      for (let at = 0; at < string.length; at += 1)
        if (chars.includes(string[at] as string)) {
          found = at + 1;
          break;
        }
      return BigInt(found);
    }
    if (token === "match") return match(text(primary()), text(primary()));
    return token;
  };
  const match = (string: string, pattern: string): Value => {
    const result = new RegExp(basicToJs(pattern)).exec(string);
    if (/\\\(/.test(pattern)) return result?.[1] ?? "";
    return BigInt(result ? result[0].length : 0);
  };
  const colon = (): Value => {
    let value = primary();
    while (args[position] === ":") {
      position += 1;
      value = match(text(value), text(primary()));
    }
    return value;
  };
  const multiplicative = (): Value => {
    let value = colon();
    while (["*", "/", "%"].includes(args[position] as string)) {
      const op = take();
      const right = toInteger(colon());
      const left = toInteger(value);
      if (op !== "*" && right === 0n) throw new ExprError("division by zero");
      value = op === "*" ? left * right : op === "/" ? left / right : left % right;
    }
    return value;
  };
  const additive = (): Value => {
    let value = multiplicative();
    while (args[position] === "+" || args[position] === "-") {
      const op = take();
      const right = toInteger(multiplicative());
      value = op === "+" ? toInteger(value) + right : toInteger(value) - right;
    }
    return value;
  };
  const comparison = (): Value => {
    let value = additive();
    while (["=", "==", "!=", "<", "<=", ">", ">="].includes(args[position] as string)) {
      const op = take();
      const right = additive();
      let order: number;
      if (isInteger(value) && isInteger(right)) {
        const difference = toInteger(value) - toInteger(right);
        order = difference < 0n ? -1 : difference > 0n ? 1 : 0;
      } else order = text(value) < text(right) ? -1 : text(value) > text(right) ? 1 : 0;
      const result =
        op === "=" || op === "=="
          ? order === 0
          : op === "!="
            ? order !== 0
            : op === "<"
              ? order < 0
              : op === "<="
                ? order <= 0
                : op === ">"
                  ? order > 0
                  : order >= 0;
      value = result ? 1n : 0n;
    }
    return value;
  };
  const andExpression = (): Value => {
    let value = comparison();
    while (args[position] === "&") {
      position += 1;
      const right = comparison();
      value = isNull(value) || isNull(right) ? 0n : value;
    }
    return value;
  };
  function orExpression(): Value {
    let value = andExpression();
    while (args[position] === "|") {
      position += 1;
      const right = andExpression();
      value = isNull(value) ? (isNull(right) ? 0n : right) : value;
    }
    return value;
  }
  try {
    if (args.length === 0) throw new ExprError("too few arguments");
    const value = orExpression();
    if (position < args.length) throw new ExprError("syntax error");
    io.out(`${text(value)}\n`);
    return isNull(value) ? 1 : 0;
  } catch (error) {
    if (!(error instanceof ExprError)) throw error;
    io.err(`expr: ${error.message}\n`);
    return 2;
  }
};
