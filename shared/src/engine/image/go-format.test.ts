import { describe, expect, it } from "vitest";
import {
  formatGoDuration,
  formatGoQuotedSlice,
  formatGoSlice,
  formatGoTime,
  parseGoDuration,
  quoteGoRune,
  quoteGoString,
} from "./go-format.ts";

describe("Go formatting", () => {
  it("quotes a slice the way %q does", () => {
    expect(formatGoQuotedSlice(["/bin/sh", "-c"])).toBe('["/bin/sh" "-c"]');
    expect(formatGoQuotedSlice(['say "hi"\n'])).toBe('["say \\"hi\\"\\n"]');
  });

  it("prints a slice the way %v does", () => {
    expect(formatGoSlice(["/data"])).toBe("[/data]");
    expect(formatGoSlice(["/bin/sh", "-c"])).toBe("[/bin/sh -c]");
  });

  it("quotes an int as a rune like %q of the HEALTHCHECK retries", () => {
    expect(quoteGoRune(0)).toBe("'\\x00'");
    expect(quoteGoRune(3)).toBe("'\\x03'");
    expect(quoteGoRune(10)).toBe("'\\n'");
    expect(quoteGoRune(65)).toBe("'A'");
  });

  it("escapes control characters but keeps printable unicode in Go strings", () => {
    expect(quoteGoString("é\u0001")).toBe('"é\\x01"');
  });

  it("writes times as RFC 3339 with the fraction trimmed", () => {
    expect(formatGoTime(Date.UTC(2026, 0, 1))).toBe("2026-01-01T00:00:00Z");
    expect(formatGoTime(Date.UTC(2026, 0, 1, 12, 30, 5, 120))).toBe("2026-01-01T12:30:05.12Z");
  });

  it("formats and parses durations like time.Duration", () => {
    expect(formatGoDuration(0)).toBe("0s");
    expect(formatGoDuration(30e9)).toBe("30s");
    expect(formatGoDuration(90e9)).toBe("1m30s");
    expect(formatGoDuration(1.5e9)).toBe("1.5s");
    expect(formatGoDuration(5e8)).toBe("500ms");
    expect(formatGoDuration(3.6e12)).toBe("1h0m0s");
    expect(parseGoDuration("30s")).toBe(30e9);
    expect(parseGoDuration("1m30s")).toBe(90e9);
    expect(parseGoDuration("500ms")).toBe(5e8);
    expect(parseGoDuration("abc")).toBeUndefined();
  });
});
