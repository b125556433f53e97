/**
 * `docker ps` / `docker container ls`, and the container columns `system df -v` shares.
 */

import { shortId } from "../../../core/hash.ts";
import { listingSize } from "../../units/human-size.ts";
import { hasFlag } from "../args.ts";
import { type CommandEnv, type CommandResult, ok, profileOf, withFlags } from "../command.ts";
import { type ContainerRecord, containerSizeOf, type SimDaemon } from "../daemon.ts";
import { ago, ellipsis, renderTable } from "../format.ts";
import { type DaemonProfile, DOCKER_20_10 } from "../profile.ts";

export function ps(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "ps",
    argv,
    [
      { long: "all", short: "a" },
      { long: "size", short: "s" },
      { long: "quiet", short: "q" },
      { long: "no-trunc" },
    ],
    (args) => {
      const all = hasFlag(args, "all");
      const records = [...daemon.containers]
        .filter((record) => all || record.container.status === "running")
        .reverse();
      if (hasFlag(args, "quiet")) {
        return ok(records.map((record) => `${shortId(record.container.id)}\n`).join(""));
      }
      const withSize = hasFlag(args, "size");
      const header = [
        "CONTAINER ID",
        "IMAGE",
        "COMMAND",
        "CREATED",
        "STATUS",
        "PORTS",
        "NAMES",
        ...(withSize ? ["SIZE"] : []),
      ];
      const rows = records.map((record) => {
        const { container } = record;
        const command = [...container.entrypoint, ...container.cmd].join(" ");
        return [
          shortId(container.id),
          containerImageName(daemon, record),
          `"${hasFlag(args, "no-trunc") ? command : ellipsis(command, 20)}"`,
          ago(container.created, env.nowMs),
          containerStatus(record, env.nowMs),
          "",
          container.name,
          ...(withSize ? [containerSizeText(record, profileOf(env))] : []),
        ];
      });
      return ok(renderTable(header, rows));
    },
  );
}

/** The IMAGE column: the name the container was created with while it still names its image. */
export function containerImageName(daemon: SimDaemon, record: ContainerRecord): string {
  const current = daemon.store.getImage(record.imageName);
  return current?.id === record.container.image.id ? record.imageName : shortId(record.container.image.id);
}

/** The STATUS column: `Created`, `Up 2 seconds`, `Exited (0) 3 seconds ago`. */
export function containerStatus(record: ContainerRecord, nowMs: number): string {
  const { container } = record;
  if (container.status === "running") return `Up ${ago(container.created, nowMs).replace(/ ago$/, "")}`;
  if (container.status === "created") return "Created";
  return `Exited (${container.exitCode ?? 0}) ${ago(container.created, nowMs)}`;
}

/** The SIZE column of `ps -s`: `5B (virtual 1.98MB)`. */
export function containerSizeText(record: ContainerRecord, profile: DaemonProfile = DOCKER_20_10): string {
  const size = containerSizeOf(profile, record.container);
  return `${listingSize(size.sizeRw)} (virtual ${listingSize(size.sizeRootFs)})`;
}
