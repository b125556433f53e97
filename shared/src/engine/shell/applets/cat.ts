import type { FileContent } from "../../fs/types.ts";
import type { CommandImplementation } from "../context.ts";
import { contentText, errnoText, parseOptions, path, textContent, writeContent } from "./support.ts";

/** busybox cat [-nbv]: contents go on as they are (a generated payload stays generated). */
export const cat: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseOptions("cat", argv.slice(1), "nbvetAu");
  let status = 0;
  let line = 0;
  for (const file of operands.length === 0 ? ["-"] : operands) {
    let content: FileContent;
    // /dev/stdin is the container's /proc/self/fd/0: standard input, whatever /dev holds.
    if (file === "-" || file === "/dev/stdin") content = textContent(io.stdin);
    else if (file === "/dev/null") continue;
    else {
      const result = context.fs.readFile(path(context, file));
      if (!result.ok && result.error.code === "EISDIR") {
        // busybox opens the directory, then its read fails.
        io.err("cat: read error: Is a directory\n");
        status = 1;
        continue;
      }
      if (!result.ok) {
        io.err(`cat: can't open '${file}': ${errnoText(result.error)}\n`);
        status = 1;
        continue;
      }
      content = result.value;
    }
    if (!flags.has("n") && !flags.has("b")) {
      context.budget.step(1 + (Math.min(content.size, 1 << 30) >> 16));
      writeContent(io, content);
      continue;
    }
    const text = contentText(context, content);
    const lines = text.split("\n");
    const last = lines.pop();
    let out = "";
    for (const current of lines) {
      if (flags.has("b") && current === "") out += "\n";
      else {
        line += 1;
        out += `${String(line).padStart(6)}\t${current}\n`;
      }
    }
    if (last !== undefined && last !== "") {
      line += 1;
      out += `${String(line).padStart(6)}\t${last}`;
    }
    io.out(out);
  }
  return status;
};
