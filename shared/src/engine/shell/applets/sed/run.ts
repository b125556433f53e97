/**
 * sed's executor: runs a compiled command list over the input's lines with the pattern and hold
 * spaces, range state, substitution, the append queue and the `w` files. Apart from parse.ts
 * because executing a script and reading it are two concerns.
 */

import type { Io, ShellContext } from "../../context.ts";
import { contentText, fullPath } from "../support.ts";
import { type Address, type SedCommand, SedError } from "./parse.ts";

/** Expands a replacement: `&`, `\1`–`\9`, `\n`, and escaped characters. */
export function substitute(replacement: string, match: RegExpExecArray): string {
  let out = "";
  for (let index = 0; index < replacement.length; index += 1) {
    const char = replacement[index] as string;
    if (char === "&") out += match[0];
    else if (char === "\\" && index + 1 < replacement.length) {
      const next = replacement[index + 1] as string;
      index += 1;
      if (/\d/.test(next)) out += match[Number(next)] ?? "";
      else if (next === "n") out += "\n";
      else if (next === "t") out += "\t";
      else out += next;
    } else out += char;
  }
  return out;
}

function escapeForL(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char === "\\") out += "\\\\";
    else if (char === "\n") out += "\\n";
    else if (char === "\t") out += "\\t";
    else if (code < 32 || code >= 127) out += `\\${code.toString(8).padStart(3, "0")}`;
    else out += char;
  }
  return `${out}$`;
}

export interface Input {
  lines: string[];
  /** Whether the input ended without a newline (the last line is printed without one, as busybox does). */
  missingNewline: boolean;
}

