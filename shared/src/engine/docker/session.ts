/**
 * The one way into the simulated Docker: a daemon session, created with its clock, the Docker it
 * behaves as (`DaemonProfile`) and where `docker build PATH` reads its context from (`HostIo`). It
 * answers docker commands (the CLI, the lesson terminal) and builds and runs over in-memory
 * contexts (the playground, scenario questions, the bot's /simulate, the tour), and `studyBuild`
 * is the lessons' recipe: build, rebuild after an edit, run a command, `docker diff`.
 */
import type { Clock } from "../../core/clock.ts";
import type { Reason } from "../../core/reasons.ts";
import { buildImage } from "../builder/build.ts";
import type { BuildRequest, BuildResult } from "../builder/types.ts";
import {
  type Container,
  type ContainerSize,
  containerDiff,
  createContainer,
  startContainer,
} from "../container/container.ts";
import type { ImageStore } from "../daemon/image-store.ts";
import type { DockerDiffEntry } from "../fs/changes.ts";
import type { DirNode } from "../fs/types.ts";
import type { Image } from "../image/types.ts";
import type { CommandResult } from "./command.ts";
import { type CreateDaemonOptions, containerSizeOf, createDaemon, type SimDaemon } from "./daemon.ts";
import { runDockerCommand } from "./docker.ts";
import type { HostIo } from "./host-io.ts";
import type { DaemonProfile } from "./profile.ts";

export interface DockerSessionOptions extends CreateDaemonOptions {
  /** Where time comes from: each docker command and each build step reads it. */
  readonly clock: Clock;
  readonly profile: DaemonProfile;
  /** What `docker build PATH`, `load` and `save` read and write; by default a host with no files. */
  readonly host?: HostIo;
  /** A daemon to continue (the CLI's, replayed from its journal); by default a fresh one. */
  readonly daemon?: SimDaemon;
}

/** A build of a Dockerfile over an in-memory context; time and BuildKit come from the session. */
export type SessionBuildRequest = Omit<BuildRequest, "now" | "buildkitFlavour" | "imageStore">;

export interface ContainerRunOptions {
  /** Run with `sh -c command`; without it, the image's CMD. */
  readonly command?: string;
  /** The container's ID; by default the daemon's next one. */
  readonly id?: string;
  /** When it is created and started; by default the session clock's now, read at each. */
  readonly at?: number;
}

/** A container run to its end: what it printed, its writable layer and `docker diff`. */
export interface ContainerRun {
  readonly container: Container;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly reasons: readonly Reason[];
  readonly diff: readonly DockerDiffEntry[];
  readonly size: ContainerSize;
}

export interface DockerSession {
  readonly daemon: SimDaemon;
  readonly store: ImageStore;
  readonly clock: Clock;
  readonly profile: DaemonProfile;
  /**
   * One docker command (`["images", "-a"]`) on the session's daemon. A replay gives the host and
   * time the command was recorded with.
   */
  docker(
    argv: readonly string[],
    options?: { readonly host?: HostIo; readonly nowMs?: number; readonly dockerBuildkit?: string },
  ): CommandResult;
  build(request: SessionBuildRequest): BuildResult;
  /** A new container of `image` run to its end (not listed by `docker ps`). */
  runContainer(image: Image, options?: ContainerRunOptions): ContainerRun;
}

const NO_HOST: HostIo = {
  resolve: (path) => path,
  isDirectory: () => false,
  readText: () => undefined,
  readBytes: () => undefined,
  readContext: (path) => {
    throw new Error(`this docker session has no host files (asked for the context ${path})`);
  },
  writeFile: (path) => {
    throw new Error(`this docker session has no host files (asked to write ${path})`);
  },
  env: () => undefined,
};

/** Opens a session on a fresh daemon (or on `options.daemon`). */
export function openDockerSession(options: DockerSessionOptions): DockerSession {
  const daemon =
    options.daemon ??
    createDaemon({
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.pulled === undefined ? {} : { pulled: options.pulled }),
    });
  const { clock, profile } = options;
  return {
    daemon,
    store: daemon.store,
    clock,
    profile,
    docker: (argv, overrides = {}) =>
      runDockerCommand(daemon, argv, {
        io: overrides.host ?? options.host ?? NO_HOST,
        nowMs: overrides.nowMs ?? clock.now(),
        profile,
        ...(overrides.dockerBuildkit === undefined ? {} : { dockerBuildkit: overrides.dockerBuildkit }),
      }),
    // The image store shapes what a build leaves (BuildKit's RUN mount stubs, the image's
    // manifest), as `docker build` passes it (commands/build.ts).
    build: (request) =>
      buildImage(
        { ...request, now: clock, buildkitFlavour: profile.buildkitFlavour, imageStore: profile.store },
        daemon.store,
      ),
    runContainer(image, run = {}) {
      // Without a given time, the clock is read at create and again at start, as time passes between.
      const container = createContainer(image, {
        id: run.id ?? daemon.store.nextContainerId(),
        ...(run.command === undefined ? {} : { cmd: ["sh", "-c", run.command] }),
        now: run.at ?? clock.now(),
      });
      const result = startContainer(container, daemon.runtime, run.at ?? clock.now());
      return {
        container: result.container,
        exitCode: result.exitCode,
        stdout: result.stdout,
        stderr: result.stderr,
        reasons: result.reasons,
        diff: containerDiff(result.container),
        size: containerSizeOf(profile, result.container),
      };
    },
  };
}

export interface StudyRequest {
  readonly build: SessionBuildRequest;
  /** Build again, with the edited Dockerfile or context when given (the same build otherwise). */
  readonly rebuild?: { readonly dockerfile?: string; readonly context?: DirNode };
  /** A command to run in a container of the rebuilt image (of the first when there is no rebuild). */
  readonly run?: ContainerRunOptions & { readonly on?: "first" | "rebuild" };
}

export interface Study {
  readonly first: BuildResult;
  /** Absent when the first build failed or no rebuild was asked. */
  readonly rebuild?: BuildResult;
  /** Absent when no run was asked or the image to run was not built. */
  readonly run?: ContainerRun;
}

/**
 * The recipe lessons teach with: build, rebuild (after an edit, or unchanged to show the cache at
 * work), run a command in a container and `docker diff` its writable layer. Stops at a failed build.
 */
export function studyBuild(session: DockerSession, request: StudyRequest): Study {
  const first = session.build(request.build);
  if (!first.ok || first.image === undefined) return { first };
  const rebuild =
    request.rebuild === undefined
      ? undefined
      : session.build({
          ...request.build,
          ...(request.rebuild.dockerfile === undefined ? {} : { dockerfile: request.rebuild.dockerfile }),
          ...(request.rebuild.context === undefined ? {} : { context: request.rebuild.context }),
        });
  if (request.run === undefined) return rebuild === undefined ? { first } : { first, rebuild };
  const { on = "rebuild", ...run } = request.run;
  const image = on === "first" || rebuild === undefined ? first.image : rebuild.image;
  if (image === undefined) return rebuild === undefined ? { first } : { first, rebuild };
  const ran = session.runContainer(image, run);
  return rebuild === undefined ? { first, run: ran } : { first, rebuild, run: ran };
}
