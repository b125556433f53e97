/**
 * `docker history` / `docker image history`: the CLI's history formatter (docker/cli
 * cli/command/image/formatter_history.go) — the default table, `-H=false`, `--no-trunc`, `-q`, and
 * `--format` Go templates over `.ID .CreatedSince .CreatedAt .CreatedBy .Size .Comment` with the
 * `table` prefix, and `json` (from Docker 23; 20.10 prints the word as a template).
 */

import { shortId } from "../../../core/hash.ts";
import { type HistoryRow, imageHistory } from "../../daemon/history.ts";
import { listingSize } from "../../units/human-size.ts";
import { flagValue, hasFlag } from "../args.ts";
import {
  type CommandEnv,
  type CommandResult,
  fail,
  findImageOrFail,
  isResult,
  ok,
  profileOf,
  requireArgs,
  withFlags,
} from "../command.ts";
import { historyLayerSize, type SimDaemon } from "../daemon.ts";
import { ago, ellipsis, renderTabwriter } from "../format.ts";
import { executeTypedTemplate, type Schema, TemplateError } from "../go-template/index.ts";
import { MARSHAL_JSON } from "../go-template/marshal-json.ts";
import { finalFormat, goJsonMarshal } from "./formatter.ts";

const DEFAULT_TABLE = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
const NON_HUMAN_TABLE = "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";

/** The history context's methods, as a template sees them (all strings). */
const HISTORY_CONTEXT: Schema = [
  ["ID", "string"],
  ["CreatedSince", "string"],
  ["CreatedAt", "string"],
  ["CreatedBy", "string"],
  ["Size", "string"],
  ["Comment", "string"],
];
const HISTORY_CONTEXT_TYPE = "*image.historyContext";

const HEADERS: Record<string, string> = {
  ID: "IMAGE",
  CreatedSince: "CREATED",
  CreatedAt: "CREATED AT",
  CreatedBy: "CREATED BY",
  Size: "SIZE",
  Comment: "COMMENT",
};

interface HistoryOptions {
  readonly trunc: boolean;
  readonly human: boolean;
  readonly nowMs: number;
}

/** One row as the formatter's historyContext presents it. */
function historyContext(row: HistoryRow, options: HistoryOptions): Record<string, string> {
  const createdBy = row.createdBy.replaceAll("\t", " ");
  const createdAt = row.created.replace(/\.\d+Z$/, "Z");
  return {
    ID: options.trunc ? shortId(row.image) : row.image,
    CreatedSince: options.human ? ago(Date.parse(row.created), options.nowMs) : createdAt,
    CreatedAt: createdAt,
    CreatedBy: options.trunc ? ellipsis(createdBy, 45) : createdBy,
    Size: options.human ? listingSize(row.size) : String(row.size),
    Comment: row.comment,
  };
}

export function history(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "history",
    argv,
    [
      { long: "no-trunc" },
      { long: "human", short: "H", value: false },
      { long: "quiet", short: "q" },
      { long: "format", value: true },
    ],
    (args) => {
      const missing = requireArgs("history", args, 1, "history [OPTIONS] IMAGE");
      if (missing) return missing;
      const reference = args.positionals[0] as string;
      const image = findImageOrFail(daemon, reference);
      if (isResult(image)) return image;
      const profile = profileOf(env);
      const options: HistoryOptions = {
        trunc: !hasFlag(args, "no-trunc"),
        human: flagValue(args, "human") !== "false",
        nowMs: env.nowMs,
      };
      const source = flagValue(args, "format") || "table";
      // -q and -H=false choose the table only when no template is given (NewHistoryFormat)
      const format =
        source === "table"
          ? hasFlag(args, "quiet")
            ? "{{.ID}}"
            : options.human
              ? DEFAULT_TABLE
              : NON_HUMAN_TABLE
          : source;
      const { template, table } = finalFormat(format, profile.engine !== "20.10");
      const rows = imageHistory(daemon.store, image, historyLayerSize(profile));
      let body = "";
      try {
        for (const row of rows) {
          const context = historyContext(row, options);
          const document = { ...context, [MARSHAL_JSON]: () => goJsonMarshal(context) };
          body += `${executeTypedTemplate(template, document, HISTORY_CONTEXT, HISTORY_CONTEXT_TYPE)}\n`;
        }
        if (!table) return ok(body);
        const header = executeTypedTemplate(template, HEADERS, HISTORY_CONTEXT, HISTORY_CONTEXT_TYPE);
        return ok(renderTabwriter(`${header}\n${body}`));
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
    },
  );
}
