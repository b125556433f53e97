import type { CommandImplementation } from "../context.ts";
import { processEscapes } from "./escapes.ts";

/** Reads a number as printf does (0x…, 0…, 'c for a character code); invalid → 0 with a complaint. */
function parseInteger(text: string, complain: (text: string) => void): bigint {
  if (/^['"]/.test(text)) return BigInt(text.codePointAt(1) ?? 0);
  const trimmed = text.trim();
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(trimmed);
  if (!match) {
    // busybox complains about an empty or missing argument too, naming what follows the blanks.
    complain(text.replace(/^[ \t\n]+/, ""));
    return 0n;
  }
  const digits = match[2] as string;
  let value: bigint;
  if (/^0[xX]/.test(digits)) value = BigInt(digits);
  else if (digits.startsWith("0") && digits.length > 1) value = BigInt(`0o${digits.slice(1)}`);
  else value = BigInt(digits);
  return match[1] === "-" ? -value : value;
}

function parseFloatArg(text: string, complain: (text: string) => void): number {
  if (/^['"]/.test(text)) return text.codePointAt(1) ?? 0;
  const value = text.trim() === "" ? Number.NaN : Number(text.trim());
  if (Number.isNaN(value) && !/^[+-]?(nan|inf(inity)?)$/i.test(text.trim())) {
    complain(text);
    return 0;
  }
  return value;
}

function pad(body: string, flags: string, width: number, numeric: boolean): string {
  if (body.length >= width) return body;
  if (flags.includes("-")) return body.padEnd(width);
  if (flags.includes("0") && numeric) {
    const sign = /^[+\- ]/.test(body) ? (body[0] as string) : "";
    const prefix = /^[+\- ]?0[xX]/.test(body) ? body.slice(sign.length, sign.length + 2) : "";
    const rest = body.slice(sign.length + prefix.length);
    return sign + prefix + rest.padStart(width - sign.length - prefix.length, "0");
  }
  return body.padStart(width);
}

function formatExponent(value: number, precision: number, upper: boolean): string {
  let text = value.toExponential(precision);
  text = text.replace(/e([+-])(\d)$/, "e$10$2");
  return upper ? text.toUpperCase() : text;
}

function formatGeneral(value: number, precision: number, alternate: boolean, upper: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (value === 0) return "0";
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  let text: string;
  if (exponent < -4 || exponent >= p) {
    text = formatExponent(value, p - 1, upper);
    if (!alternate) text = text.replace(/\.?0+(e)/i, "$1");
  } else {
    text = value.toFixed(Math.max(0, p - 1 - exponent));
    if (!alternate && text.includes(".")) text = text.replace(/\.?0+$/, "");
  }
  return text;
}

function formatFloat(
  value: number,
  conversion: string,
  flags: string,
  precision: number | undefined,
): string {
  const p = precision ?? 6;
  if (!Number.isFinite(value)) {
    const text = Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
    return /[EFG]/.test(conversion) ? text.toUpperCase() : text;
  }
  let body: string;
  if (conversion === "f" || conversion === "F") body = value.toFixed(p);
  else if (conversion === "e" || conversion === "E") body = formatExponent(value, p, conversion === "E");
  else body = formatGeneral(value, p, flags.includes("#"), conversion === "G");
  if (value >= 0 && !body.startsWith("-")) {
    if (flags.includes("+")) body = `+${body}`;
    else if (flags.includes(" ")) body = ` ${body}`;
  }
  return body;
}

/** printf as busybox runs it; `prefix` names it in errors (`sh` for the shell's builtin). */
export function makePrintf(prefix: string): CommandImplementation {
  return (argv, io) => {
    const format = argv[1];
    if (format === undefined) {
      io.err(`${prefix === "sh" ? "sh: " : ""}printf: usage: printf FORMAT [ARGUMENT...]\n`);
      return 1;
    }
    const args = argv.slice(2);
    let argIndex = 0;
    let status = 0;
    let output = "";
    const complain = (text: string) => {
      // What was formatted so far goes out first, as busybox writes as it goes.
      io.out(output);
      output = "";
      io.err(`${prefix}: invalid number '${text}'\n`);
      status = 1;
    };
    const nextArg = () => args[argIndex++];
    let stop = false;
    const pattern =
      /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([hlLqjzt]*)([diouxXfFeEgGcsb%])?|\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)?/gs;
    do {
      const consumedBefore = argIndex;
      let last = 0;
      const invalid = false;
      for (const match of format.matchAll(pattern)) {
        output += format.slice(last, match.index);
        last = (match.index ?? 0) + match[0].length;
        if (match[0].startsWith("\\")) {
          const escaped = processEscapes(match[0], { zeroPrefix: false });
          output += escaped.text;
          if (escaped.stopped) {
            stop = true;
            break;
          }
          continue;
        }
        const [, flags = "", widthSpec, precisionSpec, , conversion] = match;
        if (conversion === undefined) {
          io.out(output);
          io.err(`${prefix}: ${format.slice(match.index ?? 0)}: invalid format\n`);
          return 1;
        }
        if (conversion === "%") {
          output += "%";
          continue;
        }
        const width =
          widthSpec === "*" ? Number(parseInteger(nextArg() ?? "", complain)) : Number(widthSpec ?? 0);
        const precision =
          precisionSpec === undefined
            ? undefined
            : precisionSpec === "*"
              ? Number(parseInteger(nextArg() ?? "", complain))
              : Number(precisionSpec || 0);
        const leftAlign = width < 0 ? "-" : "";
        const allFlags = flags + leftAlign;
        const absWidth = Math.abs(width);
        const arg = nextArg();
        switch (conversion) {
          case "s": {
            let text = arg ?? "";
            if (precision !== undefined) text = text.slice(0, precision);
            output += pad(text, allFlags, absWidth, false);
            break;
          }
          case "b": {
            const escaped = processEscapes(arg ?? "", { zeroPrefix: true });
            output += pad(escaped.text, allFlags, absWidth, false);
            if (escaped.stopped) {
              stop = true;
            }
            break;
          }
          case "c":
            // An empty or missing argument prints the NUL that ends the empty string, as busybox does.
            output += pad((arg ?? "").slice(0, 1) || "\0", allFlags, absWidth, false);
            break;
          case "d":
          case "i":
          case "o":
          case "u":
          case "x":
          case "X": {
            let value = BigInt.asIntN(64, parseInteger(arg ?? "", complain));
            let body: string;
            if (conversion === "d" || conversion === "i") {
              body = (value < 0n ? -value : value).toString();
              if (precision !== undefined) body = body.padStart(precision, "0");
              if (value < 0n) body = `-${body}`;
              else if (allFlags.includes("+")) body = `+${body}`;
              else if (allFlags.includes(" ")) body = ` ${body}`;
            } else {
              value = BigInt.asUintN(64, value);
              body = value.toString(conversion === "o" ? 8 : conversion === "u" ? 10 : 16);
              if (conversion === "X") body = body.toUpperCase();
              if (precision !== undefined) body = body.padStart(precision, "0");
              if (allFlags.includes("#") && value !== 0n) {
                if (conversion === "o" && !body.startsWith("0")) body = `0${body}`;
                if (conversion === "x") body = `0x${body}`;
                if (conversion === "X") body = `0X${body}`;
              }
            }
            output += pad(
              body,
              precision === undefined ? allFlags : allFlags.replace("0", ""),
              absWidth,
              true,
            );
            break;
          }
          default:
            output += pad(
              formatFloat(parseFloatArg(arg ?? "", complain), conversion, allFlags, precision),
              allFlags,
              absWidth,
              true,
            );
        }
        if (stop) break;
      }
      if (!stop) output += format.slice(last);
      if (invalid || stop) break;
      // The format is reused while arguments remain, as long as it consumed some.
      if (argIndex === consumedBefore) break;
    } while (argIndex < args.length);
    io.out(output);
    return status;
  };
}

export const printf = makePrintf("printf");
