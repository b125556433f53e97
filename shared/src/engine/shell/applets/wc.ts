/** busybox wc. */
import { textContent } from "../../fs/content.ts";
import type { FileContent } from "../../fs/types.ts";
import type { CommandImplementation } from "../context.ts";
import { errnoText, parseFlags, path } from "./support.ts";

/** A line's width as busybox `wc -L` measures it: a tab moves to the next multiple of 8. */
function displayWidth(line: string): number {
  let width = 0;
  for (const character of line) width = character === "\t" ? (width | 7) + 1 : width + 1;
  return width;
}

/**
 * busybox wc: counts in the order lines, words, chars, bytes, longest line. A lone column for at
 * most one file is printed bare; otherwise every count is `%9u`, separated by spaces. Several
 * files end with a `total` line; standard input has no name.
 */
export const wc: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  const order = ["l", "w", "m", "c", "L"] as const;
  let columns = order.filter((letter) => flags.has(letter));
  if (columns.length === 0) columns = ["l", "w", "c"];
  const bare = operands.length <= 1 && columns.length === 1;
  const totals = new Map<string, number>();
  const report = (counts: Map<string, number>, name: string | undefined) => {
    const cells = columns.map((letter, index) => {
      const value = String(counts.get(letter) ?? 0);
      return index === 0 && bare ? value : value.padStart(9);
    });
    io.out(`${cells.join(" ")}${name === undefined ? "" : ` ${name}`}\n`);
  };
  let status = 0;
  const inputs = operands.length === 0 ? [undefined] : operands;
  for (const operand of inputs) {
    let content: FileContent | undefined;
    if (operand === undefined || operand === "-") content = textContent(io.stdin);
    else {
      const result = context.fs.readFile(path(context, operand));
      if (result.ok) content = result.value;
      else io.err(`wc: ${operand}: ${errnoText(result.error)}\n`);
    }
    if (!content) {
      status = 1;
      continue;
    }
    // Multi-megabyte payloads (dd from /dev/zero) are described, not materialised: no newlines.
    const text = content.size > 4_000_000 ? "" : content.text();
    const lines = text.split("\n");
    const counts = new Map<string, number>([
      ["l", lines.length - 1],
      ["w", text.split(/[\t\n\v\f\r ]+/).filter(Boolean).length],
      ["m", content.size > 4_000_000 ? content.size : [...text].length],
      ["c", content.size],
      ["L", Math.max(0, ...lines.map(displayWidth))],
    ]);
    for (const [letter, value] of counts) {
      totals.set(
        letter,
        letter === "L" ? Math.max(totals.get(letter) ?? 0, value) : (totals.get(letter) ?? 0) + value,
      );
    }
    report(counts, operand);
  }
  if (operands.length > 1) report(totals, "total");
  return status;
};
