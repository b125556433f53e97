/**
 * Splits a command line the way a POSIX shell splits words: single quotes keep everything, double
 * quotes keep spaces and allow `\"`, a backslash escapes the next character. Leading `NAME=value`
 * words are returned as environment assignments (`DOCKER_BUILDKIT=0 docker build .`).
 */
export interface CommandLine {
  env: Record<string, string>;
  argv: string[];
  /** `> file` or `>> file` at the end, for host commands like `echo hi > app.txt`. */
  redirect?: { path: string; append: boolean };
}

export function splitCommandLine(line: string): CommandLine | { problem: string } {
  const words: string[] = [];
  let current = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index] as string;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else current += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === "\\" && /["\\$`]/.test(line[index + 1] ?? "")) current += line[++index];
      else current += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === "\\") {
      current += line[++index] ?? "";
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = "";
      inWord = false;
    } else if (char === ">" && !inWord) {
      const append = line[index + 1] === ">";
      words.push(append ? ">>" : ">");
      if (append) index += 1;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote !== undefined) return { problem: `unterminated ${quote === "'" ? "single" : "double"} quote` };
  if (inWord) words.push(current);
  const env: Record<string, string> = {};
  while (words.length > 0 && /^[A-Za-z_]\w*=/.test(words[0] as string)) {
    const word = words.shift() as string;
    const equals = word.indexOf("=");
    env[word.slice(0, equals)] = word.slice(equals + 1);
  }
  const redirectAt = words.findIndex((word) => word === ">" || word === ">>");
  if (redirectAt !== -1) {
    const path = words[redirectAt + 1];
    if (path === undefined || redirectAt + 2 !== words.length)
      return { problem: "a redirection needs one file name at the end" };
    return { env, argv: words.slice(0, redirectAt), redirect: { path, append: words[redirectAt] === ">>" } };
  }
  return { env, argv: words };
}
