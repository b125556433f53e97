/**
 * sed as busybox runs it: addresses (N, $, /re/, \cREc, A,B, A,+N, !), the commands
 * s (g, p, N, I, w), y, d, D, p, P, n, N, g, G, h, H, x, a, i, c (one-line and `\` forms), =, l,
 * q, Q, r, w, b, t, T, :label and { … }; -n, -e, -f, -i[SUFFIX], -E/-r, -s.
 * The applet's entry: options, script sources and files, and `-i` in place; compiling the script
 * is parse.ts, running it run.ts.
 */

import type { CommandImplementation } from "../../context.ts";
import { contentText, errnoText, fullPath, parseOptions, textContent } from "../support.ts";
import { parseScript, type SedCommand, SedError } from "./parse.ts";
import { run, toInput } from "./run.ts";

export const sed: CommandImplementation = (argv, io, context) => {
  // -i takes an optional suffix glued to it, also inside a cluster (`-ri`, `-i.bak`, `-ni`).
  let inPlaceArg: string | undefined;
  const args = argv.slice(1).flatMap((arg) => {
    const match = /^-([nErsu]*)i(.*)$/.exec(arg);
    if (!match || inPlaceArg !== undefined) return [arg];
    inPlaceArg = `-i${match[2]}`;
    return match[1] ? [`-${match[1]}`] : [];
  });
  const { flags, lists, operands } = parseOptions("sed", args, "ne:f:Ersu");
  const scripts: string[] = [...(lists.get("e") ?? [])];
  for (const file of lists.get("f") ?? []) {
    const content = context.fs.readFile(fullPath(context, file));
    if (!content.ok) {
      io.err(`sed: can't read ${file}: ${errnoText(content.error)}\n`);
      return 1;
    }
    scripts.push(content.value.text().replace(/\n$/, ""));
  }
  if (scripts.length === 0) {
    const script = operands.shift();
    if (script === undefined) {
      io.err("sed: no script specified\n");
      return 1;
    }
    scripts.push(script);
  }
  const extended = flags.has("E") || flags.has("r");
  let commands: SedCommand[];
  try {
    commands = parseScript(scripts.join("\n"), extended);
  } catch (error) {
    if (!(error instanceof SedError)) throw error;
    io.err(`sed: ${error.message}\n`);
    return 1;
  }
  const written = new Map<string, string>();
  const writeFile = (name: string, text: string) => written.set(name, (written.get(name) ?? "") + text);
  const flushWritten = () => {
    for (const [name, text] of written) context.fs.writeFile(fullPath(context, name), textContent(text));
  };
  for (const command of commands)
    if (command.file && (command.name === "w" || command.name === "s")) writeFile(command.file, "");
  let status = 0;
  try {
    if (inPlaceArg !== undefined) {
      const suffix = inPlaceArg.startsWith("-i") ? inPlaceArg.slice(2) : "";
      if (operands.length === 0) {
        io.err("sed: no files to edit in place\n");
        return 1;
      }
      for (const file of operands) {
        const full = fullPath(context, file);
        const content = context.fs.readFile(full);
        if (!content.ok) {
          io.err(`sed: can't read ${file}: ${errnoText(content.error)}\n`);
          status = 1;
          continue;
        }
        for (const command of commands) command.active = false;
        const { output } = run(
          commands,
          toInput(contentText(context, content.value)),
          { quiet: flags.has("n") },
          { ...io, out: () => {} },
          context,
          writeFile,
        );
        if (suffix !== "") context.fs.writeFile(`${full}${suffix}`, content.value);
        const stat = context.fs.stat(full);
        context.fs.writeFile(full, textContent(output));
        if (stat.ok) context.fs.chmod(full, stat.value.mode);
      }
      flushWritten();
      return status;
    }
    let text = "";
    for (const file of operands.length === 0 ? ["-"] : operands) {
      if (file === "-") {
        text += io.stdin;
        continue;
      }
      const content = context.fs.readFile(fullPath(context, file));
      if (!content.ok) {
        io.err(`sed: ${file}: ${errnoText(content.error)}\n`);
        status = 2;
        continue;
      }
      const fileText = contentText(context, content.value);
      // Files run together as one stream; a file without a final newline still ends its line.
      text += text !== "" && !text.endsWith("\n") ? `\n${fileText}` : fileText;
    }
    const { output, exitCode } = run(
      commands,
      toInput(text),
      { quiet: flags.has("n") },
      io,
      context,
      writeFile,
    );
    io.out(output);
    flushWritten();
    return exitCode ?? status;
  } catch (error) {
    if (!(error instanceof SedError)) throw error;
    io.err(`sed: ${error.message}\n`);
    return 1;
  }
};
