/**
 * `--format` for `docker inspect`: the part of Go's text/template that Docker users write
 * (`{{.Config.Cmd}}`, `{{json .RootFS}}`, `{{range .RootFS.Layers}}{{println .}}{{end}}`,
 * `{{index .Config.Labels "k"}}`, `{{if}}`/`{{with}}`/`{{else}}`, pipes, `{{- -}}` trimming) with
 * Go's builtins and the functions Docker adds (json, join, split, lower, upper, title, pad,
 * truncate).
 *
 * Written here because no maintained JavaScript implementation of text/template exists (the npm
 * packages found are unmaintained partial ports). Docker executes a template on the typed Go struct
 * first and, when that fails, once more on the raw JSON decoded into maps with `missingkey=error`
 * (cli/command/inspect `TemplateInspector`); `executeDockerTemplate` does the same, the typed pass
 * guided by `Schema`s that give absent struct fields their zero values and print structs as Go does.
 *
 * Docker's own schemas (its inspect types) live apart, in `../inspect-schemas.ts`; this folder is
 * the template language: types.ts, parse.ts, values.ts (printing and functions), execute.ts.
 */
export { executeDockerTemplate, executeTypedTemplate } from "./execute.ts";
export { parseTemplate } from "./parse.ts";
export { type FieldKind, type Schema, TemplateError } from "./types.ts";
export { formatValue } from "./values.ts";