export function run(
  commands: SedCommand[],
  input: Input,
  options: { quiet: boolean },
  io: Io,
  context: ShellContext,
  writeFile: (name: string, text: string) => void,
): { output: string; exitCode: number | undefined } {
  let output = "";
  let hold = "";
  let lineNumber = 0;
  let position = 0;
  const lines = input.lines;
  let quitCode: number | undefined;
  const isLast = () => position >= lines.length;
  const matchAddress = (address: Address, space: string): boolean => {
    switch (address.kind) {
      case "line":
        return lineNumber === address.line;
      case "last":
        return isLast();
      case "regex": {
        const regex = address.regex ?? lastRegex;
        if (!regex) throw new SedError("no previous regular expression");
        lastRegex = regex;
        regex.lastIndex = 0;
        return regex.test(space);
      }
    }
  };
  let lastRegex: RegExp | undefined;
  const selected = (command: SedCommand, space: string): boolean => {
    if (!command.address1) return true;
    let result: boolean;
    if (!command.address2) result = matchAddress(command.address1, space);
    else if (command.active) {
      const end = command.address2;
      if (end.kind === "relative") {
        if (lineNumber >= command.endLine) command.active = false;
      } else if (end.kind === "line") {
        if (lineNumber >= end.line) command.active = false;
      } else if (matchAddress(end, space)) command.active = false;
      result = true;
    } else if (matchAddress(command.address1, space)) {
      const end = command.address2;
      if (end.kind === "relative") {
        command.endLine = lineNumber + end.count;
        command.active = end.count > 0;
      } else if (end.kind === "line") command.active = end.line > lineNumber;
      else command.active = !isLast();
      result = true;
    } else result = false;
    return command.negate ? !result : result;
  };
  let space = "";
  let appendQueue: string[] = [];
  const flushAppends = () => {
    for (const text of appendQueue) output += text;
    appendQueue = [];
  };
  const emit = (text: string, final: boolean) => {
    output += final && isLast() && input.missingNewline ? text : `${text}\n`;
  };
  let nextCycle = true;
  cycles: while (nextCycle) {
    if (position >= lines.length) break;
    space = lines[position] as string;
    position += 1;
    lineNumber += 1;
    context.budget.step();
    let substituted = false;
    let deleted = false;
    let restartWithoutRead = false;
    let index = 0;
    while (index < commands.length) {
      const command = commands[index] as SedCommand;
      if (command.name === "}" || command.name === ":") {
        index += 1;
        continue;
      }
      if (!selected(command, space)) {
        index = command.name === "{" ? (command.jump as number) + 1 : index + 1;
        continue;
      }
      switch (command.name) {
        case "{":
          break;
        case "s": {
          const regex = command.regex ?? lastRegex;
          if (!regex) throw new SedError("no previous regular expression");
          lastRegex = regex;
          const global = new RegExp(regex.source, `${regex.flags.replace("g", "")}g`);
          let result = "";
          let last = 0;
          let count = 0;
          let replaced = false;
          let previousEnd = -1;
          for (let match = global.exec(space); match !== null; match = global.exec(space)) {
            if (match[0] === "" && match.index === previousEnd) {
              global.lastIndex += 1;
              continue;
            }
            previousEnd = match.index + match[0].length;
            count += 1;
            if (
              count >= (command.occurrence ?? 1) &&
              (command.global || count === (command.occurrence ?? 1))
            ) {
              result += space.slice(last, match.index) + substitute(command.replacement ?? "", match);
              last = match.index + match[0].length;
              replaced = true;
              if (!command.global) break;
            }
            if (match[0] === "") global.lastIndex += 1;
            context.budget.step();
          }
          if (replaced) {
            space = result + space.slice(last);
            substituted = true;
            if (command.print) output += `${space}\n`;
            if (command.file) writeFile(command.file, `${space}\n`);
          }
          break;
        }
        case "y": {
          const from = [...(command.from ?? "")];
          const to = [...(command.to ?? "")];
          space = [...space]
            .map((char) => {
              const at = from.indexOf(char);
              return at === -1 ? char : (to[at] as string);
            })
            .join("");
          break;
        }
        case "d":
          deleted = true;
          break;
        case "D": {
          const newline = space.indexOf("\n");
          if (newline === -1) deleted = true;
          else {
            space = space.slice(newline + 1);
            restartWithoutRead = true;
          }
          break;
        }
        case "p":
          output += `${space}\n`;
          break;
        case "P":
          output += `${space.split("\n")[0]}\n`;
          break;
        case "=":
          output += `${lineNumber}\n`;
          break;
        case "l":
          output += `${escapeForL(space)}\n`;
          break;
        case "a":
          appendQueue.push(`${command.text}\n`);
          break;
        case "i":
          output += `${command.text}\n`;
          break;
        case "c":
          // In a range, the text replaces the whole range: printed at its end.
          if (!command.address2 || !command.active) output += `${command.text}\n`;
          deleted = true;
          break;
        case "r": {
          const content = context.fs.readFile(fullPath(context, command.file ?? ""));
          if (content.ok) appendQueue.push(contentText(context, content.value));
          break;
        }
        case "w":
          writeFile(command.file ?? "", `${space}\n`);
          break;
        case "g":
          space = hold;
          break;
        case "G":
          space = `${space}\n${hold}`;
          break;
        case "h":
          hold = space;
          break;
        case "H":
          hold = `${hold}\n${space}`;
          break;
        case "x":
          [space, hold] = [hold, space];
          break;
        case "z":
          space = "";
          break;
        case "n":
          if (isLast()) {
            if (!options.quiet) emit(space, true);
            flushAppends();
            deleted = true;
            nextCycle = false;
            break;
          }
          if (!options.quiet) emit(space, false);
          flushAppends();
          space = lines[position] as string;
          position += 1;
          lineNumber += 1;
          break;
        case "N":
          if (isLast()) {
            // GNU and busybox print the pattern space when N hits the end.
            if (!options.quiet) emit(space, true);
            flushAppends();
            deleted = true;
            nextCycle = false;
            break;
          }
          space = `${space}\n${lines[position]}`;
          position += 1;
          lineNumber += 1;
          break;
        case "b":
          index = command.jump as number;
          continue;
        case "t":
        case "T":
          if (substituted === (command.name === "t")) {
            substituted = false;
            index = command.jump as number;
            continue;
          }
          break;
        case "q":
          if (!options.quiet) emit(space, true);
          flushAppends();
          quitCode = command.exitCode;
          break cycles;
        case "Q":
          quitCode = command.exitCode;
          break cycles;
      }
      if (deleted || restartWithoutRead) break;
      index += 1;
    }
    if (!deleted && !restartWithoutRead && !options.quiet) emit(space, true);
    flushAppends();
    if (restartWithoutRead) {
      lines.splice(position, 0, space);
      lineNumber -= 1;
    }
    if (output.length > 65536) {
      io.out(output);
      output = "";
    }
  }
  return { output, exitCode: quitCode };
}

/** Splits input into lines, remembering a missing final newline. */
export function toInput(text: string): Input {
  const missingNewline = text !== "" && !text.endsWith("\n");
  const lines = text === "" ? [] : text.split("\n");
  if (!missingNewline) lines.pop();
  return { lines, missingNewline };
}
