import type { CommandImplementation } from "../context.ts";
import { eachInput, parseOptions, splitLines } from "./support.ts";

/** Parses `1,3-5,7-`: 1-based inclusive ranges (open ends as Infinity). */
function parseRanges(list: string): { from: number; to: number }[] | undefined {
  const ranges: { from: number; to: number }[] = [];
  for (const part of list.split(",")) {
    const match = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!match || (match[1] === "" && match[3] === "")) return undefined;
    const from = match[1] === "" ? 1 : Number(match[1]);
    const to = match[2] === "" ? from : match[3] === "" ? Number.POSITIVE_INFINITY : Number(match[3]);
    if (from === 0 || to < from) return undefined;
    ranges.push({ from, to });
  }
  return ranges;
}

/** cut -b/-c LIST | -f LIST [-d DELIM] [-s] [FILE…]. */
export const cut: CommandImplementation = (argv, io, context) => {
  const { flags, values, operands } = parseOptions("cut", argv.slice(1), "b:c:f:d:snO:");
  const list = values.get("f") ?? values.get("c") ?? values.get("b");
  const byField = values.has("f");
  if (list === undefined) {
    io.err("cut: expected a list of bytes, characters, or fields\n");
    return 1;
  }
  const ranges = parseRanges(list);
  if (!ranges) {
    io.err(`cut: invalid byte, character or field list\n`);
    return 1;
  }
  const delimiter = values.get("d") ?? "\t";
  if (byField && delimiter.length !== 1) {
    io.err("cut: the delimiter must be a single character\n");
    return 1;
  }
  const outputDelimiter = values.get("O") ?? delimiter;
  const selected = (position: number) =>
    ranges.some((range) => position >= range.from && position <= range.to);
  return eachInput(context, io, "cut", operands, (text) => {
    let out = "";
    for (const line of splitLines(text)) {
      if (byField) {
        if (!line.includes(delimiter)) {
          if (!flags.has("s")) out += `${line}\n`;
          continue;
        }
        const fields = line.split(delimiter);
        out += `${fields.filter((_, index) => selected(index + 1)).join(outputDelimiter)}\n`;
      } else {
        const chars = [...line];
        out += `${chars.filter((_, index) => selected(index + 1)).join("")}\n`;
      }
    }
    io.out(out);
  });
};
