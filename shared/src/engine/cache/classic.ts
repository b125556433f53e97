/**
 * The legacy builder's cache (reference §2.1): a step hits when the current parent image has a
 * child whose stored `ContainerConfig` compares equal to the step's probe config; the most recently
 * created match wins. After the first miss in a stage nothing is probed any more (`cacheBusted`,
 * C1) until the next FROM resets it (C2); `--no-cache` never probes (`nopProber`).
 */
import type { Reason } from "../../core/reasons.ts";
import { reason } from "../../core/reasons.ts";
import type { ContainerConfig, Image } from "../image/types.ts";

/**
 * `image/cache/compare.go compare`: Cmd, Env, Labels, ExposedPorts, Entrypoint, Volumes, User and
 * the attach/tty flags must be equal; WorkingDir, Healthcheck, StopSignal, Shell, OnBuild, Image and
 * Hostname are not compared (they reach the key through the parent image that set them).
 */
export function compareContainerConfigs(a: ContainerConfig, b: ContainerConfig): boolean {
  if (a.OpenStdin || b.OpenStdin) return false;
  if (
    (a.AttachStdout ?? false) !== (b.AttachStdout ?? false) ||
    (a.AttachStderr ?? false) !== (b.AttachStderr ?? false) ||
    (a.User ?? "") !== (b.User ?? "") ||
    (a.Tty ?? false) !== (b.Tty ?? false)
  ) {
    return false;
  }
  return (
    equalLists(a.Cmd, b.Cmd) &&
    equalLists(a.Env, b.Env) &&
    equalLabels(a.Labels, b.Labels) &&
    equalKeySets(a.ExposedPorts, b.ExposedPorts) &&
    equalLists(a.Entrypoint, b.Entrypoint) &&
    equalKeySets(a.Volumes, b.Volumes)
  );
}

function equalLists(
  a: readonly string[] | null | undefined,
  b: readonly string[] | null | undefined,
): boolean {
  const left = a ?? [];
  const right = b ?? [];
  return left.length === right.length && left.every((value, index) => value === right[index]);
}

function equalLabels(
  a: Readonly<Record<string, string>> | null | undefined,
  b: Readonly<Record<string, string>> | null | undefined,
): boolean {
  const left = Object.entries(a ?? {});
  const right = b ?? {};
  return left.length === Object.keys(right).length && left.every(([key, value]) => right[key] === value);
}

function equalKeySets(
  a: Readonly<Record<string, unknown>> | null | undefined,
  b: Readonly<Record<string, unknown>> | null | undefined,
): boolean {
  const left = Object.keys(a ?? {});
  const right = b ?? {};
  return left.length === Object.keys(right).length && left.every((key) => key in right);
}

/** A cached child image: what `getLocalCachedImage` needs to know about it. */
export interface ClassicCacheCandidate {
  readonly image: Image;
  readonly containerConfig: ContainerConfig;
  /** Creation time (ms) and store order, for "the most recently created match wins". */
  readonly createdMs: number;
  readonly sequence: number;
}

/**
 * `getLocalCachedImage`: the most recently created candidate whose container config matches.
 * Ties on the creation time (a frozen simulated clock) go to the one stored last.
 */
export function findCachedChild(
  candidates: readonly ClassicCacheCandidate[],
  probe: ContainerConfig,
): ClassicCacheCandidate | undefined {
  let match: ClassicCacheCandidate | undefined;
  for (const candidate of candidates) {
    if (!compareContainerConfigs(candidate.containerConfig, probe)) continue;
    if (
      match === undefined ||
      candidate.createdMs > match.createdMs ||
      (candidate.createdMs === match.createdMs && candidate.sequence > match.sequence)
    ) {
      match = candidate;
    }
  }
  return match;
}

/** The prober's state within one stage (`imageprobe.go`). */
export interface ClassicProber {
  /** True once a step of the current stage missed. */
  readonly busted: boolean;
  readonly noCache: boolean;
}

/** The outcome of probing one step. */
export interface ClassicProbeResult {
  readonly hit: ClassicCacheCandidate | undefined;
  readonly busted: boolean;
  readonly reasons: Reason[];
}

/**
 * Probes the cache for one step and explains the decision.
 * @param describeKey a short text of what the key contains ("the command", "the source hash …")
 */
