/**
 * COPY and ADD under both builders. The legacy key is `parent + "COPY [--chown=…]<file:|dir:|multi:hash>
 * in <dest> "` (R12); BuildKit's is the copy op plus the *content* of the selected files, so it hits
 * whenever the files are the same even if where they came from was rebuilt (C3), and with `--link`
 * it does not depend on the previous steps either (C5). Either way the step is always a layer (L6).
 */
import { sha256Digest } from "../../core/hash.ts";
import { type Reason, reason } from "../../core/reasons.ts";
import { createDir, createFile } from "../fs/tree.ts";
import type { DirNode, FsNode } from "../fs/types.ts";
import type { Image } from "../image/types.ts";
import { failBuildKitVertex, runBuildKitVertex, slotOf } from "./buildkit-vertex.ts";
import { runClassicStep, seconds } from "./classic-commit.ts";
import {
  buildkitContentKey,
  buildkitSourceDigests,
  type CopySourceRoot,
  copyChangeset,
  legacySourceHash,
  normalizeDest,
  once,
  type ResolvedSource,
  renumber,
  resolveSources,
} from "./copy-files.ts";
import { buildkitCopyMessage, classicCopyComment, classicNopCmdString, shellOf } from "./created-by.ts";
import { isHeredocWord } from "./heredoc.ts";
import type { InstructionOf } from "./instructions.ts";
import {
  copyConfig,
  currentRootfs,
  expandAll,
  expandInStep,
  failStep,
  nowMs,
  type StageState,
  type StepContext,
  type StepOutcome,
  unionOfImage,
} from "./runtime.ts";
import { graftInto, newDirMeta, resolvePath } from "./tree-ops.ts";
import { resolveChown } from "./user.ts";

type CopyInstruction = InstructionOf<"COPY"> | InstructionOf<"ADD">;

const BUILDKIT_ONLY =
  "option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled";

interface SourceChoice {
  readonly root: CopySourceRoot;
  readonly fromStage: boolean;
  readonly description: string;
}

