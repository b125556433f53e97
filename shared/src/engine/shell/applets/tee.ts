import type { CommandImplementation } from "../context.ts";
import { joinContents } from "./content.ts";
import { errnoText, parseOptions, path, textContent } from "./support.ts";

/** tee [-a] FILE…: standard input to each file and to standard output. */
export const tee: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseOptions("tee", argv.slice(1), "ai");
  const input = io.stdin;
  let status = 0;
  for (const file of operands) {
    if (file === "-") {
      io.out(input);
      continue;
    }
    const target = path(context, file);
    const existing = flags.has("a") ? context.fs.readFile(target) : undefined;
    const content = existing?.ok ? joinContents([existing.value, textContent(input)]) : textContent(input);
    const written = context.fs.writeFile(target, content);
    if (!written.ok) {
      io.err(`tee: ${file}: ${errnoText(written.error)}\n`);
      status = 1;
    }
  }
  io.out(input);
  return status;
};
