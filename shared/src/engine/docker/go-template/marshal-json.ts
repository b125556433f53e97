/**
 * A document's own JSON for `{{json .}}`, as a Go type with a MarshalJSON method has it (the CLI's
 * formatter contexts marshal a map of their methods with encoding/json's default HTML escaping).
 *
 * Apart from the template engine, and a registered symbol: the CLI bundle loads the engine only
 * when a template runs, while the commands attach this key to their documents before that.
 */
export const MARSHAL_JSON: unique symbol = Symbol.for("layercake.go-template.MarshalJSON");
