/**
 * `docker commit` with `-c` changes.
 */
import { commitContainer } from "../../container/container.ts";
import { flagValue, flagValues } from "../args.ts";
import {
  type CommandEnv,
  type CommandResult,
  fail,
  ok,
  profileOf,
  requireArgs,
  withFlags,
} from "../command.ts";
import { findContainer, type SimDaemon } from "../daemon.ts";
import type { EngineVersion } from "../profile.ts";

export function commit(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "commit",
    argv,
    [
      { long: "message", short: "m", value: true },
      { long: "author", short: "a", value: true },
      { long: "change", short: "c", value: true },
      { long: "pause", short: "p" },
    ],
    (args) => {
      const missing = requireArgs("commit", args, 1, "commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]");
      if (missing) return missing;
      const [reference = "", target] = args.positionals;
      const record = findContainer(daemon, reference);
      if (record === undefined) return fail(`Error response from daemon: No such container: ${reference}`);
      const changes = parseCommitChanges(flagValues(args, "change"), profileOf(env).engine);
      if ("error" in changes) return fail(`Error response from daemon: ${changes.error}`);
      const message = flagValue(args, "message");
      const author = flagValue(args, "author");
      const { image } = commitContainer(record.container, {
        now: env.nowMs,
        imageStore: profileOf(env).store,
        changes: {
          ...changes.config,
          // The config keeps the image's Env plus `-e`; the default PATH is the runtime's, not the config's.
          Env: mergeEnv(
            mergeEnv(record.container.image.config.config.Env ?? [], record.userEnv),
            changes.env,
          ),
        },
        ...(message === undefined ? {} : { message }),
        ...(author === undefined ? {} : { author }),
      });
      const stored = daemon.store.addImage(image);
      if (target !== undefined && daemon.store.tagImage(stored, target) === undefined) {
        return fail(
          `Error parsing reference: "${target}" is not a valid repository/tag: invalid reference format`,
        );
      }
      return ok(`${stored.id}\n`);
    },
  );
}

/** `docker commit -c`: the Dockerfile instructions a commit may change (CMD, ENTRYPOINT, ENV, …). */
function parseCommitChanges(
  changes: readonly string[],
  engine: EngineVersion,
): { config: Record<string, unknown>; env: string[] } | { error: string } {
  const config: Record<string, unknown> = {};
  const env: string[] = [];
  for (const change of changes) {
    const match = /^\s*(\w+)\s+(.*)$/s.exec(change);
    if (match === null) return { error: `dockerfile parse error line 1: unknown instruction: ${change}` };
    const keyword = (match[1] as string).toUpperCase();
    const rest = (match[2] as string).trim();
    const list = (): string[] => {
      if (rest.startsWith("[")) {
        try {
          return JSON.parse(rest) as string[];
        } catch {
          return ["/bin/sh", "-c", rest];
        }
      }
      return ["/bin/sh", "-c", rest];
    };
    switch (keyword) {
      case "CMD":
        config.Cmd = list();
        break;
      case "ENTRYPOINT":
        config.Entrypoint = list();
        break;
      case "ENV": {
        const pair = rest.includes("=") ? rest : rest.replace(/\s+/, "=");
        env.push(pair);
        break;
      }
      case "WORKDIR":
        config.WorkingDir = rest;
        break;
      case "USER":
        config.User = rest;
        break;
      case "LABEL": {
        const labels: Record<string, string> = {};
        for (const item of rest.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []) {
          const equals = item.indexOf("=");
          labels[item.slice(0, equals)] = item.slice(equals + 1).replace(/^"|"$/g, "");
        }
        config.Labels = labels;
        break;
      }
      case "EXPOSE": {
        const ports: Record<string, Record<string, never>> = {};
        for (const port of rest.split(/\s+/)) ports[port.includes("/") ? port : `${port}/tcp`] = {};
        config.ExposedPorts = ports;
        break;
      }
      case "VOLUME": {
        const volumes: Record<string, Record<string, never>> = {};
        for (const path of rest.startsWith("[") ? list() : rest.split(/\s+/)) volumes[path] = {};
        config.Volumes = volumes;
        break;
      }
      case "STOPSIGNAL":
        config.StopSignal = rest;
        break;
      default: {
        // 20.10 lower-cased the instruction in its message; 26.1 names it as written.
        const word = match[1] as string;
        return { error: `${engine === "26.1" ? word : word.toLowerCase()} is not a valid change command` };
      }
    }
  }
  return { config, env };
}

/** Later entries replace earlier ones with the same name, keeping the first position. */
function mergeEnv(base: readonly string[], overrides: readonly string[]): string[] {
  const merged = [...base];
  const keyOf = (entry: string) => entry.split("=")[0];
  for (const entry of overrides) {
    const index = merged.findIndex((existing) => keyOf(existing) === keyOf(entry));
    if (index === -1) merged.push(entry);
    else merged[index] = entry;
  }
  return merged;
}
