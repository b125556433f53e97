/**
 * The syntax tree AWK's parser builds and its interpreter walks: expression nodes, statements,
 * pattern-action rules and user functions. Its own file because both sides depend on it and
 * neither owns it.
 */

export type Node =
  | { type: "num"; value: number }
  | { type: "str"; value: string }
  | { type: "regex"; source: string }
  | { type: "var"; name: string }
  | { type: "field"; index: Node }
  | { type: "index"; name: string; subscripts: Node[] }
  | { type: "assign"; op: string; target: Node; value: Node }
  | { type: "cond"; test: Node; yes: Node; no: Node }
  | { type: "binary"; op: string; left: Node; right: Node }
  | { type: "unary"; op: string; operand: Node }
  | { type: "incdec"; op: string; prefix: boolean; target: Node }
  | { type: "match"; negate: boolean; left: Node; right: Node }
  | { type: "in"; subscripts: Node[]; name: string }
  | { type: "call"; name: string; args: Node[] }
  | { type: "builtin"; name: string; args: Node[] }
  | { type: "getline"; target?: Node; file?: Node; command?: Node }
  | { type: "group"; expr: Node };

export type Statement =
  | { type: "expr"; expr: Node }
  | { type: "print"; printf: boolean; args: Node[]; redirect?: { op: string; target: Node } }
  | { type: "if"; test: Node; yes: Statement; no?: Statement }
  | { type: "while"; test: Node; body: Statement }
  | { type: "do"; test: Node; body: Statement }
  | { type: "for"; init?: Statement; test?: Node; update?: Statement; body: Statement }
  | { type: "forin"; variable: string; array: string; body: Statement }
  | { type: "block"; body: Statement[] }
  | { type: "next" }
  | { type: "nextfile" }
  | { type: "exit"; value?: Node }
  | { type: "return"; value?: Node }
  | { type: "break" }
  | { type: "continue" }
  | { type: "delete"; name: string; subscripts?: Node[] };

export interface Rule {
  kind: "begin" | "end" | "main";
  pattern?: Node;
  range?: Node;
  inRange: boolean;
  action?: Statement;
}

export interface AwkFunction {
  params: string[];
  body: Statement;
}
