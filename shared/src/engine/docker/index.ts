/**
 * The simulated docker CLI and daemon: `openDockerSession` is the way in for every route (the
 * `layercake docker` CLI, lesson terminals, the playground, scenario questions, the bot, the tour).
 * Commands live one per file in `commands/`; `go-template/` is the Go template language of
 * `--format`, `inspect-schemas.ts` Docker's inspect types; `format.ts` prints sizes and tables.
 */
export type { CommandEnv, CommandResult } from "./command.ts";
export {
  type ContainerRecord,
  createDaemon,
  historyLayerSize,
  listedImageSize,
  type SimDaemon,
} from "./daemon.ts";
export { isMutatingCommand, runDockerCommand, SUPPORTED_COMMANDS } from "./docker.ts";
export { renderProfileBuildOutput } from "./engine-26.ts";
export type { HostIo } from "./host-io.ts";
export {
  DEFAULT_LEARNER_PROFILE,
  LEARNER_PROFILES,
  type LearnerProfile,
  learnerProfile,
  parseLearnerProfile,
} from "./learner-profile.ts";
export {
  CURRENT_BUILDKIT,
  type DaemonProfile,
  DOCKER_20_10,
  DOCKER_26_1,
  DOCKER_26_1_CONTAINERD,
} from "./profile.ts";
export {
  type ContainerRun,
  type ContainerRunOptions,
  type DockerSession,
  type DockerSessionOptions,
  openDockerSession,
  type SessionBuildRequest,
  type Study,
  type StudyRequest,
  studyBuild,
} from "./session.ts";
