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
      "build-cache-stages [buildkit]",
      "the build cache records Docker 26.1's builder prune lists differ from the simulated ones (sizes of local-source records)",
    ],
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
      "build-cache-stages [buildkit]",
      "BuildKit's build cache records on the containerd store are not simulated yet: a record's size is its snapshot's disk usage plus its gzip blob (base layers: the blob only; a RUN keeps the /etc its mount stubs copied up; sources: their files' disk usage), and a record is shared when an image lists exactly its chain of blobs, or is a parent of such a record (test/docker/README.md)",
    ],
    [
      "build-cache-usage [buildkit]",
      "BuildKit's build cache records on the containerd store are not simulated yet: a record's size is its snapshot's disk usage plus its gzip blob (base layers: the blob only; a RUN keeps the /etc its mount stubs copied up; sources: their files' disk usage), and a record is shared when an image lists exactly its chain of blobs, or is a parent of such a record (test/docker/README.md)",
    ],
    [
      "container-rename-chown-link [none]",
      "containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers; some container snapshots count a directory more or less than the simulated writable layer",
    ],
    [
      "container-sizes-and-volumes [none]",
      "some container snapshots count a directory more or less than the simulated writable layer",
    ],
    [
      "container-writes-and-commit [none]",
      "containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers; some container snapshots count a directory more or less than the simulated writable layer",
    ],
    [
      "copy-identical-twice [classic]",
      "containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers",
    ],
    [
      "copy-identical-twice [buildkit]",
      "containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers",
    ],
    [
      "copy-link [buildkit]",
      "COPY --link's cache key (independent of the layers below) is not simulated: a changed earlier step makes the simulated linked copies miss",
    ],
    [
      "delete-in-later-layer [classic]",
      "containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers",
    ],
    [
      "delete-in-later-layer [buildkit]",
      "containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers",
    ],
    [
      "diff-directories [none]",
      "containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers",
    ],
    [
      "heredoc-copy [buildkit]",
      "Dockerfile here-documents (RUN <<EOT, COPY <<EOT) are not parsed by the simulator yet",
    ],
    [
      "heredoc-run [buildkit]",
      "Dockerfile here-documents (RUN <<EOT, COPY <<EOT) are not parsed by the simulator yet",
    ],
    ["inspect-format [classic]", "docker inspect -f on the containerd store shows other fields"],
    ["inspect-format [buildkit]", "docker inspect -f on the containerd store shows other fields"],
    [
      "instructions-every-kind [classic]",
      "containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers",
    ],
    [
      "instructions-every-kind [buildkit]",
      "containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers",
    ],
    [
      "opaque-dir-recreate [classic]",
      "containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers",
    ],
    [
      "opaque-dir-recreate [buildkit]",
      "containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers",
    ],
    [
      "prune [classic]",
      "rmi and prune report other images and messages on the containerd store; the space an image prune reclaims on the containerd store (its content blobs and snapshots) is not simulated",
    ],
    [
      "prune [buildkit]",
      "rmi and prune report other images and messages on the containerd store; the space an image prune reclaims on the containerd store (its content blobs and snapshots) is not simulated",
    ],
    [
      "rmi-and-intermediate-images [classic]",
      "rmi and prune report other images and messages on the containerd store",
    ],
    [
      "rmi-and-intermediate-images [buildkit]",
      "rmi and prune report other images and messages on the containerd store",
    ],
    [
      "run-create-delete-same-step [classic]",
      "containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers",
    ],
    [
      "run-create-delete-same-step [buildkit]",
      "containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers",
    ],
    [
      "run-empty-and-copy-up [classic]",
      "a layer holding a copy of tiny:1's /bin/busybox (chmod copies it up) has a gzip blob the simulator cannot compress as the daemon does: the catalog's busybox is simulated content, only tiny:1's own blob size is pinned; containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers",
    ],
    [
      "run-empty-and-copy-up [buildkit]",
      "a layer holding a copy of tiny:1's /bin/busybox (chmod copies it up) has a gzip blob the simulator cannot compress as the daemon does: the catalog's busybox is simulated content, only tiny:1's own blob size is pinned; containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers",
    ],
    [
      "secret-mount [buildkit]",
      "containerd's differ writes layers differently (whiteouts with mode 000, hard links named the other way, empty layers) than the simulator's overlay2 layers",
    ],
  ]),
};