export function probeClassicCache(
  prober: ClassicProber,
  candidates: readonly ClassicCacheCandidate[],
  probe: ContainerConfig,
  describeKey: string,
): ClassicProbeResult {
  if (prober.noCache) {
    return {
      hit: undefined,
      busted: true,
      reasons: [
        reason("no-cache", "--no-cache: the legacy builder never looks in the cache (nopProber)", "R19"),
      ],
    };
  }
  if (prober.busted) {
    return {
      hit: undefined,
      busted: true,
      reasons: [
        reason(
          "earlier-miss",
          "an earlier step in this stage missed, so the legacy builder does not look in the cache any more (C1)",
          "C1",
        ),
      ],
    };
  }
  const hit = findCachedChild(candidates, probe);
  if (hit !== undefined) {
    return {
      hit,
      busted: false,
      reasons: [
        reason(
          "cached-child",
          `the parent image has a child built with the same ${describeKey} (R11)`,
          "R11",
        ),
      ],
    };
  }
  const cmd = (probe.Cmd ?? []).join(" ");
  return {
    hit: undefined,
    busted: true,
    reasons: [
      reason(
        candidates.length === 0 ? "no-children" : "no-matching-child",
        candidates.length === 0
          ? "the parent image has no child images, so there is nothing to reuse (R11)"
          : `no child of the parent image was built with the same ${describeKey} (R11)`,
        "R11",
        { cmd },
      ),
    ],
  };
}

/** A legacy probe `Cmd` taken apart: a `#(nop)` comment or a RUN command with its `|n K=v` prefix. */
interface CmdShape {
  readonly kind: "nop" | "run";
  /** nop: the comment (`ENV E=1`, `COPY file:… in /a `); run: the command joined. */
  readonly text: string;
  /** nop: the instruction word; run: "RUN". */
  readonly word: string;
  /** run: the `K=v` build args of the prefix; undefined when there is no prefix. */
  readonly args?: readonly string[];
}

