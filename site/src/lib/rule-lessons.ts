/**
 * Where a learner reads about each rule the engine cites: rule code (layer-semantics.md) → the lesson
 * section that teaches it. Reasons show as sentences with a "why" link here instead of a bare code.
 */
import { reasonSentence, ruleCodesIn } from "@layercake/shared/core";

export interface LessonSection {
  /** `/storage/copy-on-write/#hard-links-break` */
  href: string;
  /** The link text: the section's title. */
  title: string;
}

const LAYERS = {
  href: "/building/dockerfile-to-layers/#which-instructions-make-layers",
  title: "Which instructions make layers",
};
const BUILDERS = {
  href: "/building/dockerfile-to-layers/#where-the-builders-differ",
  title: "Where the builders differ",
};
const CACHE_KEY = {
  href: "/building/build-cache/#what-a-cache-key-is-made-of",
  title: "What a cache key is made of",
};
const COPY_CACHE = { href: "/building/build-cache/#how-copy-is-cached", title: "How COPY is cached" };
const MISS = { href: "/building/build-cache/#how-a-miss-propagates", title: "How a miss propagates" };
const ARGS = {
  href: "/building/build-cache/#build-arguments-and-the-cache",
  title: "Build arguments and the cache",
};
const METADATA = {
  href: "/building/build-cache/#metadata-instructions-where-the-builders-differ",
  title: "Metadata instructions: where the builders differ",
};
const STAGES = {
  href: "/building/multi-stage-builds/#copy-from-and-the-cache",
  title: "COPY --from and the cache",
};
const TARGET = {
  href: "/building/multi-stage-builds/#target-and-unused-stages",
  title: "--target and unused stages",
};
const IDS = { href: "/foundations/images-and-layers/#diffid-and-chainid", title: "DiffID and ChainID" };
const HISTORY = { href: "/operations/inspecting-images/#docker-history", title: "docker history" };
const SIZES = { href: "/operations/size-and-sharing/#what-size-counts", title: "What SIZE counts" };
const SHARING = {
  href: "/operations/size-and-sharing/#shared-layers-do-not-add-up",
  title: "Shared layers do not add up",
};
const LOOKUP = {
  href: "/storage/union-filesystems/#how-a-name-is-looked-up",
  title: "How a name is looked up",
};
const COPY_UP = { href: "/storage/copy-on-write/#what-triggers-a-copy-up", title: "What triggers a copy-up" };
const HARD_LINKS = { href: "/storage/copy-on-write/#hard-links-break", title: "Hard links break" };
const DIFF = { href: "/storage/copy-on-write/#what-docker-diff-reports", title: "What docker diff reports" };
const WHITEOUTS = { href: "/storage/whiteouts/#whiteouts", title: "Whiteouts" };
const OPAQUE = { href: "/storage/whiteouts/#opaque-directories", title: "Opaque directories" };
const LATER_DELETE = {
  href: "/storage/whiteouts/#deleting-later-does-not-shrink-the-image",
  title: "Deleting later does not shrink the image",
};
const LIFECYCLE = { href: "/storage/container-layer/#lifecycle", title: "The container layer: lifecycle" };
const COMMIT = { href: "/storage/container-layer/#docker-commit", title: "docker commit" };
const VOLUMES = {
  href: "/storage/container-layer/#volumes-bypass-the-writable-layer",
  title: "Volumes bypass the writable layer",
};

/** Rules with a section of their own; the others fall back to their family (the code's letter). */
const BY_RULE: Readonly<Record<string, LessonSection>> = {
  L2: BUILDERS,
  L4: BUILDERS,
  L5: BUILDERS,
  L6: BUILDERS,
  L7: BUILDERS,
  C3: STAGES,
  C5: COPY_CACHE,
  C6: COPY_CACHE,
  C7: ARGS,
  C8: ARGS,
  M1: TARGET,
  M2: TARGET,
  D7: HISTORY,
  S3: LATER_DELETE,
  S4: SIZES,
  S5: SHARING,
  W3: OPAQUE,
  O1: LOOKUP,
  O2: LOOKUP,
  O4: WHITEOUTS,
  O6: HARD_LINKS,
  O7: LIFECYCLE,
  O8: DIFF,
  K3: COMMIT,
  K4: COMMIT,
  K5: VOLUMES,
  R2: BUILDERS,
  R5: BUILDERS,
  R6: BUILDERS,
  R8: VOLUMES,
  R9: LATER_DELETE,
  R10: COPY_UP,
  R12: COPY_CACHE,
  R13: COPY_CACHE,
  R14: MISS,
  R15: STAGES,
  R16: ARGS,
  R17: ARGS,
  R18: METADATA,
  R20: TARGET,
  R21: IDS,
  R22: IDS,
  R23: IDS,
  R24: HISTORY,
  R25: SIZES,
  R26: SIZES,
  R27: SHARING,
  R28: LOOKUP,
  R29: WHITEOUTS,
  R30: COPY_UP,
  R31: HARD_LINKS,
  R32: DIFF,
  R33: LIFECYCLE,
  R34: COMMIT,
  R35: SHARING,
};

const BY_FAMILY: Readonly<Record<string, LessonSection>> = {
  L: LAYERS,
  C: CACHE_KEY,
  M: STAGES,
  D: IDS,
  S: SIZES,
  W: WHITEOUTS,
  O: COPY_UP,
  K: LIFECYCLE,
};

/** The lesson section that teaches rule `code`; undefined for codes no lesson covers (experiments). */
export function lessonForRule(code: string): LessonSection | undefined {
  const own = BY_RULE[code];
  if (own) return own;
  const number = Number(code.slice(1));
  if (code.startsWith("R")) return number <= 7 ? LAYERS : number <= 19 ? CACHE_KEY : undefined;
  return BY_FAMILY[code.slice(0, 1)];
}

/** Every section a rule can point to (for the link check). */
export const RULE_SECTIONS: readonly LessonSection[] = [
  ...new Map(
    [...Object.values(BY_RULE), ...Object.values(BY_FAMILY)].map((section) => [section.href, section]),
  ).values(),
];

export interface ReasonView {
  /** The reason as a sentence, rule codes removed. */
  text: string;
  /** The lesson section of the first rule it cites that a lesson teaches. */
  lesson?: LessonSection;
}

/** A reason (engine text with rule codes, or a Reason's message and rule) as a learner reads it. */
export function viewReason(message: string, rule?: string): ReasonView {
  const codes = [...(rule ? [rule] : []), ...ruleCodesIn(message)];
  const lesson = codes.map(lessonForRule).find((section) => section !== undefined);
  return { text: reasonSentence(message), ...(lesson ? { lesson } : {}) };
}
