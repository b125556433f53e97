/**
 * `docker history` / `docker image history`.
 */

import { shortId } from "../../../core/hash.ts";
import { imageHistory } from "../../daemon/history.ts";
import { listingSize } from "../../units/human-size.ts";
import { flagValue, hasFlag } from "../args.ts";
import {
  type CommandEnv,
  type CommandResult,
  findImageOrFail,
  isResult,
  ok,
  profileOf,
  requireArgs,
  withFlags,
} from "../command.ts";
import { historyLayerSize, type SimDaemon } from "../daemon.ts";
import { ago, ellipsis, renderTable } from "../format.ts";

export function history(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "history",
    argv,
    [{ long: "no-trunc" }, { long: "human", short: "H", value: false }, { long: "quiet", short: "q" }],
    (args) => {
      const missing = requireArgs("history", args, 1, "history [OPTIONS] IMAGE");
      if (missing) return missing;
      const reference = args.positionals[0] as string;
      const image = findImageOrFail(daemon, reference);
      if (isResult(image)) return image;
      const noTrunc = hasFlag(args, "no-trunc");
      const human = flagValue(args, "human") !== "false";
      const rows = imageHistory(daemon.store, image, historyLayerSize(profileOf(env)));
      if (hasFlag(args, "quiet")) {
        return ok(
          `${rows.map((row) => (noTrunc || row.image === "<missing>" ? row.image : shortId(row.image))).join("\n")}\n`,
        );
      }
      return ok(
        renderTable(
          ["IMAGE", human ? "CREATED" : "CREATED AT", "CREATED BY", "SIZE", "COMMENT"],
          rows.map((row) => {
            const createdBy = row.createdBy.replaceAll("\t", " ");
            return [
              row.image === "<missing>" || noTrunc ? row.image : shortId(row.image),
              human ? ago(Date.parse(row.created), env.nowMs) : row.created.replace(/\.\d+Z$/, "Z"),
              noTrunc ? createdBy : ellipsis(createdBy, 45),
              human ? listingSize(row.size) : String(row.size),
              row.comment,
            ];
          }),
        ),
      );
    },
  );
}
