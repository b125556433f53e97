import type { CommandImplementation } from "../context.ts";
import { processEscapes } from "./escapes.ts";

/** busybox echo: -n, -e, -E (only as whole words of those letters); escapes only with -e. */
export const echo: CommandImplementation = (argv, io) => {
  let index = 1;
  let newline = true;
  let escapes = false;
  for (; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (!/^-[neE]+$/.test(arg)) break;
    for (const letter of arg.slice(1)) {
      if (letter === "n") newline = false;
      else if (letter === "e") escapes = true;
      else escapes = false;
    }
  }
  const words = argv.slice(index);
  if (!escapes) {
    io.out(`${words.join(" ")}${newline ? "\n" : ""}`);
    return 0;
  }
  let out = "";
  for (const [position, word] of words.entries()) {
    const processed = processEscapes(word, { zeroPrefix: true });
    out += (position > 0 ? " " : "") + processed.text;
    if (processed.stopped) {
      io.out(out);
      return 0;
    }
  }
  io.out(`${out}${newline ? "\n" : ""}`);
  return 0;
};
