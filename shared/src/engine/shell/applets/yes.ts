import type { CommandImplementation } from "../context.ts";

/**
 * yes [STRING…]: endless. Into a pipe it hands over its pattern and dies of SIGPIPE once the
 * reader is done (141), as the real one does; to a terminal or file it runs into the output or
 * file-size budget.
 */
export const yes: CommandImplementation = (argv, io, context) => {
  const line = `${argv.length > 1 ? argv.slice(1).join(" ") : "y"}\n`;
  if (io.outPattern) io.outPattern(line);
  const block = line.repeat(Math.max(1, Math.floor(65536 / line.length)));
  while (true) {
    context.budget.step(16);
    io.out(block);
  }
};
