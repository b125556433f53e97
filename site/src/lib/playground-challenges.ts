/**
 * Playground challenges: a starting project and a target the engine checks — a rebuild that reuses
 * enough cached steps after an edit, or an image that stays small although a step makes a big file.
 * Each check builds the learner's project in fresh sessions, so the result does not depend on what
 * the playground built before.
 */
import type { DockerProfile } from "@layercake/shared/core";
import { DEFAULT_LEARNER_PROFILE } from "@layercake/shared/engine";
import { type BuildView, buildPlayground, createPlaygroundSession } from "./playground.ts";
import type { PlaygroundState } from "./playground-state.ts";

export { CHALLENGES, type Challenge } from "./challenge-list.ts";

export interface ChallengeResult {
  passed: boolean;
  message: string;
}

const REUSE_TARGET = 3;
const GROWTH_LIMIT = 100_000;

function failedBuild(view: BuildView): ChallengeResult | undefined {
  return view.ok
    ? undefined
    : { passed: false, message: `The build fails: ${view.problems[0] ?? "see the output"}.` };
}

/** Checks `state` against challenge `id` with the engine, on the learner's Docker. */
export function checkChallenge(
  id: string,
  state: PlaygroundState,
  profile: DockerProfile = DEFAULT_LEARNER_PROFILE,
): ChallengeResult {
  if (id === "reuse-after-edit") {
    const session = createPlaygroundSession(profile);
    const first = buildPlayground(session, state);
    const broken = failedBuild(first);
    if (broken) return broken;
    if (!("app.txt" in state.files)) return { passed: false, message: "Keep app.txt in the build context." };
    const edited = { ...state, files: { ...state.files, "app.txt": `${state.files["app.txt"]}an edit\n` } };
    const again = buildPlayground(session, edited);
    const cached = again.steps.filter((step) => step.cache === "hit").length;
    return cached >= REUSE_TARGET
      ? { passed: true, message: `Passed: after the edit, ${cached} steps came from the cache.` }
      : {
          passed: false,
          message: `After the edit only ${cached} step${cached === 1 ? "" : "s"} came from the cache (target ${REUSE_TARGET}). What does the first COPY read?`,
        };
  }
  if (id === "small-image") {
    const view = buildPlayground(createPlaygroundSession(profile), state);
    const broken = failedBuild(view);
    if (broken) return broken;
    const base = buildPlayground(createPlaygroundSession(profile), {
      ...state,
      dockerfile: "FROM busybox:1.37\n",
      files: {},
    });
    if (!/^FROM busybox:1\.37\s*$/m.test(state.dockerfile))
      return { passed: false, message: "Build FROM busybox:1.37, as the challenge says." };
    if (!/head -c 1000000/.test(state.dockerfile))
      return { passed: false, message: "Keep the step that makes the 1 MB scratch file." };
    const growth = (view.imageBytes ?? 0) - (base.imageBytes ?? 0);
    return growth <= GROWTH_LIMIT
      ? { passed: true, message: `Passed: the image is only ${growth} bytes bigger than busybox:1.37.` }
      : {
          passed: false,
          message: `The image is ${growth} bytes bigger than busybox:1.37 (limit ${GROWTH_LIMIT}). A file deleted in a later step still sits in an earlier layer.`,
        };
  }
  return { passed: false, message: `There is no challenge "${id}".` };
}
