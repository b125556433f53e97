/**
 * The Go types a template runs over (`Schema`s of struct fields, for zero values and `%v`), and the
 * error Docker reports with its exit code.
 */

/** A Go field's kind, for its zero value and how `%v` prints it. */
export type FieldKind =
  | "string"
  | "bool"
  | "int"
  | "slice"
  | "map"
  | "pointer"
  | "time"
  /** A method taking string arguments (the formatter's `.Label "key"`): the value is a function. */
  | { readonly method: number }
  | { readonly struct: Schema; readonly goType?: string }
  | { readonly pointerTo: Schema };

/** A Go struct: its fields in declaration order. */
export type Schema = readonly (readonly [name: string, kind: FieldKind])[];

export class TemplateError extends Error {
  /** 64 for a template that does not parse, 1 for one that fails while executing (as Docker exits). */
  readonly exitCode: number;
  /** For an execution error: what the template wrote before it failed. */
  readonly written: string;
  constructor(message: string, exitCode: number, written = "") {
    super(message);
    this.exitCode = exitCode;
    this.written = written;
  }
}
