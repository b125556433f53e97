/**
 * `docker container prune`, `image prune`, `builder prune` and `system prune` as the 20.10 daemon
 * runs them.
 */

import { chainIds } from "../../image/layer.ts";
import type { Image } from "../../image/types.ts";
import { humanSize } from "../../units/human-size.ts";
import { type FlagSpec, hasFlag } from "../args.ts";
import { type CommandEnv, type CommandResult, ok, profileOf, removeRecord, withFlags } from "../command.ts";
import {
  type BuildCacheRow,
  buildCacheRows,
  containerSizeOf,
  containersUsing,
  type SimDaemon,
} from "../daemon.ts";
import { type DaemonProfile, DOCKER_20_10 } from "../profile.ts";

const PRUNE_WARNINGS = {
  containers: "WARNING! This will remove all stopped containers.",
  dangling: "WARNING! This will remove all dangling images.",
  all: "WARNING! This will remove all images without at least one container associated to them.",
};

/**
 * Without --force the CLI asks and reads the answer from standard input; the simulator has none
 * to give, so the answer is "no", as with `docker … prune < /dev/null`: nothing is removed, and the
 * CLI still reports what it reclaimed.
 */
function declinedPrune(warning: string): CommandResult {
  return ok(`${warning}\nAre you sure you want to continue? [y/N] Total reclaimed space: 0B\n`);
}

/** What one part of a prune deleted: its output section (empty when nothing) and the bytes freed. */
interface PruneOutcome {
  readonly section: string;
  readonly reclaimed: number;
}

function pruneResult(...outcomes: PruneOutcome[]): CommandResult {
  const reclaimed = outcomes.reduce((sum, outcome) => sum + outcome.reclaimed, 0);
  return ok(
    `${outcomes.map((outcome) => outcome.section).join("")}Total reclaimed space: ${humanSize(reclaimed)}\n`,
  );
}

function section(title: string, lines: readonly string[]): string {
  return lines.length === 0 ? "" : `${title}\n${lines.join("\n")}\n\n`;
}

/** Every container that is not running, newest first; their SizeRw. */
function pruneContainers(daemon: SimDaemon, profile: DaemonProfile = DOCKER_20_10): PruneOutcome {
  const stopped = [...daemon.containers].reverse().filter((record) => record.container.status !== "running");
  let reclaimed = 0;
  for (const record of stopped) {
    reclaimed += containerSizeOf(profile, record.container).sizeRw;
    removeRecord(daemon, record);
  }
  return {
    section: section(
      "Deleted Containers:",
      stopped.map((record) => record.container.id),
    ),
    reclaimed,
  };
}

/**
 * Images as the 20.10 daemon prunes them (daemon/images/image_prune.go): the candidates are images
 * without children (dangling only) or all images, leaving out untagged images that have children
 * (the classic builder's intermediates); dangling mode deletes only the untagged ones, `all`
 * deletes tagged ones through each tag. Every deletion prunes untagged parents, and one that
 * conflicts (a container uses the image) is skipped. The space reclaimed is the size of every layer
 * deleted with them — none that the build cache still holds.
 */
function pruneImages(daemon: SimDaemon, all: boolean): PruneOutcome {
  const { store } = daemon;
  const layerSizes = new Map<string, number>();
  for (const image of store.listImages()) {
    const chains = chainIds(image.layers.map((layer) => layer.diffId));
    for (const [index, layer] of image.layers.entries()) layerSizes.set(chains[index] as string, layer.size);
  }
  const candidates = store
    .listImages()
    .filter((image) => all || store.childrenOf(image).length === 0)
    .filter((image) => store.tagsOf(image).length > 0 || store.childrenOf(image).length === 0);
  const options = { prune: true, containersUsing: (image: Image) => containersUsing(daemon, image) };
  const records: string[] = [];
  let reclaimed = 0;
  const remove = (reference: string) => {
    const result = store.removeImage(reference, options);
    // The daemon drops the records of a deletion that failed.
    if (!result.ok) return;
    for (const record of result.records) {
      if ("untagged" in record) records.push(`untagged: ${record.untagged}`);
      else {
        records.push(`deleted: ${record.deleted}`);
        reclaimed += layerSizes.get(record.deleted) ?? 0;
      }
    }
  };
  for (const image of candidates) {
    if (!store.hasImage(image)) continue;
    const tags = store.tagsOf(image);
    if (tags.length === 0) remove(image.id.replace(/^sha256:/, ""));
    else if (all) for (const tag of tags) remove(tag);
  }
  return { section: section("Deleted Images:", records), reclaimed };
}

