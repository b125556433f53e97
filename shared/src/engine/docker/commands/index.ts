/**
 * The command table: each docker command (and each `image`/`container`/`system`/`builder`
 * subcommand) by name, the way `builder/steps/` gathers the Dockerfile instructions.
 */
import type { Handler } from "../command.ts";
import { build } from "./build.ts";
import { commit } from "./commit.ts";
import { create } from "./create.ts";
import { diff } from "./diff.ts";
import { exec } from "./exec.ts";
import { history } from "./history.ts";
import { images } from "./images.ts";
import { inspect } from "./inspect.ts";
import { load } from "./load.ts";
import { builderPrune, containerPrune, imagePrune, systemPrune } from "./prune.ts";
import { ps } from "./ps.ts";
import { pull } from "./pull.ts";
import { rm } from "./rm.ts";
import { rmi } from "./rmi.ts";
import { run } from "./run.ts";
import { save } from "./save.ts";
import { start } from "./start.ts";
import { stop } from "./stop.ts";
import { system } from "./system-df.ts";
import { tag } from "./tag.ts";
import { info, version } from "./version-info.ts";

export const COMMANDS: Record<string, Handler> = {
  build,
  commit,
  create,
  diff,
  exec,
  history,
  images,
  info,
  inspect: (daemon, argv, env) => inspect(daemon, argv, env, "any"),
  load,
  ps,
  pull,
  rm,
  rmi: (daemon, argv, env) => rmi(daemon, argv, env),
  run,
  save,
  start,
  stop: (daemon, argv) => stop(daemon, argv),
  tag: (daemon, argv) => tag(daemon, argv),
  version,
};

export const GROUPS: Record<"image" | "container" | "system" | "builder", Record<string, Handler>> = {
  image: {
    build,
    history,
    inspect: (daemon, argv, env) => inspect(daemon, argv, env, "image"),
    load,
    ls: images,
    prune: imagePrune,
    pull,
    rm: (daemon, argv, env) => rmi(daemon, argv, env),
    save,
    tag: (daemon, argv) => tag(daemon, argv),
  },
  container: {
    commit,
    create,
    diff,
    exec,
    inspect: (daemon, argv, env) => inspect(daemon, argv, env, "container"),
    ls: ps,
    prune: containerPrune,
    rm,
    run,
    start,
    stop: (daemon, argv) => stop(daemon, argv),
  },
  system: { df: system, info, prune: systemPrune },
  builder: { prune: builderPrune },
};
