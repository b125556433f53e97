import type { CommandImplementation, ShellContext } from "../context.ts";
import { fullPath } from "./support.ts";

class TestError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

const UNARY = new Set([
  "-b",
  "-c",
  "-d",
  "-e",
  "-f",
  "-g",
  "-h",
  "-k",
  "-L",
  "-n",
  "-p",
  "-r",
  "-s",
  "-S",
  "-t",
  "-u",
  "-w",
  "-x",
  "-z",
  "-O",
  "-G",
]);
const BINARY = new Set([
  "=",
  "==",
  "!=",
  "<",
  ">",
  "-eq",
  "-ne",
  "-lt",
  "-le",
  "-gt",
  "-ge",
  "-nt",
  "-ot",
  "-ef",
]);

function integer(text: string): bigint {
  const trimmed = text.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) throw new TestError(`${text}: bad number`);
  return BigInt(trimmed);
}

function unary(op: string, operand: string, context: ShellContext): boolean {
  if (op === "-z") return operand === "";
  if (op === "-n") return operand !== "";
  if (op === "-t") return false;
  const path = fullPath(context, operand);
  if (op === "-h" || op === "-L") {
    const stat = context.fs.lstat(path);
    return stat.ok && stat.value.kind === "symlink";
  }
  if (operand === "") return false;
  const stat = context.fs.stat(path);
  if (!stat.ok) return false;
  const value = stat.value;
  switch (op) {
    case "-e":
      return true;
    case "-f":
      return value.kind === "file";
    case "-d":
      return value.kind === "dir";
    case "-s":
      return value.kind === "dir" ? true : value.size > 0;
    case "-r":
    case "-w":
      return context.identity.uid === 0 || (value.mode & 0o666) !== 0;
    case "-x":
      return (value.mode & 0o111) !== 0 || (context.identity.uid === 0 && value.kind === "dir");
    case "-u":
      return (value.mode & 0o4000) !== 0;
    case "-g":
      return (value.mode & 0o2000) !== 0;
    case "-k":
      return (value.mode & 0o1000) !== 0;
    case "-O":
      return value.uid === context.identity.uid;
    case "-G":
      return value.gid === context.identity.gid;
    default:
      return false;
  }
}

function binary(left: string, op: string, right: string, context: ShellContext): boolean {
  switch (op) {
    case "=":
    case "==":
      return left === right;
    case "!=":
      return left !== right;
    case "<":
      return left < right;
    case ">":
      return left > right;
    case "-eq":
      return integer(left) === integer(right);
    case "-ne":
      return integer(left) !== integer(right);
    case "-lt":
      return integer(left) < integer(right);
    case "-le":
      return integer(left) <= integer(right);
    case "-gt":
      return integer(left) > integer(right);
    case "-ge":
      return integer(left) >= integer(right);
    default: {
      const a = context.fs.stat(fullPath(context, left));
      const b = context.fs.stat(fullPath(context, right));
      if (op === "-ef") return a.ok && b.ok && a.value.inode === b.value.inode;
      if (op === "-nt") return a.ok && (!b.ok || a.value.mtime > b.value.mtime);
      return b.ok && (!a.ok || a.value.mtime < b.value.mtime);
    }
  }
}

/** POSIX's rules by argument count, then a full -a/-o/!/( ) parser beyond four arguments. */
function evaluate(args: readonly string[], context: ShellContext): boolean {
  let position = 0;
  const peek = () => args[position];
  const primary = (): boolean => {
    const token = args[position];
    if (token === undefined) throw new TestError("argument expected");
    if (token === "(" && args.length - position > 1) {
      position += 1;
      const value = orExpression();
      if (args[position] !== ")")
        throw new TestError(
          `${args[position] ?? "missing"}: unknown operand`.replace("missing: unknown operand", "missing )"),
        );
      position += 1;
      return value;
    }
    if (
      UNARY.has(token) &&
      position + 1 < args.length &&
      !(BINARY.has(args[position + 1] as string) && position + 2 < args.length)
    ) {
      position += 2;
      return unary(token, args[position - 1] as string, context);
    }
    const op = args[position + 1];
    if (op !== undefined && BINARY.has(op)) {
      const right = args[position + 2];
      if (right === undefined) throw new TestError(`${op}: argument expected`);
      position += 3;
      return binary(token, op, right, context);
    }
    position += 1;
    return token !== "";
  };
  const notExpression = (): boolean => {
    if (peek() === "!") {
      position += 1;
      return !notExpression();
    }
    return primary();
  };
  const andExpression = (): boolean => {
    let value = notExpression();
    while (peek() === "-a") {
      position += 1;
      const right = notExpression();
      value = value && right;
    }
    return value;
  };
  const orExpression = (): boolean => {
    let value = andExpression();
    while (peek() === "-o") {
      position += 1;
      const right = andExpression();
      value = value || right;
    }
    return value;
  };
  if (args.length === 0) return false;
  if (args.length === 1) return args[0] !== "";
  if (args.length === 2 && args[0] === "!") return args[1] === "";
  if (args.length === 3 && BINARY.has(args[1] as string))
    return binary(args[0] as string, args[1] as string, args[2] as string, context);
  const value = orExpression();
  if (position < args.length) throw new TestError(`${args[position]}: unknown operand`);
  return value;
}

/** test and `[`, with busybox's messages (`sh: a: bad number`, status 2). */
export function makeTest(prefix: string): CommandImplementation {
  return (argv, io, context) => {
    let args = argv.slice(1);
    if (argv[0] === "[") {
      if (args.at(-1) !== "]") {
        io.err(`${prefix}: missing ]\n`);
        return 2;
      }
      args = args.slice(0, -1);
    }
    try {
      return evaluate(args, context) ? 0 : 1;
    } catch (error) {
      if (!(error instanceof TestError)) throw error;
      io.err(`${prefix}: ${error.message}\n`);
      return 2;
    }
  };
}

export const test = makeTest("test");
