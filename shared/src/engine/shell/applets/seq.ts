import type { CommandImplementation } from "../context.ts";
import { parseOptions } from "./support.ts";

/** The number of decimals a seq operand is written with. */
const decimals = (text: string) => (text.includes(".") ? (text.split(".")[1] as string).length : 0);

/** seq [-w] [-s SEP] [FIRST [INC]] LAST. */
export const seq: CommandImplementation = (argv, io, context) => {
  // Negative numbers are operands, not options.
  const args = argv.slice(1);
  const firstNumber = args.findIndex((arg) => /^-?[\d.]/.test(arg) && !Number.isNaN(Number(arg)));
  const optionArgs = firstNumber === -1 ? args : args.slice(0, firstNumber);
  const parsed = parseOptions("seq", optionArgs, "ws:");
  const { flags, values } = parsed;
  const operands = [...parsed.operands, ...(firstNumber === -1 ? [] : args.slice(firstNumber))];
  const numbers = operands.map(Number);
  const bad = operands.find((operand) => Number.isNaN(Number(operand)) || operand.trim() === "");
  if (operands.length === 0 || operands.length > 3 || bad !== undefined) {
    io.err(
      bad === undefined
        ? "seq: usage: seq [-w] [-s SEP] [FIRST [INC]] LAST\n"
        : `seq: invalid number '${bad}'\n`,
    );
    return 1;
  }
  const [first, increment, last] =
    numbers.length === 1
      ? [1, 1, numbers[0] as number]
      : numbers.length === 2
        ? [numbers[0] as number, 1, numbers[1] as number]
        : (numbers as [number, number, number]);
  const precision = Math.max(...operands.slice(0, operands.length === 3 ? 2 : 1).map(decimals), 0);
  const separator = values.get("s") ?? "\n";
  const format = (value: number) =>
    precision === 0 && Number.isSafeInteger(value) ? String(value) : value.toFixed(precision);
  const width = flags.has("w") ? Math.max(format(first).length, format(last).length) : 0;
  // Written in blocks, so an enormous range runs into the output or pipe budget, not into memory.
  let block = "";
  let any = false;
  if (increment !== 0) {
    for (let step = 0; ; step += 1) {
      const value = first + step * increment;
      if ((increment > 0 && value > last + 1e-9) || (increment < 0 && value < last - 1e-9)) break;
      if (step % 8 === 0) context.budget.step();
      let text = format(value);
      if (width > 0)
        text = text.startsWith("-")
          ? `-${text.slice(1).padStart(width - 1, "0")}`
          : text.padStart(width, "0");
      block += any ? separator + text : text;
      any = true;
      if (block.length > 65536) {
        io.out(block);
        block = "";
      }
    }
  }
  if (any) io.out(`${block}\n`);
  return 0;
};