/** Runs a COPY or ADD instruction. */
export function runCopyInstruction(context: StepContext<CopyInstruction>): StepOutcome {
  const { instruction, build, stage } = context;
  const cmdName = instruction.keyword;
  const classic = build.builder === "classic";
  const allowed = new Set(["chown", "chmod", ...(cmdName === "COPY" ? ["from"] : []), "link"]);
  for (const flag of Object.keys(instruction.flags)) {
    if (!allowed.has(flag)) return failStep(`Unknown flag: ${flag}`, "InvalidFlag");
  }
  if (
    instruction.flags.link !== undefined &&
    (build.flavour === "engine-20.10" || (classic && build.flavour !== "engine-26.1"))
  ) {
    return failStep("Unknown flag: link", "InvalidFlag");
  }
  if (classic && instruction.flags.chmod !== undefined)
    return failStep(`the --chmod ${BUILDKIT_ONLY}`, "BuildKitOnlyFeature");
  const documents = classic || build.flavour === "engine-20.10" ? undefined : inlineDocuments(context);
  if (documents !== undefined && !documents.ok) return failStep(documents.message);
  // Docker 26.1's legacy builder parses here-documents too, and drops them from the sources.
  const dropsDocuments = documents !== undefined || (classic && build.flavour === "engine-26.1");
  const pathWords =
    dropsDocuments && (instruction.heredocs?.length ?? 0) > 0
      ? instruction.sources.filter((word) => !isHeredocWord(word))
      : instruction.sources;
  const words = expandAll(context, [...pathWords, instruction.dest]);
  if (!words.ok) return failStep(words.message);
  const sources = words.value.slice(0, -1);
  const dest = words.value.at(-1) ?? "";
  const url = sources.find((source) => /^https?:\/\//.test(source));
  if (url !== undefined) {
    return cmdName === "COPY"
      ? failStep(`${classic ? "COPY failed: " : ""}source can't be a URL for COPY`)
      : failStep(
          `ADD ${url}: downloading from a URL is not available offline — the simulator has no network. Put the file in the build context and ADD or COPY it from there.`,
          "InvalidInstructionArguments",
        );
  }
  const chownFlag = optionalExpanded(context, instruction.flags.chown);
  const fromFlag = cmdName === "COPY" ? optionalExpanded(context, instruction.flags.from) : undefined;
  if (chownFlag !== undefined && !chownFlag.ok) return failStep(chownFlag.message);
  if (fromFlag !== undefined && !fromFlag.ok) return failStep(fromFlag.message);
  const chown = chownFlag?.value ?? "";
  const from = fromFlag?.value;
  const choice = chooseSource(context, from);
  if ("ok" in choice) return choice;
  const fromPaths = resolveSources(choice.root, sources, classic);
  // dispatchCopy: the paths first, then each here-document as a file named after its delimiter.
  const fromDocuments =
    documents === undefined ? undefined : resolveSources(documents.root, documents.names, false);
  const resolved =
    !fromPaths.ok || fromDocuments === undefined || !fromDocuments.ok
      ? fromPaths
      : { ok: true as const, value: [...fromPaths.value, ...fromDocuments.value] };
  if (!resolved.ok) {
    const failed = sourceError(context, resolved.missing, resolved.message, from !== undefined);
    // Under BuildKit the copy is a vertex that fails while computing its cache key.
    return classic ? failed : failBuildKitVertex(context, failed);
  }
  if (!classic && choice.root.flavour === "context" && fromPaths.ok) {
    for (const item of fromPaths.value) context.build.contextPaths.add(item.relPath);
  }
  if (resolved.value.length === 0 && classic)
    return failStep(`${cmdName} failed: no source files were specified`, "CopySourceNotFound");
  if (classic && resolved.value.length > 1 && !dest.endsWith("/")) {
    return failStep(
      `When using ${cmdName} with more than one source file, the destination must be a directory and end with a /`,
    );
  }
  const destPath = normalizeDest(stage.config.WorkingDir, dest);
  let mode: number | undefined;
  if (instruction.flags.chmod !== undefined) {
    const chmod = instruction.flags.chmod;
    const parsed = /^[0-7]{1,4}$/.test(chmod) ? Number.parseInt(chmod, 8) : Number.NaN;
    if (Number.isNaN(parsed)) {
      return failStep(
        `invalid chmod parameter: '${chmod}'. it should be octal string and between 0 and 07777`,
      );
    }
    mode = parsed;
  }
  const isContext = choice.root.flavour === "context";
  const produceChanges = (lower: DirNode): { changes: DirNode; layerReasons: Reason[] } | StepOutcome => {
    let owner: { uid: number; gid: number } | undefined = isContext ? { uid: 0, gid: 0 } : undefined;
    if (chown !== "") {
      const identity = resolveChown(currentRootfs(build, stage), chown, classic ? "classic" : "buildkit");
      if (!identity.ok) return failStep(identity.message);
      owner = identity.identity;
    }
    const mtime = seconds(nowMs(build));
    const parentOwner = owner ?? { uid: 0, gid: 0 };
    const archives =
      cmdName === "ADD" ? extractArchives(context, resolved.value) : new Map<ResolvedSource, DirNode>();
    const plain = resolved.value.filter((source) => !archives.has(source));
    let changes = copyChangeset(lower, plain, destPath, {
      owner,
      parentOwner,
      ...(mode === undefined ? {} : { mode }),
      mtime,
      newInode: () => build.store.nextInode(),
      destIsDirectory: !classic && resolved.value.length > 1,
    });
    const layerReasons: Reason[] = [
      reason(
        "copy-always-layer",
        `${cmdName} always adds a layer, even for content identical to what is already there (L6, R7)`,
        "L6",
      ),
    ];
    for (const [source, tree] of archives) {
      const target = resolvePath(lower, destPath).components;
      const renumbered = renumber(tree, () => build.store.nextInode(), new Map()) as DirNode;
      changes = graftInto(changes, lower, target, renumbered, newDirMeta(0, 0, mtime));
      layerReasons.push(
        reason("add-extracted", `ADD extracted the local archive ${source.written} into ${destPath}`, "1.1"),
      );
    }
    return { changes, layerReasons };
  };
  if (classic) {
    const { hash, digests } = legacySourceHash(choice.root, resolved.value);
    const comment = classicCopyComment(cmdName, chown, hash, dest, build.flavour === "engine-26.1");
    const probe = {
      ...copyConfig(stage.config),
      Cmd: classicNopCmdString(shellOf(stage.config.Shell), comment),
    };
    return runClassicStep(context, {
      probe,
      describeKey: "source hash and destination",
      withContainer: false,
      produce: produceChanges,
      explainLayer: () => [],
      sourceDigests: digests,
    });
  }
  const linked = instruction.flags.link !== undefined && instruction.flags.link !== "false";
  const contentKey = buildkitContentKey(choice.root, resolved.value);
  const contentEntries = once(() => buildkitSourceDigests(choice.root, resolved.value));
  const documentNames = documents === undefined ? [] : documents.names.map((name) => `<<${name}`);
  return runBuildKitVertex(context, {
    kind: "copy",
    op: {
      cmd: cmdName,
      sources: JSON.stringify([...sources, ...documentNames]),
      dest: destPath,
      chown,
      chmod: instruction.flags.chmod ?? "",
      from: choice.description,
    },
    contentKey,
    contentEntries,
    linked,
    fromStage: choice.fromStage,
    // BuildKit 20.10 (frontend v0.8) wrote no flags into the history; current BuildKit does.
    message: buildkitCopyMessage(
      cmdName,
      build.flavour === "engine-20.10"
        ? {}
        : {
            ...(chown === "" ? {} : { chown }),
            ...(instruction.flags.chmod === undefined ? {} : { chmod: instruction.flags.chmod }),
          },
      [...sources, ...documentNames],
      dest,
    ),
    withState: true,
    slot: slotOf(context),
    produce: produceChanges,
  });
}

/**
 * The here-documents a BuildKit COPY/ADD names among its sources (`COPY <<EOT /x`), as files of
 * their own root: each named after its delimiter, mode 0644, expanded with the stage's variables
 * unless the delimiter was quoted (instructions.SourcesAndDest.Expand). Undefined when none.
 */
function inlineDocuments(
  context: StepContext<CopyInstruction>,
): { ok: true; root: CopySourceRoot; names: string[] } | { ok: false; message: string } | undefined {
  const documents = context.instruction.heredocs ?? [];
  if (documents.length === 0 || !context.instruction.sources.some(isHeredocWord)) return undefined;
  const files = new Map<string, FsNode>();
  const mtime = seconds(nowMs(context.build));
  for (const document of documents) {
    const content = document.expand
      ? expandInStep(context, quotesAsText(document.content, context.build.plan.escapeToken))
      : { ok: true as const, value: document.content };
    if (!content.ok) return content;
    files.set(document.name, createFile(content.value, { mode: 0o644, uid: 0, gid: 0, mtime }));
  }
  return {
    ok: true,
    root: { root: createDir({ uid: 0, gid: 0, mtime }, files), flavour: "image" },
    names: documents.map((document) => document.name),
  };
}

/**
 * A here-document is expanded with its quotes as plain text (`'$A'` expands; recorded on Docker
 * 26.1): escapes still apply (`\$A` stays `$A`, `\n` becomes `n`), so every quote not already escaped
 * is escaped before the word lexer sees it.
 */
function quotesAsText(content: string, escapeToken: string): string {
  let out = "";
  for (let index = 0; index < content.length; index += 1) {
    const char = content[index] as string;
    if (char === escapeToken && index + 1 < content.length) {
      out += char + (content[index + 1] as string);
      index += 1;
    } else out += char === '"' || char === "'" ? `${escapeToken}${char}` : char;
  }
  return out;
}

function optionalExpanded(context: StepContext, value: string | undefined) {
  return value === undefined ? undefined : expandInStep(context, value);
}

/** Where the files come from: the context, a stage (by name or index), or an image. */
function chooseSource(
  context: StepContext<CopyInstruction>,
  from: string | undefined,
): SourceChoice | StepOutcome {
  const { build, stage } = context;
  if (from === undefined)
    return { root: { root: build.context, flavour: "context" }, fromStage: false, description: "context" };
  const byName = [...build.stageResults.values()].find(
    (result) => result.stage.from.name === from.toLowerCase(),
  );
  let target: StageState | undefined = byName;
  if (target === undefined && /^\d+$/.test(from)) {
    const index = Number(from);
    if (index === stage.stage.index)
      return failStep(`invalid from flag value ${from}: refers to current build stage`);
    target = build.stageResults.get(index);
    if (target === undefined) return failStep(`invalid from flag value ${from}: index out of bounds`);
  }
  if (target !== undefined) {
    return {
      root: { root: currentRootfs(build, target), flavour: "image" },
      fromStage: true,
      description: `stage:${target.label}`,
    };
  }
  const image: Image | undefined = build.store.resolveBaseImage(from);
  if (image !== undefined && build.builder === "buildkit") build.baseImages.add(image);
  if (image === undefined) {
    return failStep(
      `invalid from flag value ${from}: pull access denied for ${from}, repository does not exist or may require 'docker login'`,
      "BaseImageNotFound",
    );
  }
  return {
    root: { root: unionOfImage(build.ports, image), flavour: "image" },
    fromStage: false,
    description: `image:${from}`,
  };
}

function sourceError(
  context: StepContext<CopyInstruction>,
  missing: string | undefined,
  message: string,
  fromOther: boolean,
): StepOutcome {
  const { build, instruction } = context;
  if (missing === undefined)
    return failStep(`${instruction.keyword} failed: ${message}`, "CopySourceOutsideContext");
  if (build.builder === "buildkit" && build.flavour === "engine-26.1") {
    // BuildKit v0.13 names the local source by its session and shared-key IDs (random on a daemon).
    return failStep(
      `failed to compute cache key: failed to calculate checksum of ref ${localSourceRef(build.request.session ?? "")}: "/${missing}": not found`,
      "CopySourceNotFound",
    );
  }
  if (build.builder === "buildkit") {
    return failStep(`failed to compute cache key: "/${missing}" not found: not found`, "CopySourceNotFound");
  }
  return failStep(
    fromOther
      ? `${instruction.keyword} failed: stat ${missing}: file does not exist`
      : `${instruction.keyword} failed: file not found in build context or excluded by .dockerignore: stat ${missing}: file does not exist`,
    "CopySourceNotFound",
  );
}

/** ADD: local tar archives (plain or gzip) among the sources, as trees to extract. */
function extractArchives(
  context: StepContext<CopyInstruction>,
  sources: readonly ResolvedSource[],
): Map<ResolvedSource, DirNode> {
  const out = new Map<ResolvedSource, DirNode>();
  for (const source of sources) {
    if (source.node.kind !== "file" || source.node.content.size === 0) continue;
    const tree = context.build.ports.readArchive(source.node.content.bytes());
    if (tree !== undefined) out.set(source, tree);
  }
  return out;
}

/** A ref in BuildKit's shape (`<uuid>::<25 base-36 characters>`), stable for a session. */
function localSourceRef(session: string): string {
  const hex = sha256Digest(`layercake-session:${session}`).slice(7);
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  const key = [...hex.slice(32, 57)].map((digit) => (Number.parseInt(digit, 16) * 2).toString(36)).join("");
  return `${uuid}::${key}`;
}
