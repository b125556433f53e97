/**
 * The line layer of the Dockerfile parser, after BuildKit's `frontend/dockerfile/parser/parser.go`:
 * physical lines, parser directives, comments, continuation lines joined into logical lines, and
 * here-document bodies. Logical lines remember where each piece came from, so every later node
 * gets an exact source range.
 */

import type { DiagnosticName } from "../../core/diagnostic-catalog.ts";
import type { Diagnostic, Position, Range } from "../../core/diagnostics.ts";
import type { Comment, EscapeToken, ParserDirective } from "./types.ts";

/** One physical line: its text without the line ending, and the ending itself. */
export interface PhysicalLine {
  /** 1-based. */
  readonly number: number;
  /** The text with trailing `\r`/`\n` removed (Go `trimNewline`). */
  readonly text: string;
  /** The raw line including its ending, as here-document bodies keep it. */
  readonly raw: string;
}

/** A piece of a logical line taken from one physical line. */
interface Segment {
  /** Offset of the piece in the logical line. */
  readonly offset: number;
  readonly line: number;
  /** 1-based column of the piece's first character. */
  readonly column: number;
  readonly length: number;
}

/** Continuation lines joined, as `node.Original`, with a map back to source positions. */
export class LogicalLine {
  readonly text: string;
  readonly startLine: number;
  readonly #segments: readonly Segment[];
  endLine: number;

  constructor(text: string, segments: readonly Segment[], startLine: number, endLine: number) {
    this.text = text;
    this.#segments = segments;
    this.startLine = startLine;
    this.endLine = endLine;
  }

  /** The source position of the character at `offset` (or just after the end). */
  positionAt(offset: number): Position {
    const segments = this.#segments;
    let chosen = segments[0];
    for (const segment of segments) {
      if (segment.offset <= offset && (segment.length > 0 || segment.offset === offset)) chosen = segment;
      else if (segment.offset > offset) break;
    }
    if (chosen === undefined) return { line: this.startLine, column: 1 };
    return { line: chosen.line, column: chosen.column + (offset - chosen.offset) };
  }

  /** The exclusive end position after the character at `offset - 1`. */
  endAt(offset: number): Position {
    if (offset <= 0) return this.positionAt(0);
    const last = this.positionAt(offset - 1);
    return { line: last.line, column: last.column + 1 };
  }

  /** The range of `[start, end)` in the logical line. */
  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: end > start ? this.endAt(end) : this.positionAt(start) };
  }

  /** The logical line shifted by `offset` (for ONBUILD's nested instruction). */
  slice(offset: number): LogicalLine {
    const shifted: Segment[] = [];
    for (const segment of this.#segments) {
      const end = segment.offset + segment.length;
      if (end <= offset && segment.length > 0) continue;
      const cut = Math.max(0, offset - segment.offset);
      shifted.push({
        offset: segment.offset + cut - offset,
        line: segment.line,
        column: segment.column + cut,
        length: segment.length - cut,
      });
    }
    return new LogicalLine(this.text.slice(offset), shifted, this.startLine, this.endLine);
  }
}

/** Splits text into lines the way BuildKit's `scanLines` does (the ending kept in `raw`). */
export function splitPhysicalLines(text: string): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  let start = 0;
  let number = 1;
  while (start < text.length) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline + 1;
    let raw = text.slice(start, end);
    // First line: strip the byte-order mark.
    if (number === 1 && raw.startsWith("\uFEFF")) raw = raw.slice(1);
    lines.push({ number, raw, text: raw.replace(/[\r\n]+$/, "") });
    start = end;
    number += 1;
  }
  return lines;
}

const directivePattern = /^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const validDirectives = new Set(["syntax", "escape", "check"]);

function trimLeadingWhitespace(text: string): string {
  return text.replace(/^\s+/u, "");
}

/** Go `isComment`: the first non-blank character is `#`. */
export function isCommentLine(text: string): boolean {
  return trimLeadingWhitespace(text).startsWith("#");
}

function continuationPattern(escapeToken: EscapeToken): RegExp {
  const e = escapeToken === "\\" ? "\\\\" : "`";
  return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
}

/** The state of directive parsing and the escape token (Go `directives`). */
export class DirectiveState {
  escapeToken: EscapeToken;
  continuation: RegExp;
  done = false;
  readonly seen = new Set<string>();
  readonly directives: ParserDirective[] = [];

