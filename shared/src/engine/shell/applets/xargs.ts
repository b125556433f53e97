import type { CommandImplementation } from "../context.ts";
import { runExternal } from "../programs.ts";
import { parseOptions } from "./support.ts";

/** Splits xargs input: blanks and newlines separate, quotes and backslashes group (busybox rules). */
function splitArguments(text: string): string[] {
  const items: string[] = [];
  let current = "";
  let inItem = false;
  let quote: string | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (quote) {
      if (char === quote) quote = undefined;
      else current += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      inItem = true;
      continue;
    }
    if (char === "\\" && index + 1 < text.length) {
      current += text[index + 1];
      index += 1;
      inItem = true;
      continue;
    }
    if (char === " " || char === "\t" || char === "\n") {
      if (inItem) items.push(current);
      current = "";
      inItem = false;
      continue;
    }
    current += char;
    inItem = true;
  }
  if (inItem) items.push(current);
  return items;
}

/** xargs [-0] [-r] [-t] [-n N] [-I STR] [-L N] [COMMAND [ARG…]] (echo by default). */
export const xargs: CommandImplementation = (argv, io, context) => {
  const { flags, values, operands } = parseOptions("xargs", argv.slice(1), "0rtn:I:L:s:P:xpE:e:a:d:", {
    stopAtOperand: true,
  });
  const command = operands.length > 0 ? operands : ["echo"];
  const input = io.stdin;
  const replace = values.get("I");
  let items: string[];
  if (flags.has("0"))
    items = input.split("\0").filter((item, index, all) => item !== "" || index < all.length - 1);
  else if (values.has("d")) items = input.split(values.get("d") as string);
  else if (replace !== undefined || values.has("L"))
    items = input
      .split("\n")
      .map((line) => line.replace(/^[ \t]+/, ""))
      .filter((line) => line !== "");
  else items = splitArguments(input);
  if (flags.has("0") && items.at(-1) === "") items.pop();
  const runOne = (args: readonly string[]) => {
    context.budget.step();
    const full = [...command.map((word) => (replace === undefined ? word : word)), ...args];
    if (flags.has("t")) io.err(`${full.join(" ")}\n`);
    const status = runExternal(full, io, context, { quiet: true, preferApplets: true });
    if (status === 127) io.err(`xargs: ${command[0]}: No such file or directory\n`);
    return status;
  };
  let status = 0;
  const record = (result: number) => {
    if (result === 127) status = 127;
    else if (result === 126) status = 126;
    else if (result !== 0 && status === 0) status = 123;
    return result === 127 || result === 126;
  };
  if (replace !== undefined) {
    for (const item of items) {
      context.budget.step();
      const full = command.map((word) => word.replaceAll(replace, item));
      if (flags.has("t")) io.err(`${full.join(" ")}\n`);
      const result = runExternal(full, io, context, { quiet: true, preferApplets: true });
      if (result === 127) io.err(`xargs: ${full[0]}: No such file or directory\n`);
      if (record(result)) return status;
    }
    return status;
  }
  if (items.length === 0) {
    if (flags.has("r")) return 0;
    record(runOne([]));
    return status;
  }
  const perRun = values.has("n")
    ? Math.max(1, Number(values.get("n")))
    : values.has("L")
      ? Math.max(1, Number(values.get("L")))
      : items.length;
  for (let index = 0; index < items.length; index += perRun) {
    if (record(runOne(items.slice(index, index + perRun)))) break;
  }
  return status;
};
