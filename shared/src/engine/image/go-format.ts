/**
 * Go formatting that Docker's output depends on: `fmt`'s `%q` and `%v` for string slices (history
 * `created_by` texts such as `CMD ["sh"]` and `VOLUME [/data]`), `time.Time`'s RFC 3339 JSON form,
 * and `time.Duration`'s `String()`. Reproduced exactly so that history rows and config bytes match.
 */

/**
 * Go's `strconv.Quote`: a double-quoted string with Go escapes (printable runes kept as they are).
 * @example quoteGoString('say "hi"') // "\"say \\\"hi\\\"\""
 */
export function quoteGoString(value: string): string {
  let out = '"';
  for (const char of value) {
    out += escapeGoRune(char, '"');
  }
  return `${out}"`;
}

/**
 * Go's `strconv.QuoteRune` of an integer (what `%q` prints for an `int` field, e.g. the Retries of a
 * HEALTHCHECK: `'\x00'`).
 */
export function quoteGoRune(code: number): string {
  if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "'\uFFFD'";
  return `'${escapeGoRune(String.fromCodePoint(code), "'")}'`;
}

function escapeGoRune(char: string, quote: '"' | "'"): string {
  const code = char.codePointAt(0) ?? 0;
  if (char === quote || char === "\\") return `\\${char}`;
  switch (code) {
    case 0x07:
      return "\\a";
    case 0x08:
      return "\\b";
    case 0x0c:
      return "\\f";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x0b:
      return "\\v";
    default:
      break;
  }
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code >= 0x80 && code < 0xa0) return `\\u${code.toString(16).padStart(4, "0")}`;
  return char;
}

/**
 * `fmt.Sprintf("%q", []string{…})`: each element quoted, space-separated, in brackets.
 * @example formatGoQuotedSlice(["/bin/sh", "-c"]) // '["/bin/sh" "-c"]'
 */
export function formatGoQuotedSlice(values: readonly string[] | null | undefined): string {
  return `[${(values ?? []).map(quoteGoString).join(" ")}]`;
}

/**
 * `fmt.Sprintf("%v", []string{…})`: elements as they are, space-separated, in brackets.
 * @example formatGoSlice(["/data"]) // "[/data]"
 */
export function formatGoSlice(values: readonly string[] | null | undefined): string {
  return `[${(values ?? []).join(" ")}]`;
}

/**
 * Go `time.Time` as JSON writes it (RFC 3339 with nanoseconds, trailing zeros trimmed, UTC `Z`).
 * @example formatGoTime(Date.UTC(2026, 0, 1)) // "2026-01-01T00:00:00Z"
 */
export function formatGoTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  const [seconds = iso, fraction = ""] = iso.slice(0, -1).split(".");
  const trimmed = fraction.replace(/0+$/, "");
  return trimmed === "" ? `${seconds}Z` : `${seconds}.${trimmed}Z`;
}

/**
 * Go `time.Duration.String()` for a duration in nanoseconds (`0s`, `30s`, `1m30s`, `1.5s`, `500ms`).
 */
export function formatGoDuration(nanoseconds: number): string {
  if (nanoseconds === 0) return "0s";
  const negative = nanoseconds < 0;
  let value = Math.abs(nanoseconds);
  let out: string;
  if (value < 1e9) {
    // Sub-second durations use the smallest unit that keeps an integer part: ns, µs, ms.
    const [unit, scale] = value < 1e3 ? ["ns", 1] : value < 1e6 ? ["µs", 1e3] : ["ms", 1e6];
    out = `${trimFraction(value / scale)}${unit}`;
  } else {
    const hours = Math.floor(value / 3.6e12);
    value -= hours * 3.6e12;
    const minutes = Math.floor(value / 6e10);
    value -= minutes * 6e10;
    const seconds = `${trimFraction(value / 1e9)}s`;
    out = hours > 0 ? `${hours}h${minutes}m${seconds}` : minutes > 0 ? `${minutes}m${seconds}` : seconds;
  }
  return negative ? `-${out}` : out;
}

function trimFraction(value: number): string {
  return value.toFixed(9).replace(/0+$/, "").replace(/\.$/, "");
}

/**
 * The error Go's `time.ParseDuration` returns for text it refuses: a bare number lacks a unit
 * (`time: missing unit in duration "1"`), a known number with an unknown suffix names it, anything
 * else is `time: invalid duration "…"`.
 */
export function goDurationError(text: string): string {
  const quoted = JSON.stringify(text);
  if (/^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(text)) return `time: missing unit in duration ${quoted}`;
  const unknown = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)([^\d.]+)$/.exec(text);
  if (unknown !== null) return `time: unknown unit ${JSON.stringify(unknown[1])} in duration ${quoted}`;
  return `time: invalid duration ${quoted}`;
}

/**
 * Parses a Go duration string (`30s`, `1m30s`, `500ms`, `1h`) into nanoseconds; `undefined` when it
 * is not a valid duration (HEALTHCHECK `--interval` and friends use `time.ParseDuration`).
 */
export function parseGoDuration(text: string): number | undefined {
  const units: Record<string, number> = {
    ns: 1,
    us: 1e3,
    µs: 1e3,
    μs: 1e3,
    ms: 1e6,
    s: 1e9,
    m: 6e10,
    h: 3.6e12,
  };
  const match = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text);
  if (text === "0") return 0;
  if (match === null) return undefined;
  let total = 0;
  for (const part of text.replace(/^[-+]/, "").matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (units[part[2] ?? "s"] ?? 0);
  }
  return Math.round(match[1] === "-" ? -total : total);
}
