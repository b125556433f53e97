import type { CommandImplementation, Io, ShellContext } from "../context.ts";
import { compilePosix, RegexError } from "./regex.ts";
import { contentText, errnoText, fullPath, parseOptions, textContent } from "./support.ts";

/**
 * sed as busybox runs it: addresses (N, $, /re/, \cREc, A,B, A,+N, !), the commands
 * s (g, p, N, I, w), y, d, D, p, P, n, N, g, G, h, H, x, a, i, c (one-line and `\` forms), =, l,
 * q, Q, r, w, b, t, T, :label and { … }; -n, -e, -f, -i[SUFFIX], -E/-r, -s.
 */

class SedError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

type Address =
  | { kind: "line"; line: number }
  | { kind: "last" }
  | { kind: "regex"; regex: RegExp | undefined };

interface SedCommand {
  name: string;
  address1?: Address;
  address2?: Address | { kind: "relative"; count: number };
  negate: boolean;
  /** Range state: inside the range, and the line where it ends for `+N`. */
  active: boolean;
  endLine: number;
  text?: string;
  label?: string;
  regex?: RegExp | undefined;
  replacement?: string;
  global?: boolean;
  occurrence?: number;
  print?: boolean;
  file?: string;
  from?: string;
  to?: string;
  /** For `{`: the index of the matching `}`; for b/t/T: the target index. */
  jump?: number;
  exitCode?: number;
}

class ScriptReader {
  position = 0;
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  peek(): string | undefined {
    return this.text[this.position];
  }
  next(): string | undefined {
    const char = this.text[this.position];
    this.position += 1;
    return char;
  }
  skipBlanks(): void {
    while (this.peek() === " " || this.peek() === "\t") this.position += 1;
  }
  skipSeparators(): void {
    while (this.peek() !== undefined && " \t\n;".includes(this.peek() as string)) this.position += 1;
  }
  atEnd(): boolean {
    return this.position >= this.text.length;
  }
  /** Text up to an unescaped `delimiter`; `\delimiter` becomes the delimiter, `\n` a newline. */
  delimited(delimiter: string, keepEscapes: boolean): string {
    let out = "";
    let inBracket = false;
    while (true) {
      const char = this.next();
      if (char === undefined) throw new SedError(`unmatched '${delimiter === "\n" ? "\\n" : delimiter}'`);
      if (keepEscapes && char === "[" && !inBracket) inBracket = true;
      else if (keepEscapes && char === "]" && inBracket) inBracket = false;
      if (char === "\\") {
        const escaped = this.next();
        if (escaped === undefined) throw new SedError("unmatched delimiter");
        if (escaped === delimiter) out += delimiter;
        else if (escaped === "n" && !keepEscapes) out += "\n";
        else if (escaped === "\n") out += "\n";
        else out += `\\${escaped}`;
        continue;
      }
      if (char === delimiter && !inBracket) return out;
      out += char;
    }
  }
}

function compileRegex(
  pattern: string,
  extended: boolean,
  flags: string,
  last: { regex?: RegExp },
): RegExp | undefined {
  if (pattern === "") return undefined;
  try {
    const regex = compilePosix(pattern, { extended, ignoreCase: flags.includes("I") || flags.includes("i") });
    last.regex = regex;
    return regex;
  } catch (error) {
    if (error instanceof RegexError) throw new SedError(`bad regex '${pattern}': ${error.message}`);
    throw error;
  }
}

