/**
 * Backslash escapes as busybox's bb_process_escape_sequence reads them (echo -e, printf's format
 * and %b): \a \b \e \f \n \r \t \v \\, octal \NNN (and \0NNN in %b and echo), hex \xHH, and \c,
 * which ends all output.
 */

const SIMPLE: Readonly<Record<string, string>> = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
};

/** Expands escapes; `stopped` is true when a `\c` cut the text short. */
export function processEscapes(
  text: string,
  options: { zeroPrefix: boolean },
): { text: string; stopped: boolean } {
  let out = "";
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (char !== "\\" || index + 1 >= text.length) {
      out += char;
      continue;
    }
    const next = text[index + 1] as string;
    if (next === "c") return { text: out, stopped: true };
    const simple = SIMPLE[next];
    if (simple !== undefined) {
      out += simple;
      index += 1;
      continue;
    }
    if (next === "x") {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(index + 2));
      if (hex) {
        out += String.fromCharCode(Number.parseInt(hex[0], 16));
        index += 1 + hex[0].length;
        continue;
      }
      out += "\\";
      continue;
    }
    if (next >= "0" && next <= "7") {
      // echo and %b take \0NNN (the 0 then up to three digits); the format takes \NNN.
      let start = index + 1;
      if (options.zeroPrefix && next === "0") start += 1;
      const octal = /^[0-7]{1,3}/.exec(text.slice(start));
      const digits = octal ? octal[0] : "";
      out += String.fromCharCode(Number.parseInt(digits || "0", 8) & 0xff);
      index = start + digits.length - 1;
      continue;
    }
    out += "\\";
  }
  return { text: out, stopped: false };
}
