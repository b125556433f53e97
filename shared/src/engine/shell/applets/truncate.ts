import type { CommandImplementation } from "../context.ts";
import { joinContents, sliceContent } from "./content.ts";
import {
  errnoText,
  KMG_SUFFIXES,
  parseOptions,
  parseSized,
  path,
  textContent,
  zeroContent,
} from "./support.ts";

/** truncate [-c] -s SIZE FILE…: cut or extend with zeros (generated, never allocated). */
export const truncate: CommandImplementation = (argv, io, context) => {
  const { flags, values, operands } = parseOptions("truncate", argv.slice(1), "cs:");
  const spec = values.get("s");
  if (spec === undefined) {
    io.err("truncate: you must specify -s SIZE\n");
    return 1;
  }
  const size = parseSized(spec, KMG_SUFFIXES);
  if (size === undefined) {
    io.err(`truncate: invalid number '${spec}'\n`);
    return 1;
  }
  let status = 0;
  for (const file of operands) {
    const target = path(context, file);
    const existing = context.fs.readFile(target);
    if (!existing.ok) {
      if (existing.error.code !== "ENOENT" || flags.has("c")) {
        if (existing.error.code !== "ENOENT") {
          io.err(`truncate: ${file}: open: ${errnoText(existing.error)}\n`);
          status = 1;
        }
        continue;
      }
    }
    const before = existing.ok ? existing.value : textContent("");
    const content =
      size <= before.size
        ? sliceContent(before, 0, size)
        : joinContents([before, zeroContent(size - before.size)]);
    context.budget.checkFile(file, content.size, false);
    const written = context.fs.writeFile(target, content);
    if (!written.ok) {
      io.err(`truncate: ${file}: ${errnoText(written.error)}\n`);
      status = 1;
    }
  }
  return status;
};
