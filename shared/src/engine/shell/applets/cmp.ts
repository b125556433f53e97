import type { CommandImplementation } from "../context.ts";
import { contentText, parseOptions, readOperand } from "./support.ts";

/** cmp [-s] [-l] FILE1 [FILE2]: the first difference, by byte and line. */
export const cmp: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseOptions("cmp", argv.slice(1), "sl");
  const [first, second = "-"] = operands;
  if (first === undefined) {
    io.err("cmp: missing operand\n");
    return 2;
  }
  const left = readOperand(context, io, "cmp", first);
  const right = readOperand(context, io, "cmp", second);
  if (!left || !right) return 2;
  const a = contentText(context, left);
  const b = contentText(context, right);
  let line = 1;
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    if (a[index] !== b[index]) {
      if (!flags.has("s")) io.out(`${first} ${second} differ: char ${index + 1}, line ${line}\n`);
      return 1;
    }
    if (a[index] === "\n") line += 1;
  }
  if (a.length !== b.length) {
    if (!flags.has("s")) io.err(`cmp: EOF on ${a.length < b.length ? first : second}\n`);
    return 1;
  }
  return 0;
};
