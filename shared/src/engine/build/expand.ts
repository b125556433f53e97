/**
 * Dockerfile variable expansion as both builders do it (BuildKit frontend/dockerfile/shell/lex.go,
 * which the 20.10 legacy builder vendors): `$V`, `${V}`, `${V:-w}`, `${V-w}`, `${V:+w}`, `${V+w}`,
 * `${V:?msg}`, quotes removed, the escape character escaping the next character. Words are expanded
 * while building, against the environment of the step (ENV and in-scope ARGs).
 */

export type Lookup = (name: string) => string | undefined;

export type ExpandResult = { ok: true; value: string } | { ok: false; message: string };

interface Options {
  readonly escape: string;
  /** Keep quotes and escapes (BuildKit's vertex names). */
  readonly rawQuotes?: boolean;
  /** Leave `$UNSET` as written (BuildKit's vertex names). */
  readonly skipUnset?: boolean;
}

class ExpandError extends Error {}

/**
 * Expands one word (`ProcessWord`).
 * @example expandWord("${A:-x}-$B", (name) => ({ B: "2" })[name], "\\") // { ok: true, value: "x-2" }
 */
export function expandWord(word: string, lookup: Lookup, escape = "\\", options: Partial<Options> = {}): ExpandResult {
  try {
    const words = new Lexer(word, lookup, { escape, ...options }).run(false);
    return { ok: true, value: words.join("") };
  } catch (error) {
    if (error instanceof ExpandError) return { ok: false, message: error.message };
    throw error;
  }
}

/** Expands and splits into words on unquoted whitespace (`ProcessWords`, used by EXPOSE). */
export function expandWords(text: string, lookup: Lookup, escape = "\\"): { ok: true; value: string[] } | { ok: false; message: string } {
  try {
    return { ok: true, value: new Lexer(text, lookup, { escape }).run(true) };
  } catch (error) {
    if (error instanceof ExpandError) return { ok: false, message: error.message };
    throw error;
  }
}

/** A lookup over `K=v` lists (later entries win, as in an environment). */
export function lookupFromEnv(...lists: readonly (readonly string[])[]): Lookup {
  const map = new Map<string, string>();
  for (const list of lists) {
    for (const entry of list) {
      const index = entry.indexOf("=");
      if (index === -1) map.set(entry, "");
      else map.set(entry.slice(0, index), entry.slice(index + 1));
    }
  }
  return (name) => map.get(name);
}

class Lexer {
  readonly #text: string;
  readonly #lookup: Lookup;
  readonly #options: Options;
  #position = 0;

  constructor(text: string, lookup: Lookup, options: Options) {
    this.#text = text;
    this.#lookup = lookup;
    this.#options = options;
  }

  #peek(): string | undefined {
    return this.#text[this.#position];
  }

  #next(): string | undefined {
    const char = this.#text[this.#position];
    this.#position += 1;
    return char;
  }

  run(split: boolean): string[] {
    const words: string[] = [];
    let current = "";
    let hasWord = false;
    const flush = () => {
      if (hasWord) words.push(current);
      current = "";
      hasWord = false;
    };
    while (this.#peek() !== undefined) {
      const char = this.#peek() as string;
      if (split && /\s/.test(char)) {
        this.#next();
        flush();
        continue;
      }
      if (char === this.#options.escape) {
        this.#next();
        const escaped = this.#next();
        if (this.#options.rawQuotes) current += char;
        if (escaped !== undefined) current += escaped;
        hasWord = true;
        continue;
      }
      if (char === "'") {
        current += this.#singleQuoted();
        hasWord = true;
        continue;
      }
      if (char === '"') {
        current += this.#doubleQuoted();
        hasWord = true;
        continue;
      }
      if (char === "$") {
        const value = this.#dollar();
        if (split) {
          // An unquoted variable's value is split into words as well.
          const parts = value.split(/\s+/);
          parts.forEach((part, index) => {
            if (index > 0) flush();
            current += part;
            if (part !== "") hasWord = true;
          });
        } else {
          current += value;
          hasWord = true;
        }
        continue;
      }
      current += this.#next();
      hasWord = true;
    }
    flush();
    return split ? words : [words.join("")];
  }

  #singleQuoted(): string {
    this.#next();
    let out = this.#options.rawQuotes ? "'" : "";
    for (;;) {
      const char = this.#next();
      if (char === undefined) throw new ExpandError("unexpected end of statement while looking for matching single-quote");
      if (char === "'") break;
      out += char;
    }
    return this.#options.rawQuotes ? `${out}'` : out;
  }

  #doubleQuoted(): string {
    this.#next();
    let out = this.#options.rawQuotes ? '"' : "";
    for (;;) {
      const char = this.#peek();
      if (char === undefined) throw new ExpandError("unexpected end of statement while looking for matching double-quote");
      if (char === '"') {
        this.#next();
        break;
      }
      if (char === "$") {
        out += this.#dollar();
        continue;
      }
      if (char === this.#options.escape) {
        this.#next();
        const next = this.#peek();
        if (next === '"' || next === "$" || next === this.#options.escape) {
          if (this.#options.rawQuotes) out += char;
          out += this.#next();
        } else out += char;
        continue;
      }
      out += this.#next();
    }
    return this.#options.rawQuotes ? `${out}"` : out;
  }

  #name(): string {
    let name = "";
    const first = this.#peek();
    if (first !== undefined && /[0-9]/.test(first)) return this.#next() as string;
    while (this.#peek() !== undefined && /[A-Za-z0-9_]/.test(this.#peek() as string)) name += this.#next();
    return name;
  }

  #value(name: string): string | undefined {
    return this.#lookup(name);
  }

  #dollar(): string {
    this.#next();
    const char = this.#peek();
    if (char === "{") {
      this.#next();
      const name = this.#name();
      const after = this.#next();
      if (name === "") throw new ExpandError("bad substitution: missing variable name");
      const value = this.#value(name);
      if (after === "}") {
        if (value === undefined && this.#options.skipUnset) return `\${${name}}`;
        return value ?? "";
      }
      if (after === undefined) throw new ExpandError(`syntax error: missing '}'`);
      let colon = false;
      let modifier = after;
      if (after === ":") {
        colon = true;
        modifier = this.#next() ?? "";
      }
      const word = this.#until("}");
      const unset = value === undefined || (colon && value === "");
      switch (modifier) {
        case "-":
          return unset ? word : (value ?? "");
        case "+":
          return unset ? "" : word;
        case "?":
          if (unset) throw new ExpandError(`${name}: ${word === "" ? "is not allowed to be unset" : word}`);
          return value ?? "";
        default:
          throw new ExpandError(`unsupported modifier (${colon ? ":" : ""}${modifier}) in substitution`);
      }
    }
    if (char !== undefined && /[A-Za-z0-9_]/.test(char)) {
      const name = this.#name();
      const value = this.#value(name);
      if (value === undefined && this.#options.skipUnset) return `$${name}`;
      return value ?? "";
    }
    return "$";
  }

  /** The (expanded) word of a `${V:-word}` up to the closing brace. */
  #until(stop: string): string {
    let out = "";
    for (;;) {
      const char = this.#peek();
      if (char === undefined) throw new ExpandError(`syntax error: missing '${stop}'`);
      if (char === stop) {
        this.#next();
        return out;
      }
      if (char === this.#options.escape) {
        this.#next();
        out += this.#next() ?? "";
      } else if (char === "'") out += this.#singleQuoted();
      else if (char === '"') out += this.#doubleQuoted();
      else if (char === "$") out += this.#dollar();
      else out += this.#next();
    }
  }
}
