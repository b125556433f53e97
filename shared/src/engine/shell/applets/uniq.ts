import type { CommandImplementation } from "../context.ts";
import { eachInput, parseOptions, splitLines } from "./support.ts";

/** uniq [-cdui] [-f N] [-s N] [-w N] [INPUT]. */
export const uniq: CommandImplementation = (argv, io, context) => {
  const { flags, values, operands } = parseOptions("uniq", argv.slice(1), "cduif:s:w:");
  const skipFields = Number(values.get("f") ?? 0);
  const skipChars = Number(values.get("s") ?? 0);
  const width = values.has("w") ? Number(values.get("w")) : undefined;
  const keyOf = (line: string) => {
    let rest = line;
    for (let field = 0; field < skipFields; field += 1) rest = rest.replace(/^[ \t]*[^ \t]*/, "");
    rest = rest.slice(skipChars);
    if (width !== undefined) rest = rest.slice(0, width);
    return flags.has("i") ? rest.toLowerCase() : rest;
  };
  return eachInput(context, io, "uniq", operands.slice(0, 1), (text) => {
    let out = "";
    const lines = splitLines(text);
    let index = 0;
    while (index < lines.length) {
      let end = index + 1;
      const key = keyOf(lines[index] as string);
      while (end < lines.length && keyOf(lines[end] as string) === key) end += 1;
      const count = end - index;
      const show = (!flags.has("d") || count > 1) && (!flags.has("u") || count === 1);
      if (show) out += `${flags.has("c") ? `${String(count).padStart(7)} ` : ""}${lines[index]}\n`;
      index = end;
    }
    io.out(out);
  });
};
