/**
 * The page's side of the playground worker: requests as promises, and Cancel, which terminates the
 * worker (the only way to stop synchronous engine work) and starts a fresh one that rebuilds the
 * last finished build, so Run still has its image.
 */
import type { DockerProfile } from "@layercake/shared/core";
import type { BuildView, RunView } from "../lib/playground.ts";
import type { ChallengeResult } from "../lib/playground-challenges.ts";
import type { PlaygroundRequest, PlaygroundResponse } from "../lib/playground-protocol.ts";
import type { PlaygroundState } from "../lib/playground-state.ts";

/** Why a request did not finish: the learner cancelled it, or the engine stopped. */
export class EngineStopped extends Error {
  readonly cancelled: boolean;
  constructor(message: string, cancelled: boolean) {
    super(message);
    this.cancelled = cancelled;
  }
}

type Request =
  | { kind: "build"; profile: DockerProfile; state: PlaygroundState }
  | { kind: "run"; profile: DockerProfile; command: string }
  | { kind: "challenge"; profile: DockerProfile; challengeId: string; state: PlaygroundState };

type Pending = { resolve: (response: PlaygroundResponse) => void; reject: (error: EngineStopped) => void };

/** The engine on the learner's Docker: every request runs on `profile`'s simulated daemon. */
export interface PlaygroundEngine {
  build(state: PlaygroundState, profile: DockerProfile): Promise<BuildView>;
  /** Runs a container of the last image built on `profile`. */
  run(command: string, profile: DockerProfile): Promise<RunView | { problem: string }>;
  /** Checks the project against a challenge (fresh sessions in the worker). */
  challenge(challengeId: string, state: PlaygroundState, profile: DockerProfile): Promise<ChallengeResult>;
  /** Stops the request in progress; resolves nothing, rejects it with EngineStopped(cancelled). */
  cancel(): void;
}

export function createPlaygroundEngine(): PlaygroundEngine {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let lastBuilt: { state: PlaygroundState; profile: DockerProfile } | undefined;

  const stop = (error: EngineStopped) => {
    worker?.terminate();
    worker = undefined;
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  };

  const start = (): Worker => {
    const created = new Worker(new URL("./playground-worker.ts", import.meta.url), {
      type: "module",
      name: "layercake-engine",
    });
    created.addEventListener("message", (event: MessageEvent<PlaygroundResponse>) => {
      const request = pending.get(event.data.id);
      pending.delete(event.data.id);
      request?.resolve(event.data);
    });
    created.addEventListener("error", (event) => {
      event.preventDefault();
      stop(
        new EngineStopped(
          `The engine stopped (${event.message || "out of memory?"}); it was restarted with an empty cache.`,
          false,
        ),
      );
    });
    return created;
  };

  const send = (request: Request): Promise<PlaygroundResponse> => {
    worker ??= start();
    const id = nextId++;
    const target = worker;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      target.postMessage({ ...request, id } as PlaygroundRequest);
    });
  };

  const unwrap = <Kind extends PlaygroundResponse["kind"]>(
    response: PlaygroundResponse,
    kind: Kind,
  ): Extract<PlaygroundResponse, { kind: Kind }> => {
    if (response.kind === "failed") throw new EngineStopped(`The engine failed: ${response.message}`, false);
    if (response.kind !== kind)
      throw new EngineStopped(`The engine answered ${response.kind} to ${kind}`, false);
    return response as Extract<PlaygroundResponse, { kind: Kind }>;
  };

  return {
    async build(state, profile) {
      const { view } = unwrap(await send({ kind: "build", profile, state }), "build");
      if (view.ok) lastBuilt = { state, profile };
      return view;
    },
    async run(command, profile) {
      return unwrap(await send({ kind: "run", profile, command }), "run").result;
    },
    async challenge(challengeId, state, profile) {
      return unwrap(await send({ kind: "challenge", profile, challengeId, state }), "challenge").result;
    },
    cancel() {
      stop(new EngineStopped("Cancelled.", true));
      // The new worker rebuilds the last image that finished, so a Run after Cancel still works.
      if (lastBuilt) void send({ kind: "build", ...lastBuilt }).catch(() => undefined);
    },
  };
}
