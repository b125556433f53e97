/**
 * AWK's builtin functions (length, substr, index, split, sub/gsub, match, sprintf, the arithmetic
 * ones, srand/rand, tolower/toupper, system, close, fflush), evaluated against a running
 * interpreter. Apart from run.ts so that the statement and expression walk stays readable.
 */

import { AwkError } from "./lex.ts";
import { type Interpreter, runShellCommand } from "./run.ts";
import type { Node } from "./syntax.ts";
import { sprintf, toNumber, type Value } from "./value.ts";

export function callBuiltin(interpreter: Interpreter, name: string, args: Node[]): Value {
  const arg = (index: number) => {
    const node = args[index];
    return node === undefined ? "" : interpreter.evaluate(node);
  };
  const str = (index: number) => interpreter.toStr(arg(index));
  const num = (index: number) => toNumber(arg(index));
  switch (name) {
    case "length": {
      const node = args[0];
      if (node === undefined) return interpreter.toStr(interpreter.getField(0)).length;
      if (
        node.type === "var" &&
        (interpreter.arrays.has(node.name) || interpreter.local(node.name)?.get(node.name) instanceof Map)
      )
        return interpreter.array(node.name).size;
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
      const array = interpreter.array(target.name);
      array.clear();
      const separator =
        args[2] === undefined ? interpreter.getFsRaw() : args[2].type === "regex" ? args[2].source : str(2);
      const parts = separator === "" ? [...str(0)] : interpreter.split(str(0), separator);
      for (const [index, part] of parts.entries()) array.set(String(index + 1), { strnum: part });
      return parts.length;
    }
    case "sub":
    case "gsub": {
      const regex = interpreter.matchRegex(args[0] as Node);
      const target = args[2] ?? ({ type: "field", index: { type: "num", value: 0 } } as Node);
      const text = interpreter.toStr(interpreter.evaluate(target));
      const replacement = str(1);
      let count = 0;
      const global = new RegExp(regex.source, "g");
      let result = "";
      let last = 0;
      let previousEnd = -1;
      for (let match = global.exec(text); match !== null; match = global.exec(text)) {
        interpreter.step();
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
      if (count > 0) interpreter.assignTo(target, result + text.slice(last));
      return count;
    }
    case "match": {
      const match = interpreter.matchRegex(args[1] as Node).exec(str(0));
      interpreter.setVar("RSTART", match ? match.index + 1 : 0);
      interpreter.setVar("RLENGTH", match ? match[0].length : -1);
      return match ? match.index + 1 : 0;
    }
    case "sprintf":
      return sprintf(
        str(0),
        args.slice(1).map((node) => interpreter.evaluate(node)),
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
      interpreter.randomSeed = (interpreter.randomSeed * 1103515245 + 12345) % 2147483648;
      return interpreter.randomSeed / 2147483648;
    }
    case "srand": {
      const previous = interpreter.previousSeed;
      interpreter.previousSeed = args.length > 0 ? num(0) : interpreter.context.now;
      interpreter.randomSeed = interpreter.previousSeed;
      return previous;
    }
    case "tolower":
      return str(0).toLowerCase();
    case "toupper":
      return str(0).toUpperCase();
    case "system": {
      interpreter.flushOutputs();
      return runShellCommand(interpreter.context, interpreter.io, str(0));
    }
    case "close": {
      const name = str(0);
      interpreter.openInputs.delete(name);
      const output = interpreter.outputs.get(name);
      if (output) {
        interpreter.writeOutput(name, output);
        interpreter.outputs.delete(name);
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
