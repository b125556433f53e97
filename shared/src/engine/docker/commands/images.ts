/**
 * `docker images` / `docker image ls`.
 */

import { shortId } from "../../../core/hash.ts";
import type { Image } from "../../image/types.ts";
import { listingSize } from "../../units/human-size.ts";
import { hasFlag } from "../args.ts";
import { type CommandEnv, type CommandResult, ok, profileOf, withFlags } from "../command.ts";
import { listImageRows, type SimDaemon } from "../daemon.ts";
import { ago, renderTable } from "../format.ts";

export function images(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "images",
    argv,
    [{ long: "all", short: "a" }, { long: "quiet", short: "q" }, { long: "no-trunc" }],
    (args) => {
      const noTrunc = hasFlag(args, "no-trunc");
      let rows = listImageRows(daemon, hasFlag(args, "all"), profileOf(env));
      const filter = args.positionals[0];
      if (filter !== undefined) {
        rows = rows.filter((row) => row.repository === filter || `${row.repository}:${row.tag}` === filter);
      }
      const id = (image: Image) => (noTrunc ? image.id : shortId(image.id));
      if (hasFlag(args, "quiet")) {
        const ids = [...new Set(rows.map((row) => id(row.image)))];
        return ok(ids.length === 0 ? "" : `${ids.join("\n")}\n`);
      }
      return ok(
        renderTable(
          ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"],
          rows.map((row) => [
            row.repository,
            row.tag,
            id(row.image),
            ago(row.createdMs, env.nowMs),
            listingSize(row.size),
          ]),
        ),
      );
    },
  );
}
