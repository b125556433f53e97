/**
 * Running a parsed template over a document, as `docker inspect --format` does: the typed pass,
 * then the raw JSON pass whose error is the one reported.
 */

import { type Command, type Node, type Operand, type Pipeline, parseTemplate } from "./parse.ts";
import { type Schema, TemplateError } from "./types.ts";
import {
  callFunction,
  ExecutionError,
  field,
  formatValue,
  isObject,
  NO_VALUE,
  truthy,
  type Value,
} from "./values.ts";

interface Scope {
  readonly dot: Value;
  readonly root: Value;
  readonly variables: Map<string, Value>;
  readonly typed: boolean;
}

function evaluatePipeline(pipe: Pipeline, scope: Scope): Value {
  let previous: Value | undefined;
  for (const command of pipe.commands) {
    previous = evaluateCommand(command, scope, previous);
  }
  return previous as Value;
}

function evaluateOperand(operand: Operand, scope: Scope): Value {
  switch (operand.kind) {
    case "literal":
      return { data: operand.value };
    case "pipeline":
      return evaluatePipeline(operand.pipe, scope);
    case "function":
      return callFunction(operand.name, []);
    case "field": {
      let value: Value;
      if (operand.base === "dot") value = scope.dot;
      else if (operand.base === "$") value = scope.root;
      else {
        const found = scope.variables.get(operand.base);
        if (found === undefined) throw new ExecutionError(`undefined variable "${operand.base}"`);
        value = found;
      }
      try {
        for (const name of operand.path) value = field(value, name, scope.typed);
      } catch (error) {
        // text/template's error context is the field node, wherever the field sits in the action.
        if (error instanceof ExecutionError && !error.message.startsWith("template:")) {
          throw new ExecutionError(
            `template: :1:${operand.at.column}: executing "" at <${operand.at.source}>: ${error.message}`,
          );
        }
        throw error;
      }
      return value;
    }
  }
}

function evaluateCommand(command: Command, scope: Scope, piped: Value | undefined): Value {
  const [head, ...rest] = command;
  if (head?.kind === "function") {
    const args = rest.map((operand) => evaluateOperand(operand, scope));
    if (piped !== undefined) args.push(piped);
    return callFunction(head.name, args);
  }
  const value = evaluateOperand(head as Operand, scope);
  const kind = value.kind;
  if (
    kind !== undefined &&
    typeof kind !== "string" &&
    "method" in kind &&
    typeof value.data === "function"
  ) {
    // a method call: text/template checks the argument count, then calls with the arguments
    const args = rest.map((operand) => formatValue(evaluateOperand(operand, scope)));
    if (piped !== undefined) args.push(formatValue(piped));
    const name = head?.kind === "field" ? (head.path.at(-1) ?? "") : "";
    if (args.length !== kind.method) {
      throw new ExecutionError(`wrong number of args for ${name}: want ${kind.method} got ${args.length}`);
    }
    return { data: (value.data as (...args: string[]) => string)(...args) };
  }
  if (rest.length > 0 || piped !== undefined) throw new ExecutionError("can't give argument to non-function");
  return value;
}

function render(nodes: readonly Node[], scope: Scope): string {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") {
      out += node.text;
      continue;
    }
    try {
      out += renderNode(node, scope);
    } catch (error) {
      if (!(error instanceof ExecutionError)) throw error;
      // Go writes as it executes: what came before the failing action is already out.
      const failure = error.message.startsWith("template:")
        ? error
        : new ExecutionError(
            `template: :1:${node.column}: executing "" at <${node.source}>: ${error.message}`,
          );
      failure.written = out + error.written;
      throw failure;
    }
  }
  return out;
}

function renderNode(node: Exclude<Node, { kind: "text" }>, scope: Scope): string {
  const value = evaluatePipeline(node.pipe, scope);
  const variables = new Map(scope.variables);
  if (node.kind === "action") {
    const [name] = node.pipe.declarations;
    if (name !== undefined) {
      scope.variables.set(name, value);
      return "";
    }
    return formatValue(value);
  }
  if (node.kind === "if") return render(truthy(value.data) ? node.body : node.otherwise, scope);
  if (node.kind === "with") {
    return truthy(value.data) ? render(node.body, { ...scope, dot: value }) : render(node.otherwise, scope);
  }
  // range over a slice (by index) or a map (by sorted key)
  const entries: [Value, Value][] = [];
  if (Array.isArray(value.data))
    for (const [index, item] of value.data.entries()) entries.push([{ data: index }, { data: item }]);
  else if (isObject(value.data)) {
    for (const key of Object.keys(value.data).sort())
      entries.push([{ data: key }, { data: value.data[key] }]);
  } else if (value.data !== null && value.data !== undefined && value.data !== NO_VALUE) {
    throw new ExecutionError(`range can't iterate over ${formatValue(value)}`);
  }
  if (entries.length === 0) return render(node.otherwise, scope);
  let out = "";
  for (const [key, item] of entries) {
    const [first, second] = node.pipe.declarations;
    const local = new Map(variables);
    if (second !== undefined) {
      local.set(first as string, key);
      local.set(second, item);
    } else if (first !== undefined) local.set(first, item);
    try {
      out += render(node.body, { ...scope, dot: item, variables: local });
    } catch (error) {
      if (error instanceof ExecutionError) error.written = out + error.written;
      throw error;
    }
  }
  return out;
}

/**
 * Executes `template` on one inspect document as `docker inspect --format` does: typed first (with
 * `schema`), then on the raw JSON when that fails; the raw pass's error is the one reported.
 * @throws TemplateError with Docker's message and exit code
 */
export function executeDockerTemplate(
  template: string,
  document: unknown,
  schema: Schema | undefined,
): string {
  const nodes = parseTemplate(template);
  const run = (typed: boolean) => {
    const root: Value =
      typed && schema !== undefined ? { data: document, kind: { struct: schema } } : { data: document };
    return render(nodes, { dot: root, root, variables: new Map([["$", root]]), typed });
  };
  try {
    return run(true);
  } catch (error) {
    if (!(error instanceof ExecutionError)) throw error;
  }
  try {
    return run(false);
  } catch (error) {
    if (error instanceof ExecutionError)
      throw new TemplateError(`template parsing error: ${error.message}`, 1);
    throw error;
  }
}

/**
 * Executes `template` once, on the typed value only, as the CLI's formatters (`docker history
 * --format`) and `docker info --format` do: an execution error is Go's own message
 * (`template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type …`), with what the
 * template wrote before it failed.
 * @throws TemplateError (exit 64 when it does not parse, 1 when it fails while executing)
 */
export function executeTypedTemplate(
  template: string,
  document: unknown,
  schema: Schema,
  goType: string,
): string {
  const nodes = parseTemplate(template);
  const root: Value = { data: document, kind: { struct: schema, goType } };
  try {
    return render(nodes, { dot: root, root, variables: new Map([["$", root]]), typed: true });
  } catch (error) {
    if (error instanceof ExecutionError) throw new TemplateError(error.message, 1, error.written);
    throw error;
  }
}
