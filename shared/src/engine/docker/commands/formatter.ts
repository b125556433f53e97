/**
 * What docker/cli's listing formatters share (cli/command/formatter/formatter.go): the `table`
 * prefix and `json` key, a template per row, the header row from the same template, the tabwriter,
 * a context's own JSON, and the wrapped "template parsing error". `docker images`, `ps` and
 * `history` print through it.
 *
 * The Go template engine is imported here, and the CLI bundle loads it only when a template runs
 * (shared/scripts/bundle-cli.mjs); MARSHAL_JSON lives in its own module for that reason.
 */

import { type CommandResult, fail, ok } from "../command.ts";
import { renderTable, renderTabwriter } from "../format.ts";
import { executeTypedTemplate, parseTemplate, type Schema, TemplateError } from "../go-template/index.ts";
import { MARSHAL_JSON } from "../go-template/marshal-json.ts";

/**
 * encoding/json's default escaping, which the formatter's MarshalJSON keeps (json.Marshal of the
 * methods' map, keys sorted): `<`, `>`, `&`, U+2028 and U+2029 become `\u00xx` escapes.
 */
export function goJsonMarshal(record: Readonly<Record<string, string>>): string {
  const sorted = Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  );
  return JSON.stringify(sorted).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The formatter's `preFormat`: the `table` prefix, `json` (from Docker 23), spaces trimmed, `\t` and `\n` escapes. */
export function finalFormat(format: string, jsonKey: boolean): { template: string; table: boolean } {
  const table = format.startsWith("table");
  let template = table ? format.slice("table".length) : jsonKey && format === "json" ? "{{json .}}" : format;
  template = template
    .replace(/^ +| +$/g, "")
    .replaceAll("\\t", "\t")
    .replaceAll("\\n", "\n");
  return { template, table };
}

/** One context's type for template errors, its fields, its column headers. */
export interface FormatterContext {
  readonly schema: Schema;
  readonly goType: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** A row as a template sees it: the context's string methods, and methods taking arguments. */
export type ContextRow = Readonly<Record<string, string | ((...args: string[]) => string)>>;

/**
 * Writes `rows` through `format` as the formatter's `Write` does: one execution per row, then for a
 * table the header executed over the headers map (whose failures the CLI ignores, keeping what was
 * written) and the tabwriter. `json` marshals each row's argument-free methods.
 */
export function writeFormatted(
  format: string,
  jsonKey: boolean,
  rows: readonly ContextRow[],
  context: FormatterContext,
): CommandResult {
  const { template, table } = finalFormat(format, jsonKey);
  let body = "";
  try {
    // the template is parsed before anything is listed, so a bad one fails on an empty list too
    parseTemplate(template);
    for (const row of rows) {
      const plain = Object.fromEntries(
        Object.entries(row).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
      );
      const document = { ...row, [MARSHAL_JSON]: () => goJsonMarshal(plain) };
      body += `${executeTypedTemplate(template, document, context.schema, context.goType)}\n`;
    }
  } catch (error) {
    // the formatter wraps both parse and execution errors, and the CLI exits 1
    if (error instanceof TemplateError) {
      const message = error.message.startsWith("template parsing error: ")
        ? error.message
        : `template parsing error: ${error.message}`;
      return fail(message, 1);
    }
    throw error;
  }
  if (!table) return ok(body);
  let header: string;
  try {
    header = executeTypedTemplate(template, context.headers, context.schema, context.goType);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    header = error.written;
  }
  return ok(renderTabwriter(`${header}\n${body}`));
}

/**
 * A default table (`table {{.A}}\t{{.B}}…`) printed from the same contexts without running a
 * template: what the template would write, but a plain `docker images` or `ps` then neither reads
 * nor compiles the template engine (the CLI bundle loads it on first use).
 */
export function writeColumns(
  fields: readonly string[],
  rows: readonly ContextRow[],
  context: FormatterContext,
): CommandResult {
  const cell = (row: ContextRow, field: string) => {
    const value = row[field];
    return typeof value === "string" ? value : "";
  };
  return ok(
    renderTable(
      fields.map((field) => context.headers[field] ?? field),
      rows.map((row) => fields.map((field) => cell(row, field))),
    ),
  );
}
