import type { DiagnosticName } from "./diagnostic-catalog.ts";

/** A 1-based position in a source text. */
export interface Position {
  line: number;
  column: number;
}

/** A half-open range in a source text; `end` is exclusive. */
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = "error" | "warning" | "info";

/**
 * A problem found in something a learner or an author wrote. Names come from the one catalog in
 * `diagnostic-catalog.ts` and never change; messages say what happened, why, and what to do.
 */
export interface Diagnostic {
  name: DiagnosticName;
  severity: Severity;
  message: string;
  /** The file the problem is in, as the user named it (e.g. `Dockerfile`, `content/questions/cache.md`). */
  path?: string;
  range: Range;
}

/** Formats a diagnostic the way compilers do: `path:line:column Name message`. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = `${diagnostic.path ?? "<input>"}:${diagnostic.range.start.line}:${diagnostic.range.start.column}`;
  return `${where} ${diagnostic.name} ${diagnostic.message}`;
}

/** Builds a diagnostic at one position (a zero-width range). */
export function diagnosticAt(
  name: DiagnosticName,
  severity: Severity,
  message: string,
  position: Position,
  path?: string,
): Diagnostic {
  return {
    name,
    severity,
    message,
    range: { start: position, end: position },
    ...(path === undefined ? {} : { path }),
  };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === "error");
}
