/**
 * sed's script compiler: addresses (N, $, /re/, \cREc, ranges, +N, !) and every command's
 * arguments read into a flat list of commands, with `{`/`}` and branch targets resolved to indexes.
 * Apart from run.ts because reading a script and executing it are two concerns.
 */

import { compilePosix, RegexError } from "../regex.ts";

export class SedError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

export type Address =
  | { kind: "line"; line: number }
  | { kind: "last" }
  | { kind: "regex"; regex: RegExp | undefined };

export interface SedCommand {
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

export function parseScript(source: string, extended: boolean): SedCommand[] {
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
