/**
 * Shell patterns (POSIX 2.13): `*`, `?`, bracket expressions with ranges, `!`/`^` negation and
 * character classes, and backslash-escaped characters that match themselves. Used by pathname
 * expansion, `case` and the `${v#p}`/`${v%p}`/`${v/p/r}` expansions.
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
  punct: "!-/:-@\\[-`{-~",
  space: " \\t\\n\\r\\f\\v",
  upper: "A-Z",
  xdigit: "0-9A-Fa-f",
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/** The regular-expression source for a pattern; `/` is matched by `*` and `?` unless `pathname`. */
export function patternSource(pattern: string, options: { pathname?: boolean } = {}): string {
  const any = options.pathname ? "[^/]" : "[\\s\\S]";
  let source = "";
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === "\\") {
      index += 1;
      source += escapeRegExp(pattern[index] ?? "\\");
    } else if (char === "*") source += `${any}*`;
    else if (char === "?") source += any;
    else if (char === "[") {
      const bracket = bracketSource(pattern, index);
      if (bracket) {
        source += bracket.source;
        index = bracket.end;
      } else source += "\\[";
    } else source += escapeRegExp(char);
  }
  return source;
}

function bracketSource(pattern: string, start: number): { source: string; end: number } | undefined {
  let index = start + 1;
  let negated = false;
  if (pattern[index] === "!" || pattern[index] === "^") {
    negated = true;
    index += 1;
  }
  let body = "";
  let first = true;
  while (index < pattern.length) {
    const char = pattern[index] as string;
    if (char === "]" && !first) return { source: `[${negated ? "^" : ""}${body}]`, end: index };
    first = false;
    if (char === "[" && pattern[index + 1] === ":") {
      const close = pattern.indexOf(":]", index + 2);
      const name = close === -1 ? undefined : pattern.slice(index + 2, close);
      const range = name === undefined ? undefined : CLASSES[name];
      if (range !== undefined) {
        body += range;
        index = close + 2;
        continue;
      }
    }
    if (char === "\\" && index + 1 < pattern.length) {
      body += escapeRegExp(pattern[index + 1] as string);
      index += 2;
      continue;
    }
    if (char === "-" && body !== "" && pattern[index + 1] !== "]" && index + 1 < pattern.length) {
      body += "-";
      index += 1;
      continue;
    }
    body += escapeRegExp(char);
    index += 1;
  }
  return undefined;
}

/** Whether `text` matches `pattern` whole (case patterns: `*` matches `/`). */
export function matchPattern(pattern: string, text: string): boolean {
  return new RegExp(`^(?:${patternSource(pattern)})$`).test(text);
}

/** True when the pattern has an unescaped `*`, `?` or a complete bracket expression. */
export function hasPatternChars(pattern: string): boolean {
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index];
    if (char === "\\") index += 1;
    else if (char === "*" || char === "?") return true;
    else if (char === "[" && bracketSource(pattern, index)) return true;
  }
  return false;
}

/** Removes the backslashes that quote characters in a pattern (what a failed glob leaves). */
export function unescapePattern(pattern: string): string {
  return pattern.replace(/\\([\s\S])/g, "$1");
}

/**
 * `${v#p}`, `${v##p}`, `${v%p}`, `${v%%p}`: the value with the shortest or longest matching prefix
 * or suffix removed.
 */
export function trimPattern(value: string, pattern: string, op: "#" | "##" | "%" | "%%"): string {
  const regex = new RegExp(`^(?:${patternSource(pattern)})$`);
  if (op === "#" || op === "##") {
    const lengths = [...Array(value.length + 1).keys()];
    if (op === "##") lengths.reverse();
    for (const length of lengths) if (regex.test(value.slice(0, length))) return value.slice(length);
    return value;
  }
  const starts = [...Array(value.length + 1).keys()];
  if (op === "%") starts.reverse();
  for (const start of starts) if (regex.test(value.slice(start))) return value.slice(0, start);
  return value;
}

/** `${v/p/r}` (first) and `${v//p/r}` (all): longest matches, left to right. */
export function replacePattern(
  value: string,
  pattern: string,
  replacement: string,
  mode: "first" | "all",
): string {
  if (pattern === "") return value;
  const regex = new RegExp(patternSource(pattern), mode === "all" ? "g" : "");
  return value.replace(regex, (match) => (match === "" ? match : replacement));
}
