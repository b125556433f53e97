/**
 * YAML with positions: parses a YAML text that sits at a known line of a content file and maps a
 * field path (from a schema issue) back to that field's line and column in the file.
 */
import { isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { type Diagnostic, diagnosticAt } from "../core/diagnostics.ts";

export interface PositionedYaml {
  /** The parsed value (`undefined` when the YAML had errors). */
  value: unknown;
  diagnostics: Diagnostic[];
  /** The file position of the value at `path`, or of its nearest existing parent. */
  locate(path: ReadonlyArray<PropertyKey>): { line: number; column: number };
}

/**
 * Parses `text`, which starts at line `firstLine` (1-based) of `file`.
 * @example parsePositionedYaml("title: x\n", "content/lessons/a/01-b.md", 2)
 */
export function parsePositionedYaml(text: string, file: string, firstLine: number): PositionedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toFile = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + firstLine - 1, column: col };
  };
  const diagnostics = document.errors.map((error) =>
    diagnosticAt(
      "InvalidYaml",
      "error",
      `${error.message.split("\n")[0]} (quote strings that contain ": " or start with a special character; use | for multi-line text)`,
      toFile(error.pos[0]),
      file,
    ),
  );
  const locate = (path: ReadonlyArray<PropertyKey>) => {
    for (let length = path.length; length >= 0; length -= 1) {
      const node = document.getIn(
        path.slice(0, length).filter((key): key is string | number => typeof key !== "symbol"),
        true,
      );
      if (isNode(node) && node.range) return toFile(node.range[0]);
    }
    return { line: firstLine, column: 1 };
  };
  return { value: diagnostics.length > 0 ? undefined : document.toJS(), diagnostics, locate };
}

/** Turns schema issues into diagnostics at the fields they are about. */
export function schemaDiagnostics(
  issues: readonly z.core.$ZodIssue[],
  yaml: PositionedYaml,
  file: string,
  what: string,
): Diagnostic[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join(".");
    const where = field === "" ? what : `${what} field \`${field}\``;
    return diagnosticAt(
      "ContentSchemaError",
      "error",
      `${where}: ${issue.message}`,
      yaml.locate(issue.path),
      file,
    );
  });
}
