/**
 * AWK's values and their conversions: numbers, strings and strnums, how text reads as a number,
 * how a number prints (CONVFMT/OFMT), and C's printf as awk's `printf`/`sprintf` use it.
 * Shared by the interpreter and the builtin functions.
 */

/** A value: numbers, strings, and strnums (input that looks numeric compares as a number). */
export type Value = number | string | { strnum: string };

/** The value of a variable never assigned: both "" and 0 in comparisons. */
export const UNSET: Value = { strnum: "" };

export const looksNumeric = (text: string) =>
  /^[ \t\n]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[ \t\n]*$/.test(text);

export function toNumber(value: Value): number {
  if (typeof value === "number") return value;
  const text = typeof value === "string" ? value : value.strnum;
  const match = /^[ \t\n]*([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(text);
  if (match) return Number(match[1]);
  const hex = /^[ \t\n]*([+-]?)0[xX]([0-9a-fA-F]+)/.exec(text);
  if (hex) return (hex[1] === "-" ? -1 : 1) * Number.parseInt(hex[2] as string, 16);
  return 0;
}

export function formatNumber(value: number, format: string): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  return sprintf(format, [value]);
}

/** C's printf for awk: %c takes a number as a character code or a string's first character. */
export function sprintf(format: string, args: readonly Value[]): string {
  let index = 0;
  const next = (): Value => args[index++] ?? "";
  return format.replace(
    /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([hlLqjzt]*)([diouxXeEfFgGcs%])/g,
    (_match, flags: string, widthSpec, precisionSpec, _length, conversion: string) => {
      if (conversion === "%") return "%";
      let width = widthSpec === "*" ? toNumber(next()) : widthSpec ? Number(widthSpec) : 0;
      let allFlags = flags;
      if (width < 0) {
        allFlags += "-";
        width = -width;
      }
      const precision =
        precisionSpec === undefined
          ? undefined
          : precisionSpec === "*"
            ? toNumber(next())
            : Number(precisionSpec || 0);
      const value = next();
      let body: string;
      let numeric = true;
      switch (conversion) {
        case "c": {
          numeric = false;
          body =
            typeof value === "number"
              ? String.fromCharCode(value)
              : (typeof value === "string" ? value : value.strnum).slice(0, 1);
          break;
        }
        case "s": {
          numeric = false;
          body = valueToString(value, "%.6g");
          if (precision !== undefined) body = body.slice(0, precision);
          break;
        }
        case "d":
        case "i": {
          const number = Math.trunc(toNumber(value));
          body = Math.abs(number).toString();
          if (precision !== undefined) body = body.padStart(precision, "0");
          if (number < 0) body = `-${body}`;
          else if (allFlags.includes("+")) body = `+${body}`;
          else if (allFlags.includes(" ")) body = ` ${body}`;
          break;
        }
        case "o":
        case "u":
        case "x":
        case "X": {
          let number = BigInt(Math.trunc(toNumber(value)));
          if (number < 0n) number = BigInt.asUintN(64, number);
          body = number.toString(conversion === "o" ? 8 : conversion === "u" ? 10 : 16);
          if (conversion === "X") body = body.toUpperCase();
          if (precision !== undefined) body = body.padStart(precision, "0");
          if (allFlags.includes("#") && number !== 0n)
            body =
              (conversion === "o" ? "0" : conversion === "x" ? "0x" : conversion === "X" ? "0X" : "") + body;
          break;
        }
        default: {
          const number = toNumber(value);
          const p = precision ?? 6;
          if (!Number.isFinite(number)) body = Number.isNaN(number) ? "nan" : number > 0 ? "inf" : "-inf";
          else if (conversion === "f" || conversion === "F") body = number.toFixed(p);
          else if (conversion === "e" || conversion === "E") {
            body = number.toExponential(p).replace(/e([+-])(\d)$/, "e$10$2");
            if (conversion === "E") body = body.toUpperCase();
          } else {
            const significant = p === 0 ? 1 : p;
            if (number === 0) body = "0";
            else {
              const exponent = Math.floor(Math.log10(Math.abs(number)));
              if (exponent < -4 || exponent >= significant) {
                body = number.toExponential(significant - 1).replace(/e([+-])(\d)$/, "e$10$2");
                if (!allFlags.includes("#")) body = body.replace(/\.?0+e/, "e");
              } else {
                body = number.toFixed(Math.max(0, significant - 1 - exponent));
                if (!allFlags.includes("#") && body.includes(".")) body = body.replace(/\.?0+$/, "");
              }
            }
            if (conversion === "G") body = body.toUpperCase();
          }
          if (number >= 0 && allFlags.includes("+")) body = `+${body}`;
          else if (number >= 0 && allFlags.includes(" ")) body = ` ${body}`;
        }
      }
      if (body.length >= width) return body;
      if (allFlags.includes("-")) return body.padEnd(width);
      if (allFlags.includes("0") && numeric && precision === undefined) {
        const sign = /^[+\- ]/.test(body) ? (body[0] as string) : "";
        return sign + body.slice(sign.length).padStart(width - sign.length, "0");
      }
      return body.padStart(width);
    },
  );
}

export function valueToString(value: Value, convfmt: string): string {
  if (typeof value === "number") return formatNumber(value, convfmt);
  return typeof value === "string" ? value : value.strnum;
}
