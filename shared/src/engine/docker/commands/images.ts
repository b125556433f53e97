/**
 * `docker images` / `docker image ls`: the CLI's image formatter (docker/cli
 * cli/command/formatter/image.go) — the default table, `-q`, `--digests`, `--no-trunc`, and
 * `--format` Go templates over `.ID .Repository .Tag .Digest .CreatedSince .CreatedAt .Size
 * .SharedSize .UniqueSize .VirtualSize .Containers` with the `table` prefix and `json` (from Docker
 * 23; 20.10 prints the word as a template); `--filter dangling=… / reference=…`.
 */

import { shortId } from "../../../core/hash.ts";
import { humanSize, listingSize } from "../../units/human-size.ts";
import { flagValue, hasFlag } from "../args.ts";
import { type CommandEnv, type CommandResult, fail, ok, profileOf, withFlags } from "../command.ts";
import { type ImageRow, listImageRows, type SimDaemon } from "../daemon.ts";
import { ago } from "../format.ts";
import type { Schema } from "../go-template/types.ts";
import { type ContextRow, type FormatterContext, writeColumns, writeFormatted } from "./formatter.ts";
import {
  goUnixTimeString,
  invalidFilter,
  isFilterError,
  parseListFilters,
  pathMatch,
} from "./list-filters.ts";

/** The default tables' columns (`table {{.Repository}}\t{{.Tag}}\t…`), and with --digests. */
const DEFAULT_COLUMNS = ["Repository", "Tag", "ID", "CreatedSince", "Size"];
const DIGEST_COLUMNS = ["Repository", "Tag", "Digest", "ID", "CreatedSince", "Size"];

const IMAGE_FIELDS = [
  "ID",
  "Repository",
  "Tag",
  "Digest",
  "CreatedSince",
  "CreatedAt",
  "Size",
  "SharedSize",
  "UniqueSize",
  "VirtualSize",
  "Containers",
] as const;

const IMAGE_CONTEXT: FormatterContext = {
  schema: IMAGE_FIELDS.map((name) => [name, "string"]) as Schema,
  goType: "*formatter.imageContext",
  headers: {
    ID: "IMAGE ID",
    Repository: "REPOSITORY",
    Tag: "TAG",
    Digest: "DIGEST",
    CreatedSince: "CREATED",
    CreatedAt: "CREATED AT",
    Size: "SIZE",
    SharedSize: "SHARED SIZE",
    UniqueSize: "UNIQUE SIZE",
    VirtualSize: "VIRTUAL SIZE",
    Containers: "CONTAINERS",
  },
};

/**
 * One row as imageContext presents it. The image list API leaves SharedSize and Containers at -1
 * (only `system df` computes them), so those and UniqueSize read `N/A`; VirtualSize is the Size in
 * go-units' four digits (HumanSize), Size in three; the simulated images carry no repo digests.
 */
function imageContext(row: ImageRow, trunc: boolean, nowMs: number): ContextRow {
  return {
    ID: trunc ? shortId(row.image.id) : row.image.id,
    Repository: row.repository,
    Tag: row.tag,
    Digest: "<none>",
    CreatedSince: ago(row.createdMs, nowMs),
    CreatedAt: goUnixTimeString(row.createdMs),
    Size: listingSize(row.size),
    SharedSize: "N/A",
    UniqueSize: "N/A",
    VirtualSize: humanSize(row.size),
    Containers: "N/A",
  };
}

export function images(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "images",
    argv,
    [
      { long: "all", short: "a" },
      { long: "quiet", short: "q" },
      { long: "no-trunc" },
      { long: "digests" },
      { long: "filter", short: "f", value: true },
      { long: "format", value: true },
    ],
    (args) => {
      const profile = profileOf(env);
      if (args.positionals.length > 1) {
        return fail(
          `"docker images" requires at most 1 argument.\nSee 'docker images --help'.\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nList images`,
          1,
        );
      }
      const filters = parseListFilters(
        "images",
        args,
        ["dangling", "reference", "label", "before", "since"],
        profile,
      );
      if (isFilterError(filters)) return filters;
      let rows = listImageRows(daemon, hasFlag(args, "all"), profile);
      const references = [...(filters.get("reference") ?? []), ...args.positionals];
      if (references.length > 0) {
        // a reference keeps the rows whose name or name:tag matches one of the patterns
        rows = rows.filter((row) =>
          references.some(
            (pattern) =>
              row.repository !== "<none>" &&
              (pathMatch(pattern, row.repository) || pathMatch(pattern, `${row.repository}:${row.tag}`)),
          ),
        );
      }
      for (const value of filters.get("dangling") ?? []) {
        if (value !== "true" && value !== "false") {
          return invalidFilter(profile, `dangling=${value}`);
        }
        const dangling = value === "true";
        rows = rows.filter((row) => (row.repository === "<none>") === dangling);
      }
      const trunc = !hasFlag(args, "no-trunc");
      const source = flagValue(args, "format") || "table";
      if (source === "table" && hasFlag(args, "quiet")) {
        // the quiet format prints an image once however many names it has
        const ids = [...new Set(rows.map((row) => (trunc ? shortId(row.image.id) : row.image.id)))];
        return ok(ids.length === 0 ? "" : `${ids.join("\n")}\n`);
      }
      const contexts = rows.map((row) => imageContext(row, trunc, env.nowMs));
      if (source === "table") {
        return writeColumns(
          hasFlag(args, "digests") ? DIGEST_COLUMNS : DEFAULT_COLUMNS,
          contexts,
          IMAGE_CONTEXT,
        );
      }
      return writeFormatted(source, profile.engine !== "20.10", contexts, IMAGE_CONTEXT);
    },
  );
}
