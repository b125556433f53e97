import type { CommandImplementation } from "../context.ts";
import { bytesContent, contentText, parseOptions, readOperand, writeContent } from "./support.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function encode(bytes: Uint8Array): string {
  let out = "";
  for (let index = 0; index < bytes.length; index += 3) {
    const a = bytes[index] as number;
    const b = bytes[index + 1];
    const c = bytes[index + 2];
    const triple = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(triple >> 18) & 63];
    out += ALPHABET[(triple >> 12) & 63];
    out += b === undefined ? "=" : ALPHABET[(triple >> 6) & 63];
    out += c === undefined ? "=" : ALPHABET[triple & 63];
  }
  return out;
}

function decode(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\s]/g, "");
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    if (char === "=") break;
    const value = ALPHABET.indexOf(char);
    if (value === -1) return undefined;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return new Uint8Array(bytes);
}

/** base64 [-d] [-w COLS] [FILE]. */
export const base64: CommandImplementation = (argv, io, context) => {
  const { flags, values, operands } = parseOptions("base64", argv.slice(1), "dw:i");
  const content = readOperand(context, io, "base64", operands[0] ?? "-");
  if (!content) return 1;
  if (flags.has("d")) {
    const decoded = decode(contentText(context, content));
    if (!decoded) {
      io.err("base64: invalid input\n");
      return 1;
    }
    writeContent(io, bytesContent(decoded));
    return 0;
  }
  contentText(context, content);
  const encoded = encode(content.bytes());
  const width = Number(values.get("w") ?? 76);
  if (encoded === "") return 0;
  if (width === 0) io.out(`${encoded}\n`);
  else io.out(`${encoded.match(new RegExp(`.{1,${width}}`, "g"))?.join("\n")}\n`);
  return 0;
};
