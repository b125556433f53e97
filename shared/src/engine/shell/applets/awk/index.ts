/**
 * A POSIX AWK, written here because npm has no maintained pure-JavaScript one (`awk` 1.0.0 wraps an
 * abandoned port, `awkjs` is gawk compiled to WASM): patterns and ranges, BEGIN/END, fields and
 * NF/$0 rebuilding, associative arrays with `in` and `delete`, user functions with local arrays,
 * printf/sprintf, the string and arithmetic builtins, getline from input or a file, and output to
 * files. Every statement and loop iteration is charged to the run's step budget.
 * The applet's entry: option parsing, the record loop over input files and `VAR=VALUE` operands,
 * BEGIN/END; the lexer, parser, interpreter and builtins are the sibling files of this folder.
 */

import type { CommandImplementation } from "../../context.ts";
import { contentText, errnoText, fullPath } from "../support.ts";
import { AwkError, tokenize } from "./lex.ts";
import { Parser } from "./parse.ts";
import { Break, Continue, Exit, Interpreter, Next, NextFile, Return } from "./run.ts";
import type { AwkFunction, Rule } from "./syntax.ts";
import { toNumber } from "./value.ts";

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
