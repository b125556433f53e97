/**
 * The playground's engine, off the page's main thread: builds and container runs happen here, so a
 * long RUN (a 5 GB `dd`, a loop) never freezes the page, and Cancel can stop it by terminating
 * this worker. One session per Docker profile: each image store and cache lives as long as the
 * worker does, so switching Docker and back finds the earlier build's cache again.
 */
import type { DockerProfile } from "@layercake/shared/core";
import {
  buildPlayground,
  createPlaygroundSession,
  type PlaygroundSession,
  runPlayground,
} from "../lib/playground.ts";
import { checkChallenge } from "../lib/playground-challenges.ts";
import type { PlaygroundRequest, PlaygroundResponse } from "../lib/playground-protocol.ts";

const sessions = new Map<DockerProfile, PlaygroundSession>();

function sessionFor(profile: DockerProfile): PlaygroundSession {
  const session = sessions.get(profile) ?? createPlaygroundSession(profile);
  sessions.set(profile, session);
  return session;
}

function answer(request: PlaygroundRequest): PlaygroundResponse {
  try {
    if (request.kind === "challenge")
      return {
        id: request.id,
        kind: "challenge",
        result: checkChallenge(request.challengeId, request.state, request.profile),
      };
    const session = sessionFor(request.profile);
    return request.kind === "build"
      ? { id: request.id, kind: "build", view: buildPlayground(session, request.state) }
      : { id: request.id, kind: "run", result: runPlayground(session, request.command) };
  } catch (error) {
    // A programming error in the engine: report it to the page rather than dying silently.
    return {
      id: request.id,
      kind: "failed",
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

self.addEventListener("message", (event: MessageEvent<PlaygroundRequest>) => {
  self.postMessage(answer(event.data));
});
