/** busybox touch: creates a file, or sets an existing one's times (-c: never creates). */
import { textContent } from "../../fs/content.ts";
import type { CommandImplementation } from "../context.ts";
import { errnoText, parseFlags, path } from "./support.ts";

export const touch: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  let status = 0;
  for (const operand of operands) {
    const full = path(context, operand);
    const exists = context.fs.stat(full);
    // touch sets the times of an existing file: a metadata change, so overlayfs copies it up (L9).
    const result = exists.ok
      ? context.fs.utimes(full, context.now)
      : flags.has("c")
        ? { ok: true as const, value: undefined }
        : context.fs.writeFile(full, textContent(""));
    if (!result.ok) {
      io.err(`touch: ${operand}: ${errnoText(result.error)}\n`);
      status = 1;
    }
  }
  return status;
};
