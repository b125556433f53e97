/**
 * AWK's interpreter: variables, fields and records, expression evaluation, user-function calls,
 * getline, statement execution with its control-flow signals, and the output files and pipes.
 * The builtin functions live in builtins.ts; every statement and loop iteration is charged to the
 * run's step budget.
 */

import { InputStream, type Io, makeIo, type ShellContext } from "../../context.ts";
import { compilePosix, RegexError } from "../regex.ts";
import { contentText, fullPath, textContent } from "../support.ts";
import { callBuiltin } from "./builtins.ts";
import { AwkError } from "./lex.ts";
import type { AwkFunction, Node, Rule, Statement } from "./syntax.ts";
import { formatNumber, looksNumeric, sprintf, toNumber, UNSET, type Value, valueToString } from "./value.ts";

export class Exit {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}
export class Next {}
export class NextFile {}
export class Return {
  readonly value: Value;
  constructor(value: Value) {
    this.value = value;
  }
}
export class Break {}
export class Continue {}

interface Frame {
  locals: Map<string, Value | Map<string, Value>>;
}

export class Interpreter {
  readonly globals = new Map<string, Value>();
  readonly arrays = new Map<string, Map<string, Value>>();
  private frames: Frame[] = [];
  private fields: string[] = [""];
  private record = "";
  private fieldsValid = true;
  private recordValid = true;
  private readonly regexCache = new Map<string, RegExp>();
  readonly outputs = new Map<string, { append: boolean; text: string }>();
  readonly openInputs = new Map<string, { lines: string[]; position: number }>();
  randomSeed = 0;
  previousSeed = 0;
  private readonly program: { rules: Rule[]; functions: Map<string, AwkFunction> };
  readonly io: Io;
  readonly context: ShellContext;
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

  step(): void {
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

  local(name: string): Frame["locals"] | undefined {
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

  getFsRaw(): string {
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

  assignTo(target: Node, value: Value): void {
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

  matchRegex(node: Node): RegExp {
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
        return callBuiltin(this, node.name, node.args);
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

  writeOutput(name: string, output: { append: boolean; text: string }): void {
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
export function runShellCommand(context: ShellContext, io: Io, command: string, input = ""): number {
  const sh = context.commands.sh;
  return sh ? sh(["sh", "-c", command], makeIo(new InputStream(input), io.out, io.err), context) : 127;
}
