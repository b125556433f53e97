/**
 * `docker inspect` (and `image inspect`, `container inspect`), with `--format` Go templates run as
 * Docker runs them.
 */
import { flagValue, hasFlag } from "../args.ts";
import {
  type CommandEnv,
  type CommandResult,
  fail,
  ok,
  profileOf,
  requireArgs,
  withFlags,
} from "../command.ts";
import { findContainer, type SimDaemon } from "../daemon.ts";
import { executeDockerTemplate, parseTemplate, type Schema, TemplateError } from "../go-template/index.ts";
import { inspectContainer, inspectImage } from "../inspect-documents.ts";
import { CONTAINER_INSPECT, IMAGE_INSPECT, IMAGE_INSPECT_26 } from "../inspect-schemas.ts";

export function inspect(
  daemon: SimDaemon,
  argv: readonly string[],
  env: CommandEnv,
  kind: "any" | "image" | "container",
): CommandResult {
  return withFlags(
    kind === "any" ? "inspect" : `${kind} inspect`,
    argv,
    [
      { long: "size", short: "s" },
      { long: "type", value: true },
      { long: "format", short: "f", value: true },
    ],
    (args) => {
      const missing = requireArgs("inspect", args, 1, "inspect [OPTIONS] NAME|ID [NAME|ID...]");
      if (missing) return missing;
      const format = flagValue(args, "format");
      if (format !== undefined) {
        try {
          parseTemplate(format);
        } catch (error) {
          if (error instanceof TemplateError) return fail(error.message, error.exitCode);
          throw error;
        }
      }
      const documents: { document: Record<string, unknown>; schema: Schema }[] = [];
      const errors: string[] = [];
      for (const reference of args.positionals) {
        const record = kind === "image" ? undefined : findContainer(daemon, reference);
        if (record !== undefined) {
          documents.push({
            document: inspectContainer(record, hasFlag(args, "size"), profileOf(env)),
            schema: CONTAINER_INSPECT,
          });
          continue;
        }
        const image = kind === "container" ? undefined : daemon.store.getImage(reference);
        if (image !== undefined)
          documents.push({
            document: inspectImage(daemon, image, profileOf(env)),
            schema: profileOf(env).engine === "26.1" ? IMAGE_INSPECT_26 : IMAGE_INSPECT,
          });
        else errors.push(`Error: No such ${kind === "any" ? "object" : kind}: ${reference}`);
      }
      let stdout = "";
      if (format === undefined) {
        stdout = `${JSON.stringify(
          documents.map((item) => item.document),
          null,
          4,
        )}\n`;
      } else {
        for (const { document, schema } of documents) {
          try {
            stdout += `${executeDockerTemplate(format, document, schema)}\n`;
          } catch (error) {
            // Docker flushes a newline, then reports the error of the template's raw-JSON pass.
            if (error instanceof TemplateError) return fail(error.message, error.exitCode, `${stdout}\n`);
            throw error;
          }
        }
      }
      return errors.length === 0 ? ok(stdout) : fail(errors.join("\n"), 1, stdout);
    },
  );
}
