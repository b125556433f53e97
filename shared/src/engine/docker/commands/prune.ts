/**
 * `docker container prune`, `image prune`, `builder prune` and `system prune` as the 20.10 daemon
 * runs them.
 */

import { sha256Digest } from "../../../core/hash.ts";
import { normalizeImageTag } from "../../daemon/reference.ts";
import { serializeImageConfig } from "../../image/config-json.ts";
import { readImageFormat, readImageIndexNonce } from "../../image/image.ts";
import { chainIds } from "../../image/layer.ts";
import type { Image } from "../../image/types.ts";
import { humanSize } from "../../units/human-size.ts";
import { type FlagSpec, hasFlag } from "../args.ts";
import { type CommandEnv, type CommandResult, ok, profileOf, removeRecord, withFlags } from "../command.ts";
import { containerdAttestationContent, containerdImageContent } from "../containerd-sizes.ts";
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
 * Images as Docker 26.1 prunes them on the containerd image store (moby daemon/containerd/
 * image_prune.go `pruneUnused`, measured on the daemon): every name is a candidate — a tag, or an
 * untagged image's dangling name, the classic builder's intermediates included — dangling names
 * only without `-a`; a container keeps the name it was created from and its image's dangling name.
 * A name whose image a container still uses by ID leaves the image dangling. Each pruned name prints
 * `untagged: <name>` (a dangling image's is its ID), then every content blob of the image no
 * remaining image holds (`deleted:`): its manifest (the image ID; BuildKit's image is an index over
 * a manifest and a provenance attestation manifest with its statement), its config and its layer
 * blobs. The space reclaimed is those blobs' sizes.
 */
function pruneImagesOnContainerd(daemon: SimDaemon, all: boolean): PruneOutcome {
  const { store } = daemon;
  const names: { readonly name: string; readonly image: Image; readonly dangling: boolean }[] = [];
  for (const image of store.listImages()) {
    const tags = store.tagsOf(image);
    if (tags.length === 0) names.push({ name: image.id, image, dangling: true });
    for (const tag of tags) names.push({ name: tag, image, dangling: false });
  }
  const nameCount = new Map<Image, number>();
  for (const { image } of names) nameCount.set(image, (nameCount.get(image) ?? 0) + 1);
  let candidates = names.filter((name) => all || name.dangling);
  const usedById = new Set<Image>();
  for (const record of daemon.containers) {
    const image = record.container.image;
    candidates = candidates.filter((name) => !(name.dangling && name.image === image));
    if (isIdReference(image.id, record.imageName)) usedById.add(image);
    else {
      const tag = normalizeImageTag(record.imageName);
      candidates = candidates.filter((name) => name.name !== tag);
    }
  }
  const lines: string[] = [];
  let reclaimed = 0;
  for (const candidate of candidates) {
    const left = (nameCount.get(candidate.image) ?? 1) - 1;
    nameCount.set(candidate.image, left);
    lines.push(`untagged: ${candidate.name}`);
    if (!candidate.dangling) store.untag(candidate.name);
    // The name goes; the image (and its blobs) only with its last name, unless a container uses it.
    if (left > 0 || usedById.has(candidate.image)) continue;
    const blobs = contentBlobs(candidate.image);
    store.dropImage(candidate.image);
    const held = new Set(
      store.listImages().flatMap((image) => contentBlobs(image).map((blob) => blob.digest)),
    );
    for (const blob of blobs) {
      if (held.has(blob.digest)) continue;
      lines.push(`deleted: ${blob.digest}`);
      reclaimed += blob.size;
    }
  }
  return { section: section("Deleted Images:", lines), reclaimed };
}

/** Whether a container's image reference is (a prefix of) the image ID rather than a name. */
function isIdReference(id: string, reference: string): boolean {
  const hex = reference.replace(/^sha256:/, "");
  return /^[0-9a-f]+$/.test(hex) && id.slice("sha256:".length).startsWith(hex);
}

/**
 * The content blobs of an image on the containerd store, walked from its target: the manifest (or
 * BuildKit's index, its manifest, attestation manifest and provenance statement), the config, the
 * layers, each with the size the content store gives it (containerd-sizes.ts: gzip layer blobs,
 * the manifests and config as the daemon writes them). Layer blobs are named by their DiffIDs,
 * one to one with the compressed digests.
 */
function contentBlobs(image: Image): { readonly digest: string; readonly size: number }[] {
  const content = containerdImageContent(image);
  const attestation = containerdAttestationContent(image);
  const blobs: { digest: string; size: number }[] = [];
  if (readImageIndexNonce(image) !== undefined && attestation !== undefined) {
    blobs.push({ digest: image.id, size: content.index });
    blobs.push({ digest: sha256Digest(`layercake-manifest\n${image.id}`), size: content.manifest });
    blobs.push({
      digest: sha256Digest(`layercake-attestation-manifest\n${image.id}`),
      size: attestation.manifest,
    });
    blobs.push({ digest: sha256Digest(`layercake-attestation\n${image.id}`), size: attestation.provenance });
  } else {
    blobs.push({ digest: image.id, size: content.manifest });
  }
  // The store names an image by its manifest's digest; where the simulator still names it by its
  // config's (images the classic builder, commit or import made), the two blobs are told apart here.
  const configDigest = sha256Digest(serializeImageConfig(image.config, readImageFormat(image)));
  blobs.push({
    digest: configDigest === image.id ? sha256Digest(`layercake-config\n${configDigest}`) : configDigest,
    size: content.config,
  });
  image.layers.forEach((layer, index) => {
    blobs.push({ digest: layer.diffId, size: content.blobs[index] ?? 0 });
  });
  return blobs;
}

/**
 * BuildKit's build cache: with `all` every record, otherwise the dangling ones — those no image
 * shares a layer with (the local sources, results of steps whose image is gone). The reclaimed
 * size counts every deleted record's size, shared or not, as BuildKit reports it.
 */
/** Removes the build cache records a prune deletes (with `all`, shared ones too); returns them. */
function pruneBuildCacheRows(daemon: SimDaemon, all: boolean, profile: DaemonProfile): BuildCacheRow[] {
  const rows = buildCacheRows(daemon, profile).filter((row) => all || !row.shared);
  const cache = daemon.store.buildkitCache;
  cache.remove(rows.flatMap((row) => (row.step === undefined ? [] : [row.step])));
  cache.removeOtherRecords(rows.flatMap((row) => (row.other === undefined ? [] : [row.other])));
  if (profile.store === "containerd" && rows.length > 0) cache.forgetKeys();
  return rows;
}

function pruneBuildCache(daemon: SimDaemon, all: boolean, profile: DaemonProfile): PruneOutcome {
  const rows = pruneBuildCacheRows(daemon, all, profile);
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

export function imagePrune(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("image prune", argv, [ALL, FORCE], (args) => {
    const all = hasFlag(args, "all");
    if (!hasFlag(args, "force")) return declinedPrune(all ? PRUNE_WARNINGS.all : PRUNE_WARNINGS.dangling);
    return pruneResult(pruneImagesFor(daemon, all, profileOf(env)));
  });
}

function pruneImagesFor(daemon: SimDaemon, all: boolean, profile: DaemonProfile): PruneOutcome {
  return profile.store === "containerd" ? pruneImagesOnContainerd(daemon, all) : pruneImages(daemon, all);
}

export function builderPrune(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("builder prune", argv, [ALL, FORCE], (args) => {
    const all = hasFlag(args, "all");
    if (!hasFlag(args, "force")) {
      // The builder's warning and question share one line.
      const warning = `WARNING! This will remove all ${all ? "" : "dangling "}build cache.`;
      return ok(`${warning} Are you sure you want to continue? [y/N] Total reclaimed space: 0B\n`);
    }
    if (profileOf(env).engine === "26.1")
      return ok(builderPruneTable(pruneBuildCacheRows(daemon, all, profileOf(env))));
    return pruneResult(pruneBuildCache(daemon, all, profileOf(env)));
  });
}

/**
 * Docker 26.1's `builder prune` (buildx) lists what it deleted as a table: ID (`*` marks a mutable
 * record: BuildKit's local sources and uncommitted step results), RECLAIMABLE, SIZE and LAST
 * ACCESSED, then the total.
 */
function builderPruneTable(rows: readonly BuildCacheRow[]): string {
  const lines = ["ID\t\t\t\t\t\tRECLAIMABLE\tSIZE\t\tLAST ACCESSED"];
  for (const row of rows) {
    const id = `${row.id}${row.mutable ? "*" : ""}`.padEnd(40);
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
      pruneImagesFor(daemon, all, profileOf(env)),
      pruneBuildCache(daemon, all, profileOf(env)),
    );
  });
}
