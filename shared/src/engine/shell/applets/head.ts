import type { FileContent } from "../../fs/types.ts";
import type { CommandImplementation, Io, ShellContext } from "../context.ts";
import { sliceContent } from "./content.ts";
import {
  contentText,
  errnoText,
  HEAD_SUFFIXES,
  parseOptions,
  parseSized,
  path,
  textContent,
  writeContent,
  zeroContent,
} from "./support.ts";

/** The operand's content; /dev/zero is endless zeros, here as many as asked for. */
function openInput(
  context: ShellContext,
  io: Io,
  name: string,
  file: string,
  zeros: number,
): FileContent | undefined {
  if (file === "-")
    return io.input?.pattern && zeros > 0 ? io.input.patternContent(zeros) : textContent(io.stdin);
  if (file === "/dev/zero") return zeroContent(zeros);
  if (file === "/dev/null") return textContent("");
  const result = context.fs.readFile(path(context, file));
  if (!result.ok) {
    io.err(`${name}: can't open '${file}': ${errnoText(result.error)}\n`);
    return undefined;
  }
  return result.value;
}

/** head and tail share their options: -n N, -c N (b k m suffixes), -q, -v, and `-N`. */
function makeHeadTail(name: "head" | "tail"): CommandImplementation {
  return (argv, io, context) => {
    const { flags, values, operands } = parseOptions(
      name,
      argv.slice(1),
      name === "tail" ? "n:c:qvfFs:" : "n:c:qv",
      {
        numericOption: "n",
      },
    );
    const byBytes = values.has("c");
    const spec = (byBytes ? values.get("c") : values.get("n")) ?? "10";
    const fromStart = name === "tail" && spec.startsWith("+");
    const negative = name === "head" && spec.startsWith("-");
    const count = parseSized(spec.replace(/^[+-]/, ""), HEAD_SUFFIXES);
    if (count === undefined) {
      io.err(`${name}: invalid number '${spec}'\n`);
      return 1;
    }
    const files = operands.length === 0 ? ["-"] : operands;
    const headers = (files.length > 1 && !flags.has("q")) || flags.has("v");
    let status = 0;
    files.forEach((file, index) => {
      const content = openInput(context, io, name, file, byBytes && !negative ? count : 0);
      if (!content) {
        status = 1;
        return;
      }
      if (headers) io.out(`${index > 0 ? "\n" : ""}==> ${file === "-" ? "standard input" : file} <==\n`);
      if (byBytes) {
        const size = content.size;
        if (name === "head")
          writeContent(
            io,
            negative ? sliceContent(content, 0, size - count) : sliceContent(content, 0, count),
          );
        else if (fromStart) writeContent(io, sliceContent(content, Math.max(0, count - 1), size));
        else writeContent(io, sliceContent(content, Math.max(0, size - count), count));
        return;
      }
      const text = contentText(context, content);
      const lines = text.split("\n");
      const trailing = lines.at(-1) === "";
      if (trailing) lines.pop();
      let selected: string[];
      if (name === "head")
        selected = negative ? lines.slice(0, Math.max(0, lines.length - count)) : lines.slice(0, count);
      else if (fromStart) selected = lines.slice(Math.max(0, count - 1));
      else selected = count === 0 ? [] : lines.slice(-count);
      const reachesEnd = name === "tail" || selected.length === lines.length;
      io.out(selected.join("\n") + (selected.length > 0 && (!reachesEnd || trailing) ? "\n" : ""));
    });
    return status;
  };
}

export const head = makeHeadTail("head");
export const tail = makeHeadTail("tail");
