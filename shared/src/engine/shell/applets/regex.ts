/**
 * POSIX regular expressions (basic and extended, with the GNU extensions glibc's regcomp accepts:
 * `\+`, `\?`, `\|` in basic, `\w`, `\s`, `\b`, `\<`, `\>`) translated to JavaScript. Used by
 * grep, sed, awk and expr.
 */

const CLASSES: Readonly<Record<string, string>> = {
  alnum: "A-Za-z0-9",
  alpha: "A-Za-z",
  blank: " \\t",
  cntrl: "\\x00-\\x1f\\x7f",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: " \\t\\n\\r\\f\\v",
  upper: "A-Z",
  xdigit: "0-9A-Fa-f",
};

export class RegexError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

/** A bracket expression from `[` at `start`; returns its JavaScript form and where it ends. */
function bracket(pattern: string, start: number): { source: string; end: number } {
  let index = start + 1;
  let negated = false;
  if (pattern[index] === "^") {
    negated = true;
    index += 1;
  }
  let body = "";
  let first = true;
  while (index < pattern.length) {
    const char = pattern[index] as string;
    if (char === "]" && !first) return { source: `[${negated ? "^" : ""}${body}]`, end: index };
    first = false;
    if (
      char === "[" &&
      (pattern[index + 1] === ":" || pattern[index + 1] === "." || pattern[index + 1] === "=")
    ) {
      const kind = pattern[index + 1] as string;
      const close = pattern.indexOf(`${kind}]`, index + 2);
      if (close !== -1) {
        const name = pattern.slice(index + 2, close);
        if (kind === ":") {
          const range = CLASSES[name];
          if (range === undefined) throw new RegexError("Invalid character class name");
          body += range;
        } else body += name.replace(/[\\\]^-]/g, "\\$&");
        index = close + 2;
        continue;
      }
    }
    if (char === "-" && body !== "" && pattern[index + 1] !== "]") {
      body += "-";
      index += 1;
      continue;
    }
    body += char.replace(/[\\\]^[-]/g, "\\$&");
    index += 1;
  }
  throw new RegexError("Unmatched [, [^, [:, [., or [=");
}

/** Translates a POSIX pattern into a JavaScript regular-expression source. */
export function posixToJs(pattern: string, extended: boolean): string {
  let out = "";
  let atStart = true;
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    const wasStart = atStart;
    atStart = false;
    if (char === "[") {
      const { source, end } = bracket(pattern, index);
      out += source;
      index = end;
      continue;
    }
    if (char === "\\") {
      const next = pattern[index + 1];
      index += 1;
      if (next === undefined) throw new RegexError("Trailing backslash");
      if (!extended && "(){}|+?".includes(next)) {
        out += next;
        if (next === "(" || next === "|") atStart = true;
        continue;
      }
      if (next === "<") out += "\\b(?=\\w)";
      else if (next === ">") out += "\\b(?<=\\w)";
      else if ("wWsSbB".includes(next)) out += `\\${next}`;
      else if (/[1-9]/.test(next)) out += `\\${next}`;
      else if (next === "n") out += "\\n";
      else if (next === "t") out += "\\t";
      else out += next.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
      continue;
    }
    if (extended) {
      if (char === "{" && !/^\{\d*(,\d*)?\}/.test(pattern.slice(index))) out += "\\{";
      else if (char === "*" && wasStart) out += "\\*";
      else out += char === "/" ? "\\/" : char;
      if (char === "(" || char === "|") atStart = true;
      continue;
    }
    if ("(){}|+?".includes(char)) out += `\\${char}`;
    else if (char === "*" && wasStart) out += "\\*";
    else if (char === "^" && !wasStart) out += "\\^";
    else if (
      char === "$" &&
      index !== pattern.length - 1 &&
      !pattern.startsWith("\\)", index + 1) &&
      !pattern.startsWith("\\|", index + 1)
    )
      out += "\\$";
    else out += char === "/" ? "\\/" : char;
    if (char === "^" && wasStart) atStart = true;
  }
  return out;
}

/** Compiles a POSIX pattern; throws RegexError when it does not compile. */
export function compilePosix(
  pattern: string,
  options: { extended: boolean; ignoreCase?: boolean; global?: boolean },
): RegExp {
  const source = posixToJs(pattern, options.extended);
  try {
    return new RegExp(source, `${options.ignoreCase ? "i" : ""}${options.global ? "g" : ""}`);
  } catch {
    throw new RegexError("Invalid regular expression");
  }
}