function parseScript(source: string, extended: boolean): SedCommand[] {
  const reader = new ScriptReader(source);
  const commands: SedCommand[] = [];
  const blocks: number[] = [];
  const last: { regex?: RegExp } = {};
  const readAddress = (): Address | undefined => {
    const char = reader.peek();
    if (char === undefined) return undefined;
    if (/\d/.test(char)) {
      let digits = "";
      while (/\d/.test(reader.peek() ?? "")) digits += reader.next();
      return { kind: "line", line: Number(digits) };
    }
    if (char === "$") {
      reader.next();
      return { kind: "last" };
    }
    if (char === "/" || char === "\\") {
      reader.next();
      const delimiter = char === "/" ? "/" : (reader.next() as string);
      const pattern = reader.delimited(delimiter, true);
      let flags = "";
      while (reader.peek() === "I") flags += reader.next();
      return { kind: "regex", regex: compileRegex(pattern, extended, flags, last) };
    }
    return undefined;
  };
  const readLabel = () => {
    reader.skipBlanks();
    let label = "";
    while (!reader.atEnd() && !"\n;".includes(reader.peek() as string)) label += reader.next();
    return label.trim();
  };
  const readText = (): string => {
    // `a\` newline text (lines continued with `\`), or the one-line form `a text`.
    reader.skipBlanks();
    if (reader.peek() === "\\") {
      reader.next();
      if (reader.peek() === "\n") reader.next();
    }
    let text = "";
    while (!reader.atEnd()) {
      const char = reader.next() as string;
      if (char === "\\") {
        const next = reader.next();
        if (next === undefined) break;
        text += next === "\n" ? "\n" : next;
        continue;
      }
      if (char === "\n") break;
      text += char;
    }
    return text;
  };
  while (true) {
    reader.skipSeparators();
    if (reader.atEnd()) break;
    if (reader.peek() === "#") {
      while (!reader.atEnd() && reader.peek() !== "\n") reader.next();
      continue;
    }
    const command: SedCommand = { name: "", negate: false, active: false, endLine: 0 };
    const address1 = readAddress();
    if (address1) {
      command.address1 = address1;
      reader.skipBlanks();
      if (reader.peek() === ",") {
        reader.next();
        reader.skipBlanks();
        if (reader.peek() === "+") {
          reader.next();
          let digits = "";
          while (/\d/.test(reader.peek() ?? "")) digits += reader.next();
          command.address2 = { kind: "relative", count: Number(digits) };
        } else {
          const address2 = readAddress();
          if (!address2) throw new SedError("unexpected ','");
          command.address2 = address2;
        }
      }
    }
    reader.skipBlanks();
    while (reader.peek() === "!") {
      reader.next();
      command.negate = true;
      reader.skipBlanks();
    }
    const name = reader.next();
    if (name === undefined) throw new SedError("missing command");
    command.name = name;
    switch (name) {
      case "{":
        blocks.push(commands.length);
        break;
      case "}": {
        const open = blocks.pop();
        if (open === undefined) throw new SedError("unexpected '}'");
        (commands[open] as SedCommand).jump = commands.length;
        break;
      }
      case "s": {
        const delimiter = reader.next();
        if (delimiter === undefined || delimiter === "\n" || delimiter === "\\")
          throw new SedError("unterminated `s' command");
        const pattern = reader.delimited(delimiter, true);
        const replacement = reader.delimited(delimiter, false);
        let flags = "";
        while (!reader.atEnd() && !"\n;}".includes(reader.peek() as string)) {
          const flag = reader.peek() as string;
          if (flag === "w") {
            reader.next();
            command.file = readLabel();
            break;
          }
          if (flag === " " || flag === "\t") {
            reader.next();
            continue;
          }
          flags += reader.next();
        }
        command.regex = compileRegex(pattern, extended, flags, last);
        command.replacement = replacement;
        command.global = flags.includes("g");
        command.print = flags.includes("p");
        const occurrence = /\d+/.exec(flags);
        command.occurrence = occurrence ? Number(occurrence[0]) : 1;
        const unknown = flags.replace(/[gpiIme\d]/g, "");
        if (unknown !== "") throw new SedError(`bad option in substitution expression`);
        break;
      }
      case "y": {
        const delimiter = reader.next() as string;
        const from = reader.delimited(delimiter, false);
        const to = reader.delimited(delimiter, false);
        if ([...from].length !== [...to].length)
          throw new SedError("strings for y command are different lengths");
        command.from = from;
        command.to = to;
        break;
      }
      case "a":
      case "i":
      case "c":
        command.text = readText();
        break;
      case ":": {
        const label = readLabel();
        if (label === "") throw new SedError('":" lacks a label');
        command.label = label;
        break;
      }
      case "b":
      case "t":
      case "T":
        command.label = readLabel();
        break;
      case "r":
      case "R":
      case "w":
      case "W":
        command.file = readLabel();
        break;
      case "q":
      case "Q": {
        reader.skipBlanks();
        let digits = "";
        while (/\d/.test(reader.peek() ?? "")) digits += reader.next();
        command.exitCode = digits === "" ? 0 : Number(digits);
        break;
      }
      case "d":
      case "D":
      case "p":
      case "P":
      case "n":
      case "N":
      case "g":
      case "G":
      case "h":
      case "H":
      case "x":
      case "=":
      case "l":
      case "z":
        break;
      default:
        throw new SedError(`unsupported command ${name}`);
    }
    commands.push(command);
  }
  if (blocks.length > 0) throw new SedError("unmatched '{'");
  for (const command of commands) {
    if (command.name === "b" || command.name === "t" || command.name === "T") {
      if (!command.label) command.jump = commands.length;
      else {
        const target = commands.findIndex(
          (candidate) => candidate.name === ":" && candidate.label === command.label,
        );
        if (target === -1) throw new SedError(`can't find label for jump to '${command.label}'`);
        command.jump = target;
      }
    }
  }
  return commands;
}

/** Expands a replacement: `&`, `\1`–`\9`, `\n`, and escaped characters. */
function substitute(replacement: string, match: RegExpExecArray): string {
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

interface Input {
  lines: string[];
  /** Whether the input ended without a newline (the last line is printed without one, as busybox does). */
  missingNewline: boolean;
}

function run(
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
function toInput(text: string): Input {
  const missingNewline = text !== "" && !text.endsWith("\n");
  const lines = text === "" ? [] : text.split("\n");
  if (!missingNewline) lines.pop();
  return { lines, missingNewline };
}

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
