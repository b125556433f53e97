/**
 * Recordings the simulator does not reproduce yet, per daemon profile: `<transcript> [<variant>]`
 * → why. differential.test.ts replays everything else and checks that each of these still differs,
 * so an entry must leave this list as soon as the simulator reproduces it.
 */
import type { DaemonProfile } from "./profiles.ts";

export const PENDING: Readonly<Record<DaemonProfile, ReadonlyMap<string, string>>> = {
  "20.10": new Map(),
  "26.1-overlay2": new Map([
    [
      "copy-link [buildkit]",
      "COPY --link's cache key (independent of the layers below) is not simulated: a changed earlier step makes the simulated linked copies miss",
    ],
    [
      "heredoc-copy [buildkit]",
      "Dockerfile here-documents (RUN <<EOT, COPY <<EOT) are not parsed by the simulator yet",
    ],
    [
      "heredoc-run [buildkit]",
      "Dockerfile here-documents (RUN <<EOT, COPY <<EOT) are not parsed by the simulator yet",
    ],
  ]),
  "26.1-containerd": new Map([
    [
      "copy-link [buildkit]",
      "COPY --link's cache key (independent of the layers below) is not simulated: a changed earlier step makes the simulated linked copies miss",
    ],
    [
      "heredoc-copy [buildkit]",
      "Dockerfile here-documents (RUN <<EOT, COPY <<EOT) are not parsed by the simulator yet",
    ],
    [
      "heredoc-run [buildkit]",
      "Dockerfile here-documents (RUN <<EOT, COPY <<EOT) are not parsed by the simulator yet",
    ],
  ]),
};
