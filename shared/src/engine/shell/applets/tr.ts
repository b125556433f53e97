import type { CommandImplementation } from "../context.ts";
import { processEscapes } from "./escapes.ts";
import { contentText, parseOptions, textContent } from "./support.ts";

const CLASSES: Readonly<Record<string, string>> = {
  alpha: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  lower: "abcdefghijklmnopqrstuvwxyz",
  digit: "0123456789",
  alnum: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
  space: "\t\n\v\f\r ",
  blank: "\t ",
  punct: "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
  xdigit: "0123456789ABCDEFabcdef",
  cntrl: `${Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join("")}\x7f`,
  print: Array.from({ length: 95 }, (_, code) => String.fromCharCode(code + 32)).join(""),
  graph: Array.from({ length: 94 }, (_, code) => String.fromCharCode(code + 33)).join(""),
};

/** Expands a tr set: escapes, ranges `a-z`, classes `[:upper:]`, repeats `[x*n]`. */
function expandSet(spec: string): string {
  const text = processEscapes(spec, { zeroPrefix: false }).text;
  let out = "";
  for (let index = 0; index < text.length; index += 1) {
    const rest = text.slice(index);
    const klass = /^\[:([a-z]+):\]/.exec(rest);
    if (klass && CLASSES[klass[1] as string] !== undefined) {
      out += CLASSES[klass[1] as string];
      index += klass[0].length - 1;
      continue;
    }
    const repeat = /^\[(.)\*(\d*)\]/s.exec(rest);
    if (repeat) {
      out += (repeat[1] as string).repeat(repeat[2] ? Number(repeat[2]) : 0);
      index += repeat[0].length - 1;
      continue;
    }
    if (text[index + 1] === "-" && index + 2 < text.length) {
      const from = text.charCodeAt(index);
      const to = text.charCodeAt(index + 2);
      for (let code = from; code <= to; code += 1) out += String.fromCharCode(code);
      index += 2;
      continue;
    }
    out += text[index];
  }
  return out;
}

/** tr [-cds] SET1 [SET2]: translate, delete or squeeze characters of standard input. */
export const tr: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseOptions("tr", argv.slice(1), "cdsCt");
  const [first, second] = operands;
  if (first === undefined || (second === undefined && !flags.has("d") && !flags.has("s"))) {
    io.err("tr: missing operand\n");
    return 1;
  }
  const text = contentText(context, textContent(io.stdin));
  let set1 = expandSet(first);
  const complement = flags.has("c") || flags.has("C");
  if (complement) {
    let all = "";
    for (let code = 0; code < 256; code += 1) {
      const char = String.fromCharCode(code);
      if (!set1.includes(char)) all += char;
    }
    set1 = all;
  }
  const set2 = second === undefined ? "" : expandSet(second);
  const in1 = new Set(set1);
  let out = "";
  if (flags.has("d")) {
    for (const char of text) if (!in1.has(char)) out += char;
    if (flags.has("s") && second !== undefined) out = squeeze(out, new Set(set2));
    io.out(out);
    return 0;
  }
  if (second === undefined) {
    io.out(squeeze(text, in1));
    return 0;
  }
  const map = new Map<string, string>();
  const padded = set2.padEnd(set1.length, set2.at(-1) ?? "");
  [...set1].forEach((char, index) => {
    if (complement && !map.has(char)) map.set(char, padded[index] ?? "");
    else map.set(char, padded[index] ?? "");
  });
  for (const char of text) out += map.get(char) ?? char;
  io.out(flags.has("s") ? squeeze(out, new Set(set2)) : out);
  return 0;
};

function squeeze(text: string, set: Set<string>): string {
  let out = "";
  for (const char of text) if (!(set.has(char) && out.at(-1) === char)) out += char;
  return out;
}