function shapeOf(cmd: readonly string[] | null | undefined): CmdShape {
  const list = cmd ?? [];
  const nopIndex = list.findIndex((part) => part.startsWith("#(nop)"));
  if (nopIndex !== -1) {
    const text = list
      .slice(nopIndex)
      .join(" ")
      .replace(/^#\(nop\)\s+/, "");
    return { kind: "nop", text, word: text.split(" ", 1)[0] ?? "" };
  }
  const prefix = /^\|(\d+)$/.exec(list[0] ?? "");
  if (prefix !== null) {
    const count = Number(prefix[1]);
    return {
      kind: "run",
      text: list.slice(1 + count).join(" "),
      word: "RUN",
      args: list.slice(1, 1 + count),
    };
  }
  return { kind: "run", text: list.join(" "), word: "RUN" };
}

/** The destination of a legacy COPY/ADD comment (`COPY file:… in /dest `). */
function copyDestination(text: string): string | undefined {
  const match = / in (.*) $/.exec(text);
  return match?.[1];
}

export interface ClassicMissContext {
  /** The digests of the sources the COPY/ADD being probed would copy, by path. */
  readonly sourceDigests?: () => ReadonlyMap<string, string>;
  /** The source digests a cached image was built from. */
  readonly sourceDigestsOf?: (image: Image) => (() => ReadonlyMap<string, string>) | undefined;
}

/**
 * Why no child of the parent matched: compares the probe with the closest cached child (same
 * command, or same instruction word and destination) and names what differs.
 */
export function explainClassicMiss(
  candidates: readonly ClassicCacheCandidate[],
  probe: ContainerConfig,
  context: ClassicMissContext = {},
): Reason[] {
  if (candidates.length === 0) return [];
  const wanted = shapeOf(probe.Cmd);
  const newestFirst = [...candidates].sort(
    (left, right) => right.createdMs - left.createdMs || right.sequence - left.sequence,
  );
  const sameCmd = newestFirst.find((candidate) => equalLists(candidate.containerConfig.Cmd, probe.Cmd));
  if (sameCmd !== undefined) return explainConfigDifference(sameCmd.containerConfig, probe);
  const similar = newestFirst.find((candidate) => {
    const shape = shapeOf(candidate.containerConfig.Cmd);
    if (shape.kind !== wanted.kind || shape.word !== wanted.word) return false;
    if (wanted.word === "COPY" || wanted.word === "ADD")
      return copyDestination(shape.text) === copyDestination(wanted.text);
    return true;
  });
  if (similar === undefined) {
    return [
      reason("new-instruction", "no cached child of the parent image was built by this instruction", "R11"),
    ];
  }
  const shape = shapeOf(similar.containerConfig.Cmd);
  if (wanted.kind === "run" && shape.text === wanted.text) return explainArgPrefix(shape.args, wanted.args);
  if (wanted.kind === "run") {
    return [
      reason(
        "command-changed",
        `the RUN command text changed (\`${shape.text}\` → \`${wanted.text}\`); whitespace counts (C7)`,
        "C7",
        {
          before: shape.text,
          after: wanted.text,
        },
      ),
    ];
  }
  if ((wanted.word === "COPY" || wanted.word === "ADD") && context.sourceDigests !== undefined) {
    const before = context.sourceDigestsOf?.(similar.image);
    if (before !== undefined) {
      const reasons = explainDigestChange(before(), context.sourceDigests());
      if (reasons.length > 0) return reasons;
    }
    return [
      reason(
        "source-hash-changed",
        "the source hash in the COPY key changed (content, mode or names of the copied files) (R12)",
        "R12",
      ),
    ];
  }
  return [
    reason(
      "instruction-changed",
      `${wanted.word} changed: \`${shape.text.trim()}\` → \`${wanted.text.trim()}\` (R11)`,
      "R11",
      {
        before: shape.text.trim(),
        after: wanted.text.trim(),
      },
    ),
  ];
}

function explainArgPrefix(
  before: readonly string[] | undefined,
  after: readonly string[] | undefined,
): Reason[] {
  if (before === undefined || after === undefined) {
    const added = before === undefined;
    return [
      reason(
        "proxy-prefix",
        added
          ? "a predefined proxy build arg was passed, so the RUN's key gained a |0 prefix (C-ARG3)"
          : "the predefined proxy build arg is gone, so the RUN's key lost its |0 prefix (C-ARG3)",
        "C-ARG3",
      ),
    ];
  }
  const split = (list: readonly string[]) =>
    new Map(list.map((entry) => [entry.split("=", 1)[0] ?? entry, entry]));
  const left = split(before);
  const right = split(after);
  const reasons: Reason[] = [];
  for (const key of new Set([...left.keys(), ...right.keys()])) {
    if (left.get(key) === right.get(key)) continue;
    reasons.push(
      reason(
        "build-arg-changed",
        `build arg ${key} changed and this RUN follows ARG ${key} (C-ARG1)`,
        "C-ARG1",
        { name: key },
      ),
    );
  }
  return reasons;
}

function explainConfigDifference(cached: ContainerConfig, probe: ContainerConfig): Reason[] {
  const reasons: Reason[] = [];
  if (!equalLists(cached.Env, probe.Env)) {
    const toMap = (env: readonly string[] | undefined) =>
      new Map(
        (env ?? []).map((entry) => [entry.split("=", 1)[0] ?? entry, entry.slice(entry.indexOf("=") + 1)]),
      );
    const before = toMap(cached.Env);
    const after = toMap(probe.Env);
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      if (before.get(key) !== after.get(key)) {
        reasons.push(
          reason("env-changed", `ENV ${key} differs from the cached step's environment (C-ENV1)`, "C-ENV1", {
            name: key,
          }),
        );
      }
    }
  }
  const fields: [keyof ContainerConfig, string][] = [
    ["Labels", "the labels"],
    ["ExposedPorts", "the exposed ports"],
    ["Entrypoint", "the entrypoint"],
    ["Volumes", "the volumes"],
    ["User", "the user"],
  ];
  for (const [field, text] of fields) {
    if (JSON.stringify(cached[field] ?? null) !== JSON.stringify(probe[field] ?? null)) {
      reasons.push(
        reason("config-changed", `${text} differ from the cached step's configuration (R11)`, "R11", {
          field,
        }),
      );
    }
  }
  return reasons;
}

/** Names files whose digest changed, appeared or disappeared. */
export function explainDigestChange(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): Reason[] {
  const reasons: Reason[] = [];
  for (const [path, digest] of after) {
    const old = before.get(path);
    if (old === undefined)
      reasons.push(reason("source-added", `${path} was added to the copied files (R12)`, "R12", { path }));
    else if (old !== digest)
      reasons.push(reason("source-changed", `the checksum of ${path} changed (R12)`, "R12", { path }));
  }
  for (const path of before.keys()) {
    if (!after.has(path))
      reasons.push(
        reason("source-removed", `${path} is no longer among the copied files (R12)`, "R12", { path }),
      );
  }
  return reasons;
}
