/**
 * `docker create`, and the container record `run` creates the same way (`withNewContainer`).
 */
import { createContainer } from "../../container/container.ts";
import { normalizeImageTag } from "../../daemon/reference.ts";
import { type FlagSpec, flagValue, flagValues, hasFlag, type ParsedArgs } from "../args.ts";
import { type CommandEnv, type CommandResult, fail, ok, requireArgs, withFlags } from "../command.ts";
import type { ContainerRecord, SimDaemon } from "../daemon.ts";

const CREATE_FLAGS: FlagSpec[] = [
  { long: "name", value: true },
  { long: "env", short: "e", value: true },
  { long: "entrypoint", value: true },
  { long: "workdir", short: "w", value: true },
  { long: "user", short: "u", value: true },
  { long: "volume", short: "v", value: true },
  { long: "rm" },
  { long: "interactive", short: "i" },
  { long: "tty", short: "t" },
  { long: "detach", short: "d" },
  { long: "network", value: true },
];

function createRecord(
  daemon: SimDaemon,
  args: ParsedArgs,
  env: CommandEnv,
  command: "create" | "run",
): { record: ContainerRecord } | { error: CommandResult } {
  const [reference = "", ...cmd] = args.positionals;
  const name = flagValue(args, "name");
  if (name !== undefined && daemon.containers.some((record) => record.container.name === name)) {
    const existing = daemon.containers.find((record) => record.container.name === name);
    return {
      error: fail(
        `docker: Error response from daemon: Conflict. The container name "/${name}" is already in use by container "${existing?.container.id ?? ""}". You have to remove (or rename) that container to be able to reuse that name.\nSee 'docker ${command} --help'.`,
        125,
      ),
    };
  }
  if (normalizeImageTag(reference) === undefined && !/^[0-9a-f]{1,64}$/.test(reference)) {
    return { error: fail(`docker: invalid reference format.\nSee 'docker ${command} --help'.`, 125) };
  }
  const image = daemon.store.resolveBaseImage(reference);
  if (image === undefined) {
    const tagged = normalizeImageTag(reference) ?? reference;
    return {
      error: fail(
        `Unable to find image '${tagged}' locally\ndocker: Error response from daemon: pull access denied for ${tagged.replace(/:[^:/]*$/, "")}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied.\nSee 'docker ${command} --help'.`,
        125,
      ),
    };
  }
  const entrypoint = flagValue(args, "entrypoint");
  const workdir = flagValue(args, "workdir");
  const user = flagValue(args, "user");
  const volumes = flagValues(args, "volume").filter(
    (volume) => volume.startsWith("/") && !volume.includes(":"),
  );
  const userEnv = flagValues(args, "env").map((entry) =>
    entry.includes("=") ? entry : `${entry}=${env.io.env(entry) ?? ""}`,
  );
  const container = createContainer(image, {
    id: daemon.store.nextContainerId(),
    ...(name === undefined ? {} : { name }),
    ...(cmd.length === 0 ? {} : { cmd }),
    ...(entrypoint === undefined ? {} : { entrypoint: entrypoint === "" ? [] : [entrypoint] }),
    env: userEnv,
    ...(workdir === undefined ? {} : { workdir }),
    ...(user === undefined ? {} : { user }),
    volumes,
    now: env.nowMs,
  });
  const network = flagValue(args, "network");
  const record: ContainerRecord = {
    container,
    imageName: reference,
    autoRemove: hasFlag(args, "rm"),
    userEnv,
    ...(network === undefined || network === "default" ? {} : { network }),
  };
  daemon.containers.push(record);
  return { record };
}

/**
 * What `create` and `run` share: the same flags (options stop at the image), one argument at least,
 * then a new container record that `then` answers for.
 */
export function withNewContainer(
  command: "create" | "run",
  daemon: SimDaemon,
  argv: readonly string[],
  env: CommandEnv,
  then: (record: ContainerRecord, args: ParsedArgs) => CommandResult,
): CommandResult {
  return withFlags(
    command,
    argv,
    CREATE_FLAGS,
    (args) => {
      const missing = requireArgs(command, args, 1, `${command} [OPTIONS] IMAGE [COMMAND] [ARG...]`);
      if (missing) return missing;
      const created = createRecord(daemon, args, env, command);
      if ("error" in created) return created.error;
      return then(created.record, args);
    },
    { interspersed: false },
  );
}

export function create(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withNewContainer("create", daemon, argv, env, (record) => ok(`${record.container.id}\n`));
}
