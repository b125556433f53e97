/**
 * A machine-readable explanation attached to a computed fact, so that a quiz can show *why*
 * ("step 5 ran: the checksum of src/a.js changed"). `code` is stable; `message` is for people;
 * `rule` cites the rule in the layer-semantics reference (e.g. "C1", "O6"); `data` carries the
 * specifics a front end may render differently.
 */
export interface Reason {
  code: string;
  message: string;
  rule?: string;
  data?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

export function reason(code: string, message: string, rule?: string, data?: Reason["data"]): Reason {
  return { code, message, ...(rule === undefined ? {} : { rule }), ...(data === undefined ? {} : { data }) };
}
