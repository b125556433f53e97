/**
 * The messages between the playground page and its engine worker (src/scripts/playground-worker.ts).
 * Every request names the learner's Docker: the worker keeps one session per profile.
 */
import type { DockerProfile } from "@layercake/shared/core";
import type { BuildView, RunView } from "./playground.ts";
import type { ChallengeResult } from "./playground-challenges.ts";
import type { PlaygroundState } from "./playground-state.ts";

export type PlaygroundRequest =
  | { id: number; kind: "build"; profile: DockerProfile; state: PlaygroundState }
  | { id: number; kind: "run"; profile: DockerProfile; command: string }
  | { id: number; kind: "challenge"; profile: DockerProfile; challengeId: string; state: PlaygroundState };

export type PlaygroundResponse =
  | { id: number; kind: "build"; view: BuildView }
  | { id: number; kind: "run"; result: RunView | { problem: string } }
  | { id: number; kind: "challenge"; result: ChallengeResult }
  | { id: number; kind: "failed"; message: string };