  constructor(escapeToken: EscapeToken = "\\") {
    this.escapeToken = escapeToken;
    this.continuation = continuationPattern(escapeToken);
  }

  /**
   * Looks for a parser directive (`# escape=\``). Returns true when the line is one; a
   * duplicated or invalid directive becomes a diagnostic.
   */
  parseLine(text: string, line: PhysicalLine, report: Reporter): boolean {
    if (this.done) return false;
    if (!text.startsWith("#")) {
      this.done = true;
      return false;
    }
    const match = directivePattern.exec(trimLeadingWhitespace(text.slice(1)));
    const key = match?.[1]?.toLowerCase();
    const value = match?.[2];
    if (key === undefined || value === undefined || !validDirectives.has(key)) {
      this.done = true;
      return false;
    }
    const column = line.text.length - text.length + 1;
    const range: Range = {
      start: { line: line.number, column },
      end: { line: line.number, column: line.text.length + 1 },
    };
    if (this.seen.has(key)) {
      report("DuplicateParserDirective", `only one ${key} parser directive can be used`, range);
      return true;
    }
    this.seen.add(key);
    this.directives.push({ name: key, value, range });
    if (key === "escape") {
      if (value !== "`" && value !== "\\") {
        report("InvalidEscapeDirective", `invalid escape token '${value}' does not match \` or \\`, range);
        return true;
      }
      this.escapeToken = value;
      this.continuation = continuationPattern(value);
    }
    return true;
  }

  /** Go `trimContinuationCharacter`: the text without a trailing escape, and whether the line ends. */
  trimContinuation(text: string): { text: string; end: boolean } {
    if (this.continuation.test(text)) return { text: text.replace(this.continuation, "$1"), end: false };
    return { text, end: true };
  }
}

export type Reporter = (
  name: DiagnosticName,
  message: string,
  range: Range,
  severity?: Diagnostic["severity"],
) => void;

/** A logical line ready for the instruction parser, or a comment-only result. */
export interface LineScan {
  readonly logical: LogicalLine;
  /** Lines of blank continuation (for the warning). */
  readonly emptyContinuationLines: readonly number[];
}

/**
 * Reads the next logical line starting at `lines[index]`: skips blank and comment lines, joins
 * continuation lines (dropping comment lines inside them) and returns the index after it.
 */
export function readLogicalLine(
  lines: readonly PhysicalLine[],
  index: number,
  state: DirectiveState,
  comments: Comment[],
  report: Reporter,
): { scan?: LineScan; next: number } {
  let cursor = index;
  while (cursor < lines.length) {
    const line = lines[cursor] as PhysicalLine;
    cursor += 1;
    const stripped = trimLeadingWhitespace(line.text);
    const isDirective = state.parseLine(stripped, line, report);
    const lead = line.text.length - stripped.length;
    if (isCommentLine(line.text) && !isDirective) {
      comments.push({
        text: stripped.slice(1),
        range: {
          start: { line: line.number, column: lead + 1 },
          end: { line: line.number, column: line.text.length + 1 },
        },
      });
    }
    const token = isCommentLine(stripped) ? "" : stripped;
    const first = state.trimContinuation(token);
    if (first.end && first.text === "") continue;

    const segments: Segment[] = [
      { offset: 0, line: line.number, column: lead + 1, length: first.text.length },
    ];
    let text = first.text;
    let end = first.end;
    let endLine = line.number;
    const empty: number[] = [];
    while (!end && cursor < lines.length) {
      const next = lines[cursor] as PhysicalLine;
      cursor += 1;
      endLine = next.number;
      state.parseLine(next.text, next, report);
      if (isCommentLine(next.text)) {
        const nextStripped = trimLeadingWhitespace(next.text);
        comments.push({
          text: nextStripped.slice(1),
          range: {
            start: { line: next.number, column: next.text.length - nextStripped.length + 1 },
            end: { line: next.number, column: next.text.length + 1 },
          },
        });
        continue;
      }
      if (trimLeadingWhitespace(next.text).length === 0) {
        empty.push(next.number);
        continue;
      }
      const piece = state.trimContinuation(next.text);
      segments.push({ offset: text.length, line: next.number, column: 1, length: piece.text.length });
      text += piece.text;
      end = piece.end;
    }
    return {
      scan: { logical: new LogicalLine(text, segments, line.number, endLine), emptyContinuationLines: empty },
      next: cursor,
    };
  }
  return { next: cursor };
}
