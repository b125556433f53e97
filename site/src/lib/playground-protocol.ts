/** The messages between the playground page and its engine worker (src/scripts/playground-worker.ts). */
import type { BuildView, RunView } from "./playground.ts";
import type { PlaygroundState } from "./playground-state.ts";

export type PlaygroundRequest =
  | { id: number; kind: "build"; state: PlaygroundState }
  | { id: number; kind: "run"; command: string };

export type PlaygroundResponse =
  | { id: number; kind: "build"; view: BuildView }
  | { id: number; kind: "run"; result: RunView | { problem: string } }
  | { id: number; kind: "failed"; message: string };