/**
 * BuildKit's build cache: with `all` every record, otherwise the dangling ones — those no image
 * shares a layer with (the local sources, results of steps whose image is gone). The reclaimed
 * size counts every deleted record's size, shared or not, as BuildKit reports it.
 */
/** Removes the build cache records a prune deletes (with `all`, shared ones too); returns them. */
function pruneBuildCacheRows(daemon: SimDaemon, all: boolean): BuildCacheRow[] {
  const rows = buildCacheRows(daemon).filter((row) => all || !row.shared);
  const cache = daemon.store.buildkitCache;
  cache.remove(rows.flatMap((row) => (row.step === undefined ? [] : [row.step])));
  cache.removeOtherRecords(rows.flatMap((row) => (row.other === undefined ? [] : [row.other])));
  return rows;
}

function pruneBuildCache(daemon: SimDaemon, all: boolean): PruneOutcome {
  const rows = pruneBuildCacheRows(daemon, all);
  return {
    section: section(
      "Deleted build cache objects:",
      rows.map((row) => row.id),
    ),
    reclaimed: rows.reduce((sum, row) => sum + row.size, 0),
  };
}

const FORCE: FlagSpec = { long: "force", short: "f" };

const ALL: FlagSpec = { long: "all", short: "a" };

export function containerPrune(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("container prune", argv, [FORCE], (args) =>
    hasFlag(args, "force")
      ? pruneResult(pruneContainers(daemon, profileOf(env)))
      : declinedPrune(PRUNE_WARNINGS.containers),
  );
}

export function imagePrune(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags("image prune", argv, [ALL, FORCE], (args) => {
    const all = hasFlag(args, "all");
    if (!hasFlag(args, "force")) return declinedPrune(all ? PRUNE_WARNINGS.all : PRUNE_WARNINGS.dangling);
    return pruneResult(pruneImages(daemon, all));
  });
}

export function builderPrune(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("builder prune", argv, [ALL, FORCE], (args) => {
    const all = hasFlag(args, "all");
    if (!hasFlag(args, "force")) {
      // The builder's warning and question share one line.
      const warning = `WARNING! This will remove all ${all ? "" : "dangling "}build cache.`;
      return ok(`${warning} Are you sure you want to continue? [y/N] Total reclaimed space: 0B\n`);
    }
    if (profileOf(env).engine === "26.1") return ok(builderPruneTable(pruneBuildCacheRows(daemon, all)));
    return pruneResult(pruneBuildCache(daemon, all));
  });
}

/**
 * Docker 26.1's `builder prune` (buildx) lists what it deleted as a table: ID (`*` marks a mutable
 * record, BuildKit's local sources), RECLAIMABLE, SIZE and LAST ACCESSED, then the total.
 */
function builderPruneTable(rows: readonly BuildCacheRow[]): string {
  const lines = ["ID\t\t\t\t\t\tRECLAIMABLE\tSIZE\t\tLAST ACCESSED"];
  for (const row of rows) {
    const id = `${row.id}${row.type === "source.local" ? "*" : ""}`.padEnd(40);
    lines.push(`${id}\ttrue \t${humanSize(row.size).padEnd(10)}\tLess than a second ago`);
  }
  const total = rows.reduce((sum, row) => sum + row.size, 0);
  return `${lines.join("\n")}\nTotal:\t${humanSize(total)}\n`;
}

/**
 * `docker system prune -f [-a]`: stopped containers, (unused networks: none here), dangling or all
 * unused images, then the dangling or all build cache, in that order. Declined, it prints no total.
 */
export function systemPrune(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("system prune", argv, [ALL, FORCE], (args) => {
    const all = hasFlag(args, "all");
    if (!hasFlag(args, "force")) {
      return ok(
        `WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n  - ${all ? "all images without at least one container associated to them" : "all dangling images"}\n  - all ${all ? "" : "dangling "}build cache\n\nAre you sure you want to continue? [y/N] `,
      );
    }
    return pruneResult(
      pruneContainers(daemon, profileOf(env)),
      pruneImages(daemon, all),
      pruneBuildCache(daemon, all),
    );
  });
}
