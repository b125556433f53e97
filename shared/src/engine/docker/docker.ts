/**
 * `layercake docker …`: the docker CLI's commands over the simulated daemon. Every command reads
 * through `HostIo` (so that a run can be replayed from its journal) and returns its output and exit
 * code as data; `main.ts` prints them. Wording and formats follow the Docker 20.10 CLI.
 */
import { sha256Digest, shortId } from "../../core/hash.ts";
import { buildImage } from "../builder/build.ts";
import { renderBuildOutput } from "../builder/log.ts";
import {
  type Container,
  commitContainer,
  containerDiff,
  containerSize,
  createContainer,
  execInContainer,
  startContainer,
  stopContainer,
} from "../container/container.ts";
import { prepareContext } from "../context/index.ts";
import { imageHistory } from "../daemon/history.ts";
import { normalizeImageTag } from "../daemon/reference.ts";
import { chainIds } from "../fs/layer.ts";
import { readImageDraft } from "../image/image.ts";
import type { Image } from "../image/types.ts";
import { loadArchive, saveArchive } from "./archive.ts";
import { type FlagSpec, flagValue, flagValues, hasFlag, type ParsedArgs, parseFlags } from "./args.ts";
import {
  type BuildCacheRow,
  buildCacheRows,
  type ContainerRecord,
  chainKeys,
  containerSizeOf,
  containersUsing,
  findContainer,
  historyLayerSize,
  imageCreatedMs,
  imageSize,
  listImageRows,
  type SimDaemon,
  sharedSize,
} from "./daemon.ts";
import { classicOutputOf26 } from "./engine-26.ts";
import { ago, ellipsis, humanSize, renderTable } from "./format.ts";
import {
  CONTAINER_INSPECT,
  executeDockerTemplate,
  IMAGE_INSPECT,
  IMAGE_INSPECT_26,
  parseTemplate,
  type Schema,
  TemplateError,
} from "./go-template.ts";
import type { HostIo } from "./host-io.ts";
import { describeProfile, type EngineVersion } from "./profile.ts";
import { renderInfo, renderVersion } from "./version-info.ts";

export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandEnv {
  readonly io: HostIo;
  /** Milliseconds since the epoch when the command started. */
  readonly nowMs: number;
  /** `DOCKER_BUILDKIT` as set in the environment. */
  readonly dockerBuildkit?: string;
}

/** The commands `layercake docker` supports, for help and error texts. */
export const SUPPORTED_COMMANDS = [
  "build",
  "builder",
  "commit",
  "create",
  "diff",
  "exec",
  "history",
  "image",
  "images",
  "info",
  "inspect",
  "load",
  "ps",
  "rm",
  "rmi",
  "run",
  "save",
  "start",
  "stop",
  "system",
  "tag",
  "version",
] as const;

/** Whether a command can change the daemon's state (such commands are journaled). */
export function isMutatingCommand(argv: readonly string[]): boolean {
  const [command, sub] = argv;
  if (command === "image")
    return sub === "rm" || sub === "tag" || sub === "build" || sub === "load" || sub === "prune";
  if (command === "system" || command === "builder") return sub === "prune";
  if (command === "container") return sub !== "ls" && sub !== "ps" && sub !== "diff" && sub !== "inspect";
  return ["build", "commit", "create", "exec", "load", "rm", "rmi", "run", "start", "stop", "tag"].includes(
    command ?? "",
  );
}

const ok = (stdout = "", stderr = ""): CommandResult => ({ exitCode: 0, stdout, stderr });
const fail = (stderr: string, exitCode = 1, stdout = ""): CommandResult => ({
  exitCode,
  stdout,
  stderr: stderr.endsWith("\n") ? stderr : `${stderr}\n`,
});

type Handler = (daemon: SimDaemon, argv: readonly string[], env: CommandEnv) => CommandResult;

/**
 * Runs one docker command (`["images", "-a"]`) against the daemon.
 * @example runDockerCommand(daemon, ["tag", "tiny:1", "mine:1"], env)
 */
export function runDockerCommand(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "help") return ok(usage(daemon));
  if (command === "image" || command === "container" || command === "system" || command === "builder") {
    const [sub, ...subRest] = rest;
    const handler = GROUPS[command][sub ?? ""];
    if (handler === undefined) {
      const names = Object.keys(GROUPS[command]).join(", ");
      return fail(
        sub === undefined
          ? `Usage: docker ${command} COMMAND\nSupported: ${names}`
          : `docker: '${command} ${sub}' is not a docker command (layercake supports: docker ${command} ${names}).\nSee 'docker ${command} --help'`,
      );
    }
    return handler(daemon, subRest, env);
  }
  const handler = COMMANDS[command];
  if (handler === undefined) {
    return fail(
      `docker: '${command}' is not a docker command.\nSee 'docker --help'\nlayercake supports: ${SUPPORTED_COMMANDS.join(", ")}`,
    );
  }
  return handler(daemon, rest, env);
}

function usage(daemon: SimDaemon): string {
  return `Usage:  layercake docker COMMAND\n\nA simulated Docker ${describeProfile(daemon.profile)} daemon (images, layers, build cache, containers).\n\nCommands:\n${SUPPORTED_COMMANDS.map((name) => `  ${name}`).join("\n")}\n`;
}

/** Parses flags or answers with docker's flag error (exit 125). */
function withFlags(
  command: string,
  argv: readonly string[],
  specs: readonly FlagSpec[],
  body: (args: ParsedArgs) => CommandResult,
  options: { interspersed?: boolean } = {},
): CommandResult {
  const parsed = parseFlags(argv, [...specs, { long: "help" }], options);
  if (parsed.ok && hasFlag(parsed.args, "help")) {
    const lines = [...specs]
      .sort((a, b) => (a.long < b.long ? -1 : 1))
      .map(
        (spec) => `  ${spec.short ? `-${spec.short}, ` : "    "}--${spec.long}${spec.value ? " string" : ""}`,
      );
    return ok(
      `\nUsage:  docker ${command} [OPTIONS]\n\nThe options Layercake simulates${lines.length === 0 ? ": none" : ":"}\n${lines.join("\n")}${lines.length === 0 ? "" : "\n"}`,
    );
  }
  if (!parsed.ok) {
    const supported = specs.map((spec) => (spec.short ? `-${spec.short}/--${spec.long}` : `--${spec.long}`));
    return fail(
      `${parsed.message}\nSee 'docker ${command} --help'.\nlayercake supports: ${supported.join(", ")}`,
      125,
    );
  }
  return body(parsed.args);
}

function requireArgs(
  command: string,
  args: ParsedArgs,
  min: number,
  usageLine: string,
): CommandResult | undefined {
  if (args.positionals.length >= min) return undefined;
  const plural = min === 1 ? "1 argument" : `${min} arguments`;
  return fail(
    `"docker ${command}" requires at least ${plural}.\nSee 'docker ${command} --help'.\n\nUsage:  docker ${usageLine}`,
  );
}

// ---------------------------------------------------------------- build

const BUILD_FLAGS: FlagSpec[] = [
  { long: "tag", short: "t", value: true },
  { long: "file", short: "f", value: true },
  { long: "build-arg", value: true },
  { long: "secret", value: true },
  { long: "no-cache" },
  { long: "target", value: true },
  { long: "quiet", short: "q" },
  { long: "iidfile", value: true },
  { long: "progress", value: true },
  { long: "network", value: true },
  { long: "rm" },
  { long: "force-rm" },
  { long: "pull" },
  { long: "platform", value: true },
];

function build(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("build", argv, BUILD_FLAGS, (args) => {
    const missing = requireArgs("build", args, 1, "build [OPTIONS] PATH | URL | -");
    if (missing) return fail(missing.stderr.replace("at least 1 argument", "exactly 1 argument"));
    const contextDir = args.positionals[0] as string;
    const { io } = env;
    const classic = env.dockerBuildkit === "0" || env.dockerBuildkit === "false";
    const dockerfileArg = flagValue(args, "file") ?? "Dockerfile";
    const contextPath = io.resolve(contextDir);
    if (!io.isDirectory(contextPath)) {
      return fail(`unable to prepare context: path "${contextDir}" not found`);
    }
    const dockerfileFull = io.resolve(
      flagValue(args, "file") === undefined ? `${contextPath}/Dockerfile` : dockerfileArg,
    );
    const dockerfileText = io.readText(dockerfileFull);
    if (dockerfileText === undefined) {
      return classic
        ? fail(
            `unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${dockerfileFull}: no such file or directory`,
          )
        : fail(
            `failed to solve with frontend dockerfile.v0: failed to read dockerfile: open /var/lib/docker/tmp/buildkit-mount/${dockerfileArg}: no such file or directory`,
          );
    }
    const contextTree = io.readContext(contextPath);
    const { context, diagnostics: ignoreDiagnostics } = prepareContext(contextTree);
    const ignoreFile = contextTree.children.get(".dockerignore");
    if (ignoreDiagnostics.length > 0) {
      return fail(`Error response from daemon: ${ignoreDiagnostics[0]?.message ?? ""}`);
    }
    const buildArgs: Record<string, string> = {};
    for (const pair of flagValues(args, "build-arg")) {
      const equals = pair.indexOf("=");
      if (equals === -1) {
        const value = io.env(pair);
        if (value !== undefined) buildArgs[pair] = value;
      } else buildArgs[pair.slice(0, equals)] = pair.slice(equals + 1);
    }
    const secrets: Record<string, string> = {};
    // `--secret id=…,src=…` (BuildKit only; the classic builder ignores it, as Docker 20.10 does).
    for (const spec of classic ? [] : flagValues(args, "secret")) {
      const fields = new Map<string, string>();
      for (const field of spec.split(",")) {
        const equals = field.indexOf("=");
        if (equals === -1) {
          return fail(
            `could not parse secrets: [${spec}]: invalid field '${field}' must be a key=value pair`,
          );
        }
        fields.set(field.slice(0, equals).toLowerCase(), field.slice(equals + 1));
      }
      const id = fields.get("id") ?? "";
      const source = fields.get("src") ?? fields.get("source") ?? id;
      const text = io.readText(io.resolve(source));
      if (text === undefined) {
        // The 26.1 client (buildx) reads the file itself and words the error its own way.
        return fail(
          daemon.profile.version === "26.1"
            ? `ERROR: failed to stat ${source}: stat ${source}: no such file or directory`
            : `could not parse secrets: [${spec}]: failed to stat ${source}: stat ${source}: no such file or directory`,
        );
      }
      secrets[id] = text;
    }
    for (const tag of flagValues(args, "tag")) {
      if (normalizeImageTag(tag) === undefined) {
        return fail(
          `invalid argument "${tag}" for "-t, --tag" flag: invalid reference format\nSee 'docker build --help'.`,
          125,
        );
      }
    }
    let tick = env.nowMs;
    const target = flagValue(args, "target");
    const previouslyTagged = flagValues(args, "tag").flatMap((tag) => {
      const image = daemon.store.getImage(tag);
      return image === undefined ? [] : [image];
    });
    const result = buildImage(
      {
        dockerfile: dockerfileText,
        dockerfilePath: dockerfileArg.replace(/^.*\//, ""),
        context,
        builder: classic ? "classic" : "buildkit",
        imageStore: daemon.profile.store,
        // Docker 26.1 embeds BuildKit v0.13 (see BuildKitFlavour).
        buildkitFlavour: daemon.profile.version === "26.1" ? "engine-26.1" : "engine-20.10",
        // BuildKit keeps one set of local-source cache records per context directory.
        session: contextPath,
        ...(ignoreFile?.kind === "file" ? { dockerignore: ignoreFile.content.text() } : {}),
        buildArgs,
        secrets,
        noCache: hasFlag(args, "no-cache"),
        tags: flagValues(args, "tag"),
        now: {
          now: () => {
            tick += 1;
            return tick;
          },
        },
        ...(target === undefined ? {} : { target }),
      },
      daemon.store,
    );
    if (result.ok && !classic && daemon.profile.store === "containerd") {
      dropUntaggedPredecessors(daemon, previouslyTagged, result.image);
    }
    const rendered = renderBuildOutput(result, context, dockerfileArg.replace(/^.*\//, ""), dockerfileText);
    const output = classic && daemon.profile.version === "26.1" ? classicOutputOf26(rendered) : rendered;
    const iidFile = flagValue(args, "iidfile");
    if (result.ok && result.image !== undefined && iidFile !== undefined)
      io.writeFile(iidFile, result.image.id);
    const exitCode = result.ok ? 0 : classic ? (result.failure?.exitCode ?? 1) : 1;
    if (hasFlag(args, "quiet")) {
      return result.ok && result.image !== undefined
        ? ok(`${result.image.id}\n`)
        : { exitCode, stdout: "", stderr: output.stdout + output.stderr };
    }
    return { exitCode, stdout: output.stdout, stderr: output.stderr };
  });
}

/**
 * The containerd image store keeps an image only while a name points at it: when a BuildKit build
 * moves a tag to its new image (a new index every build), the image the tag named disappears with
 * it unless another tag or a container still uses it (no `<none>` row, nothing for image prune;
 * measured on Docker 26.1, transcripts cache-no-cache and build-cache-usage).
 */
function dropUntaggedPredecessors(
  daemon: SimDaemon,
  previous: readonly Image[],
  built: Image | undefined,
): void {
  for (const image of new Set(previous)) {
    if (image === built || !daemon.store.hasImage(image)) continue;
    if (daemon.store.tagsOf(image).length > 0 || containersUsing(daemon, image).length > 0) continue;
    daemon.store.removeImage(image.id, {
      containersUsing: (candidate) => containersUsing(daemon, candidate),
    });
  }
}

// ---------------------------------------------------------------- images

function images(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "images",
    argv,
    [{ long: "all", short: "a" }, { long: "quiet", short: "q" }, { long: "no-trunc" }],
    (args) => {
      const noTrunc = hasFlag(args, "no-trunc");
      let rows = listImageRows(daemon, hasFlag(args, "all"));
      const filter = args.positionals[0];
      if (filter !== undefined) {
        rows = rows.filter((row) => row.repository === filter || `${row.repository}:${row.tag}` === filter);
      }
      const id = (image: Image) => (noTrunc ? image.id : shortId(image.id));
      if (hasFlag(args, "quiet")) {
        const ids = [...new Set(rows.map((row) => id(row.image)))];
        return ok(ids.length === 0 ? "" : `${ids.join("\n")}\n`);
      }
      return ok(
        renderTable(
          ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"],
          rows.map((row) => [
            row.repository,
            row.tag,
            id(row.image),
            ago(row.createdMs, env.nowMs),
            humanSize(row.size),
          ]),
        ),
      );
    },
  );
}

function findImageOrFail(daemon: SimDaemon, reference: string): Image | CommandResult {
  const image = daemon.store.getImage(reference);
  return image ?? fail(`Error response from daemon: No such image: ${reference}`);
}

function isResult(value: Image | CommandResult): value is CommandResult {
  return "exitCode" in value;
}

function history(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "history",
    argv,
    [{ long: "no-trunc" }, { long: "human", short: "H", value: false }, { long: "quiet", short: "q" }],
    (args) => {
      const missing = requireArgs("history", args, 1, "history [OPTIONS] IMAGE");
      if (missing) return missing;
      const reference = args.positionals[0] as string;
      const image = findImageOrFail(daemon, reference);
      if (isResult(image)) return image;
      const noTrunc = hasFlag(args, "no-trunc");
      const human = flagValue(args, "human") !== "false";
      const rows = imageHistory(daemon.store, image, historyLayerSize(daemon));
      if (hasFlag(args, "quiet")) {
        return ok(
          `${rows.map((row) => (noTrunc || row.image === "<missing>" ? row.image : shortId(row.image))).join("\n")}\n`,
        );
      }
      return ok(
        renderTable(
          ["IMAGE", human ? "CREATED" : "CREATED AT", "CREATED BY", "SIZE", "COMMENT"],
          rows.map((row) => {
            const createdBy = row.createdBy.replaceAll("\t", " ");
            return [
              row.image === "<missing>" || noTrunc ? row.image : shortId(row.image),
              human ? ago(Date.parse(row.created), env.nowMs) : row.created.replace(/\.\d+Z$/, "Z"),
              noTrunc ? createdBy : ellipsis(createdBy, 45),
              human ? humanSize(row.size) : String(row.size),
              row.comment,
            ];
          }),
        ),
      );
    },
  );
}

/** The `docker image inspect` document of an image (Docker 20.10 field names and order). */
export function inspectImage(daemon: SimDaemon, image: Image): Record<string, unknown> {
  const draft = readImageDraft(image);
  const parent = daemon.store.parentOf(image);
  const size = imageSize(image);
  // API 1.45 (Docker 26.1) no longer returns Container, ContainerConfig and VirtualSize.
  const legacy = daemon.profile.version === "20.10";
  return {
    Id: image.id,
    RepoTags: daemon.store.tagsOf(image),
    RepoDigests: [],
    Parent: parent?.id ?? "",
    Comment: draft.history.at(-1)?.comment ?? "",
    Created: draft.created,
    ...(legacy
      ? {
          Container: draft.container ?? "",
          // The full document: the legacy builder links each config's Image field to the parent image.
          ContainerConfig: fullConfig(image.config.container_config ?? {}),
        }
      : {}),
    DockerVersion: draft.docker_version ?? "",
    Author: draft.author ?? "",
    Config: fullConfig(image.config.config),
    Architecture: draft.architecture,
    Os: draft.os,
    Size: size,
    ...(legacy ? { VirtualSize: size } : {}),
    GraphDriver:
      daemon.profile.store === "containerd"
        ? { Data: null, Name: "overlayfs" }
        : { Data: imageGraphDriverData(image), Name: "overlay2" },
    RootFS: { Type: "layers", Layers: image.layers.map((layer) => layer.diffId) },
    Metadata: { LastTagTime: "0001-01-01T00:00:00Z" },
  };
}

const DOCKER_ROOT = "/var/lib/docker";

/**
 * overlay2 names a layer's directory by a random cache ID; the simulator derives one from what the
 * directory holds (the layer's ChainID, the container's ID), so that it is stable between commands.
 */
function overlayDirectory(seed: string): string {
  return `${DOCKER_ROOT}/overlay2/${sha256Digest(`layercake-overlay2-cache-id:${seed}`).slice(7)}`;
}

/** The image's layer directories, top layer first (overlay2's lowerdir order). */
function layerDirectories(image: Image): string[] {
  return chainIds(image.layers.map((layer) => layer.diffId))
    .map((chainId) => overlayDirectory(chainId))
    .reverse();
}

/** `GraphDriver.Data` of an image: its top layer as the upper directory over the ones below. */
function imageGraphDriverData(image: Image): Record<string, string> | null {
  const [top, ...lower] = layerDirectories(image);
  if (top === undefined) return null;
  return {
    ...(lower.length === 0 ? {} : { LowerDir: lower.map((dir) => `${dir}/diff`).join(":") }),
    MergedDir: `${top}/merged`,
    UpperDir: `${top}/diff`,
    WorkDir: `${top}/work`,
  };
}

/** `GraphDriver.Data` of a container: its writable layer over the init layer and the image's layers. */
function containerGraphDriverData(container: Container): Record<string, string> {
  const own = overlayDirectory(`container:${container.id}`);
  const lower = [`${own}-init`, ...layerDirectories(container.image)];
  return {
    LowerDir: lower.map((dir) => `${dir}/diff`).join(":"),
    MergedDir: `${own}/merged`,
    UpperDir: `${own}/diff`,
    WorkDir: `${own}/work`,
  };
}

/** A container config with every field Docker's JSON prints, in its order. */
function fullConfig(source: object): Record<string, unknown> {
  const config = source as Readonly<Record<string, unknown>>;
  const keys = [
    "Hostname",
    "Domainname",
    "User",
    "AttachStdin",
    "AttachStdout",
    "AttachStderr",
    "ExposedPorts",
    "Tty",
    "OpenStdin",
    "StdinOnce",
    "Env",
    "Cmd",
    "Healthcheck",
    "ArgsEscaped",
    "Image",
    "Volumes",
    "WorkingDir",
    "Entrypoint",
    "OnBuild",
    "Labels",
    "StopSignal",
    "Shell",
  ];
  const defaults: Record<string, unknown> = {
    Hostname: "",
    Domainname: "",
    User: "",
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: null,
    Cmd: null,
    Image: "",
    Volumes: null,
    WorkingDir: "",
    Entrypoint: null,
    OnBuild: null,
    Labels: null,
  };
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = config[key] ?? defaults[key];
    if (value === undefined) continue;
    // Go's encoding/json writes map keys sorted (ExposedPorts, Volumes, Labels).
    out[key] =
      value !== null && typeof value === "object" && !Array.isArray(value) && key !== "Healthcheck"
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : value;
  }
  return out;
}

function inspect(
  daemon: SimDaemon,
  argv: readonly string[],
  _env: CommandEnv,
  kind: "any" | "image" | "container",
): CommandResult {
  return withFlags(
    kind === "any" ? "inspect" : `${kind} inspect`,
    argv,
    [
      { long: "size", short: "s" },
      { long: "type", value: true },
      { long: "format", short: "f", value: true },
    ],
    (args) => {
      const missing = requireArgs("inspect", args, 1, "inspect [OPTIONS] NAME|ID [NAME|ID...]");
      if (missing) return missing;
      const format = flagValue(args, "format");
      if (format !== undefined) {
        try {
          parseTemplate(format);
        } catch (error) {
          if (error instanceof TemplateError) return fail(error.message, error.exitCode);
          throw error;
        }
      }
      const documents: { document: Record<string, unknown>; schema: Schema }[] = [];
      const errors: string[] = [];
      for (const reference of args.positionals) {
        const record = kind === "image" ? undefined : findContainer(daemon, reference);
        if (record !== undefined) {
          documents.push({
            document: inspectContainer(daemon, record, hasFlag(args, "size")),
            schema: CONTAINER_INSPECT,
          });
          continue;
        }
        const image = kind === "container" ? undefined : daemon.store.getImage(reference);
        if (image !== undefined)
          documents.push({
            document: inspectImage(daemon, image),
            schema: daemon.profile.version === "26.1" ? IMAGE_INSPECT_26 : IMAGE_INSPECT,
          });
        else errors.push(`Error: No such ${kind === "any" ? "object" : kind}: ${reference}`);
      }
      let stdout = "";
      if (format === undefined) {
        stdout = `${JSON.stringify(
          documents.map((item) => item.document),
          null,
          4,
        )}\n`;
      } else {
        for (const { document, schema } of documents) {
          try {
            stdout += `${executeDockerTemplate(format, document, schema)}\n`;
          } catch (error) {
            // Docker flushes a newline, then reports the error of the template's raw-JSON pass.
            if (error instanceof TemplateError) return fail(error.message, error.exitCode, `${stdout}\n`);
            throw error;
          }
        }
      }
      return errors.length === 0 ? ok(stdout) : fail(errors.join("\n"), 1, stdout);
    },
  );
}

const ZERO_TIME = "0001-01-01T00:00:00Z";

function inspectContainer(
  daemon: SimDaemon,
  record: ContainerRecord,
  withSize: boolean,
): Record<string, unknown> {
  const { container } = record;
  const size = containerSizeOf(daemon, container);
  return {
    Id: container.id,
    Created: new Date(container.created).toISOString(),
    Path: container.entrypoint[0] ?? container.cmd[0] ?? "",
    Args: [...container.entrypoint, ...container.cmd].slice(1),
    State: {
      Status: container.status,
      Running: container.status === "running",
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 0,
      ExitCode: container.exitCode ?? 0,
      Error: "",
      // A simulated process runs to its end the moment it starts.
      StartedAt: container.status === "created" ? ZERO_TIME : new Date(container.created).toISOString(),
      FinishedAt: container.status === "exited" ? new Date(container.created).toISOString() : ZERO_TIME,
    },
    Image: container.image.id,
    Name: `/${container.name}`,
    Driver: "overlay2",
    GraphDriver: { Data: containerGraphDriverData(container), Name: "overlay2" },
    ...(withSize ? { SizeRw: size.sizeRw, SizeRootFs: size.sizeRootFs } : {}),
    Config: {
      Hostname: container.id.slice(0, 12),
      User: container.user,
      Env: container.configEnv.length === 0 ? null : [...container.configEnv],
      Cmd: [...container.cmd],
      Image: record.imageName,
      WorkingDir: container.workdir,
      Entrypoint: container.entrypoint.length === 0 ? null : [...container.entrypoint],
    },
  };
}

function tag(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags("tag", argv, [], (args) => {
    if (args.positionals.length !== 2) {
      return fail(
        `"docker tag" requires exactly 2 arguments.\nSee 'docker tag --help'.\n\nUsage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]`,
      );
    }
    const [source = "", target = ""] = args.positionals;
    const image = findImageOrFail(daemon, source);
    if (isResult(image)) return image;
    if (daemon.store.tagImage(image, target) === undefined) {
      return fail(
        `Error parsing reference: "${target}" is not a valid repository/tag: invalid reference format`,
      );
    }
    return ok();
  });
}

function rmi(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags("rmi", argv, [{ long: "force", short: "f" }, { long: "no-prune" }], (args) => {
    const missing = requireArgs("rmi", args, 1, "rmi [OPTIONS] IMAGE [IMAGE...]");
    if (missing) return missing;
    const out: string[] = [];
    const errors: string[] = [];
    for (const reference of args.positionals) {
      const result = daemon.store.removeImage(reference, {
        force: hasFlag(args, "force"),
        prune: !hasFlag(args, "no-prune"),
        containersUsing: (image) => containersUsing(daemon, image),
      });
      for (const record of result.records) {
        out.push("untagged" in record ? `Untagged: ${record.untagged}` : `Deleted: ${record.deleted}`);
      }
      if (!result.ok) {
        errors.push(
          result.error.startsWith("Error: No such image")
            ? `Error: No such image: ${reference}`
            : result.error,
        );
      }
    }
    const stdout = out.length === 0 ? "" : `${out.join("\n")}\n`;
    return errors.length === 0 ? ok(stdout) : fail(errors.join("\n"), 1, stdout);
  });
}

// ---------------------------------------------------------------- containers

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

/** Long-running main processes (`sleep 600`, `tail -f`) keep a started container `Up`. */
function isLongRunning(argv: readonly string[]): boolean {
  const words = argv.map((word) => word.replace(/^.*\//, ""));
  const program = words[0] === "busybox" ? words[1] : words[0];
  if (program === "sleep") return true;
  if (program === "tail" && words.includes("-f")) return true;
  if (program === "sh" && words.includes("-c")) {
    const script = argv[argv.indexOf("-c") + 1] ?? "";
    return /(^|[;&|]\s*)(\/bin\/busybox\s+)?(sleep\s+\d+|tail\s+-f)\s*$/.test(script.trim());
  }
  return false;
}

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
  const record: ContainerRecord = {
    container,
    imageName: reference,
    autoRemove: hasFlag(args, "rm"),
    userEnv,
  };
  daemon.containers.push(record);
  return { record };
}

function create(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "create",
    argv,
    CREATE_FLAGS,
    (args) => {
      const missing = requireArgs("create", args, 1, "create [OPTIONS] IMAGE [COMMAND] [ARG...]");
      if (missing) return missing;
      const created = createRecord(daemon, args, env, "create");
      if ("error" in created) return created.error;
      return ok(`${created.record.container.id}\n`);
    },
    { interspersed: false },
  );
}

/** Starts a container's main process; returns what it printed. */
function startRecord(daemon: SimDaemon, record: ContainerRecord, env: CommandEnv): CommandResult {
  const argv = [...record.container.entrypoint, ...record.container.cmd];
  const result = startContainer(record.container, daemon.runtime, env.nowMs);
  if (result.exitCode === 126 || result.exitCode === 127 || (result.exitCode === 125 && argv.length === 0)) {
    const message = result.stderr.trim();
    if (/^exec: /.test(message)) {
      // runc fails before the process exists: the container stays Created with the exit code set.
      record.container = { ...result.container, status: "created", exitCode: result.exitCode };
      const text = `${daemon.profile.version === "26.1" ? "failed to create task for container: " : ""}failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${message}: unknown`;
      return { exitCode: result.exitCode, stdout: "", stderr: `${text}\n` };
    }
  }
  const longRunning = isLongRunning(argv) && result.exitCode === 0;
  record.container = longRunning
    ? (({ exitCode: _exitCode, ...rest }) => ({ ...rest, status: "running" as const }))(result.container)
    : result.container;
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

function start(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "start",
    argv,
    [
      { long: "attach", short: "a" },
      { long: "interactive", short: "i" },
    ],
    (args) => {
      const missing = requireArgs("start", args, 1, "start [OPTIONS] CONTAINER [CONTAINER...]");
      if (missing) return missing;
      const attach = hasFlag(args, "attach");
      let stdout = "";
      let stderr = "";
      let exitCode = 0;
      for (const reference of args.positionals) {
        const record = findContainer(daemon, reference);
        if (record === undefined) {
          stderr += `Error response from daemon: No such container: ${reference}\nError: failed to start containers: ${reference}\n`;
          exitCode = 1;
          continue;
        }
        if (record.container.status === "running") {
          if (!attach) stdout += `${reference}\n`;
          continue;
        }
        const result = startRecord(daemon, record, env);
        if (/^(failed to create task for container: )?failed to create shim task/.test(result.stderr)) {
          stderr += `Error response from daemon: ${result.stderr.trim()}\nError: failed to start containers: ${reference}\n`;
          exitCode = 1;
          continue;
        }
        if (attach) {
          stdout += result.stdout;
          stderr += result.stderr;
          exitCode = result.exitCode;
        } else stdout += `${reference}\n`;
      }
      return { exitCode, stdout, stderr };
    },
  );
}

function run(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "run",
    argv,
    CREATE_FLAGS,
    (args) => {
      const missing = requireArgs("run", args, 1, "run [OPTIONS] IMAGE [COMMAND] [ARG...]");
      if (missing) return missing;
      const created = createRecord(daemon, args, env, "run");
      if ("error" in created) return created.error;
      const { record } = created;
      const result = startRecord(daemon, record, env);
      if (/^(failed to create task for container: )?failed to create shim task/.test(result.stderr)) {
        if (record.autoRemove) removeRecord(daemon, record);
        return fail(`docker: Error response from daemon: ${result.stderr.trim()}.`, result.exitCode);
      }
      if (result.stderr.startsWith("docker: Error response from daemon")) {
        return { exitCode: result.exitCode, stdout: "", stderr: result.stderr };
      }
      if (record.autoRemove && record.container.status !== "running") removeRecord(daemon, record);
      if (hasFlag(args, "detach")) return ok(`${record.container.id}\n`);
      return result;
    },
    { interspersed: false },
  );
}

// ---------------------------------------------------------------- prune

const PRUNE_WARNINGS = {
  containers: "WARNING! This will remove all stopped containers.",
  dangling: "WARNING! This will remove all dangling images.",
  all: "WARNING! This will remove all images without at least one container associated to them.",
};

/**
 * Without --force the CLI asks and reads the answer from standard input; the simulator has none
 * to give, so the answer is "no", as with `docker … prune < /dev/null`: nothing is removed, and the
 * CLI still reports what it reclaimed.
 */
function declinedPrune(warning: string): CommandResult {
  return ok(`${warning}\nAre you sure you want to continue? [y/N] Total reclaimed space: 0B\n`);
}

/** What one part of a prune deleted: its output section (empty when nothing) and the bytes freed. */
interface PruneOutcome {
  readonly section: string;
  readonly reclaimed: number;
}

function pruneResult(...outcomes: PruneOutcome[]): CommandResult {
  const reclaimed = outcomes.reduce((sum, outcome) => sum + outcome.reclaimed, 0);
  return ok(
    `${outcomes.map((outcome) => outcome.section).join("")}Total reclaimed space: ${humanSize(reclaimed, 4)}\n`,
  );
}

function section(title: string, lines: readonly string[]): string {
  return lines.length === 0 ? "" : `${title}\n${lines.join("\n")}\n\n`;
}

/** Every container that is not running, newest first; their SizeRw. */
function pruneContainers(daemon: SimDaemon): PruneOutcome {
  const stopped = [...daemon.containers].reverse().filter((record) => record.container.status !== "running");
  let reclaimed = 0;
  for (const record of stopped) {
    reclaimed += containerSizeOf(daemon, record.container).sizeRw;
    removeRecord(daemon, record);
  }
  return {
    section: section(
      "Deleted Containers:",
      stopped.map((record) => record.container.id),
    ),
    reclaimed,
  };
}

/**
 * Images as the 20.10 daemon prunes them (daemon/images/image_prune.go): the candidates are images
 * without children (dangling only) or all images, leaving out untagged images that have children
 * (the classic builder's intermediates); dangling mode deletes only the untagged ones, `all`
 * deletes tagged ones through each tag. Every deletion prunes untagged parents, and one that
 * conflicts (a container uses the image) is skipped. The space reclaimed is the size of every layer
 * deleted with them — none that the build cache still holds.
 */
function pruneImages(daemon: SimDaemon, all: boolean): PruneOutcome {
  const { store } = daemon;
  const layerSizes = new Map<string, number>();
  for (const image of store.listImages()) {
    const chains = chainIds(image.layers.map((layer) => layer.diffId));
    for (const [index, layer] of image.layers.entries()) layerSizes.set(chains[index] as string, layer.size);
  }
  const candidates = store
    .listImages()
    .filter((image) => all || store.childrenOf(image).length === 0)
    .filter((image) => store.tagsOf(image).length > 0 || store.childrenOf(image).length === 0);
  const options = { prune: true, containersUsing: (image: Image) => containersUsing(daemon, image) };
  const records: string[] = [];
  let reclaimed = 0;
  const remove = (reference: string) => {
    const result = store.removeImage(reference, options);
    // The daemon drops the records of a deletion that failed.
    if (!result.ok) return;
    for (const record of result.records) {
      if ("untagged" in record) records.push(`untagged: ${record.untagged}`);
      else {
        records.push(`deleted: ${record.deleted}`);
        reclaimed += layerSizes.get(record.deleted) ?? 0;
      }
    }
  };
  for (const image of candidates) {
    if (!store.hasImage(image)) continue;
    const tags = store.tagsOf(image);
    if (tags.length === 0) remove(image.id.replace(/^sha256:/, ""));
    else if (all) for (const tag of tags) remove(tag);
  }
  return { section: section("Deleted Images:", records), reclaimed };
}

/**
 * BuildKit's build cache: with `all` every record, otherwise the dangling ones — those no image
 * shares a layer with (the local sources, results of steps whose image is gone). The reclaimed
 * size counts every deleted record's size, shared or not, as BuildKit reports it.
 */
/** Removes the build cache records a prune deletes (with `all`, shared ones too); returns them. */
function pruneBuildCacheRows(daemon: SimDaemon, all: boolean): BuildCacheRow[] {
  const rows = buildCacheRows(daemon).filter((row) => all || !row.shared);
  const cache = daemon.store.buildkitCache;
  cache.remove(rows.flatMap((row) => (row.step === undefined ? [] : [row.step])));
  cache.removeOtherRecords(rows.flatMap((row) => (row.other === undefined ? [] : [row.other])));
  return rows;
}

function pruneBuildCache(daemon: SimDaemon, all: boolean): PruneOutcome {
  const rows = pruneBuildCacheRows(daemon, all);
  return {
    section: section(
      "Deleted build cache objects:",
      rows.map((row) => row.id),
    ),
    reclaimed: rows.reduce((sum, row) => sum + row.size, 0),
  };
}

const FORCE: FlagSpec = { long: "force", short: "f" };
const ALL: FlagSpec = { long: "all", short: "a" };

function containerPrune(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags("container prune", argv, [FORCE], (args) =>
    hasFlag(args, "force") ? pruneResult(pruneContainers(daemon)) : declinedPrune(PRUNE_WARNINGS.containers),
  );
}

function imagePrune(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags("image prune", argv, [ALL, FORCE], (args) => {
    const all = hasFlag(args, "all");
    if (!hasFlag(args, "force")) return declinedPrune(all ? PRUNE_WARNINGS.all : PRUNE_WARNINGS.dangling);
    return pruneResult(pruneImages(daemon, all));
  });
}

function builderPrune(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags("builder prune", argv, [ALL, FORCE], (args) => {
    const all = hasFlag(args, "all");
    if (!hasFlag(args, "force")) {
      // The builder's warning and question share one line.
      const warning = `WARNING! This will remove all ${all ? "" : "dangling "}build cache.`;
      return ok(`${warning} Are you sure you want to continue? [y/N] Total reclaimed space: 0B\n`);
    }
    if (daemon.profile.version === "26.1") return ok(builderPruneTable(pruneBuildCacheRows(daemon, all)));
    return pruneResult(pruneBuildCache(daemon, all));
  });
}

/**
 * Docker 26.1's `builder prune` (buildx) lists what it deleted as a table: ID (`*` marks a mutable
 * record, BuildKit's local sources), RECLAIMABLE, SIZE and LAST ACCESSED, then the total.
 */
function builderPruneTable(rows: readonly BuildCacheRow[]): string {
  const lines = ["ID\t\t\t\t\t\tRECLAIMABLE\tSIZE\t\tLAST ACCESSED"];
  for (const row of rows) {
    const id = `${row.id}${row.type === "source.local" ? "*" : ""}`.padEnd(40);
    lines.push(`${id}\ttrue \t${humanSize(row.size, 4).padEnd(10)}\tLess than a second ago`);
  }
  const total = rows.reduce((sum, row) => sum + row.size, 0);
  return `${lines.join("\n")}\nTotal:\t${humanSize(total, 4)}\n`;
}

/**
 * `docker system prune -f [-a]`: stopped containers, (unused networks: none here), dangling or all
 * unused images, then the dangling or all build cache, in that order. Declined, it prints no total.
 */
function systemPrune(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags("system prune", argv, [ALL, FORCE], (args) => {
    const all = hasFlag(args, "all");
    if (!hasFlag(args, "force")) {
      return ok(
        `WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n  - ${all ? "all images without at least one container associated to them" : "all dangling images"}\n  - all ${all ? "" : "dangling "}build cache\n\nAre you sure you want to continue? [y/N] `,
      );
    }
    return pruneResult(pruneContainers(daemon), pruneImages(daemon, all), pruneBuildCache(daemon, all));
  });
}

function removeRecord(daemon: SimDaemon, record: ContainerRecord): void {
  const index = daemon.containers.indexOf(record);
  if (index !== -1) daemon.containers.splice(index, 1);
}

function exec(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "exec",
    argv,
    [
      { long: "interactive", short: "i" },
      { long: "tty", short: "t" },
      { long: "env", short: "e", value: true },
      { long: "user", short: "u", value: true },
      { long: "workdir", short: "w", value: true },
    ],
    (args) => {
      const missing = requireArgs("exec", args, 2, "exec [OPTIONS] CONTAINER COMMAND [ARG...]");
      if (missing) return missing;
      const [reference = "", ...command] = args.positionals;
      const record = findContainer(daemon, reference);
      if (record === undefined) return fail(`Error: No such container: ${reference}`);
      if (record.container.status !== "running") {
        const word = daemon.profile.version === "26.1" ? "container" : "Container";
        return fail(`Error response from daemon: ${word} ${record.container.id} is not running`);
      }
      const result = execInContainer(record.container, command, daemon.runtime, env.nowMs);
      record.container = result.container;
      if (/^exec: /.test(result.stderr)) {
        return fail(
          `OCI runtime exec failed: exec failed: unable to start container process: ${result.stderr.trim()}: unknown`,
          result.exitCode,
        );
      }
      return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
    },
    { interspersed: false },
  );
}

function stop(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags("stop", argv, [{ long: "time", short: "t", value: true }], (args) => {
    const missing = requireArgs("stop", args, 1, "stop [OPTIONS] CONTAINER [CONTAINER...]");
    if (missing) return missing;
    let stdout = "";
    const errors: string[] = [];
    for (const reference of args.positionals) {
      const record = findContainer(daemon, reference);
      if (record === undefined) {
        errors.push(`Error response from daemon: No such container: ${reference}`);
        continue;
      }
      if (record.container.status === "running") {
        // A `sleep` as PID 1 ignores SIGTERM: the daemon kills it after the timeout (137).
        record.container = { ...stopContainer(record.container), exitCode: 137 };
        if (record.autoRemove) removeRecord(daemon, record);
      }
      stdout += `${reference}\n`;
    }
    return errors.length === 0 ? ok(stdout) : fail(errors.join("\n"), 1, stdout);
  });
}

function rm(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags(
    "rm",
    argv,
    [
      { long: "force", short: "f" },
      { long: "volumes", short: "v" },
    ],
    (args) => {
      const missing = requireArgs("rm", args, 1, "rm [OPTIONS] CONTAINER [CONTAINER...]");
      if (missing) return missing;
      let stdout = "";
      const errors: string[] = [];
      for (const reference of args.positionals) {
        const record = findContainer(daemon, reference);
        if (record === undefined) {
          errors.push(`Error: No such container: ${reference}`);
          continue;
        }
        if (record.container.status === "running" && !hasFlag(args, "force")) {
          errors.push(
            daemon.profile.version === "26.1"
              ? `Error response from daemon: cannot remove container "/${record.container.name}": container is running: stop the container before removing or force remove`
              : `Error response from daemon: You cannot remove a running container ${record.container.id}. Stop the container before attempting removal or force remove`,
          );
          continue;
        }
        removeRecord(daemon, record);
        stdout += `${reference}\n`;
      }
      return errors.length === 0 ? ok(stdout) : fail(errors.join("\n"), 1, stdout);
    },
  );
}

function diff(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags("diff", argv, [], (args) => {
    if (args.positionals.length !== 1) {
      return fail(
        `"docker diff" requires exactly 1 argument.\nSee 'docker diff --help'.\n\nUsage:  docker diff CONTAINER`,
      );
    }
    const reference = args.positionals[0] as string;
    const record = findContainer(daemon, reference);
    if (record === undefined) return fail(`Error: No such container: ${reference}`);
    const entries = containerDiff(record.container);
    return ok(
      entries.length === 0 ? "" : `${entries.map((entry) => `${entry.kind} ${entry.path}`).join("\n")}\n`,
    );
  });
}

function commit(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
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
      const changes = parseCommitChanges(flagValues(args, "change"), daemon.profile.version);
      if ("error" in changes) return fail(`Error response from daemon: ${changes.error}`);
      const message = flagValue(args, "message");
      const author = flagValue(args, "author");
      const { image } = commitContainer(record.container, {
        now: env.nowMs,
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
  version: EngineVersion,
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
      default:
        // 20.10 lower-cased the instruction in its message; 26.1 names it as written.
        return {
          error: `${version === "26.1" ? (match[1] as string) : (match[1] as string).toLowerCase()} is not a valid change command`,
        };
    }
  }
  return { config, env };
}

function ps(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
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
          ...(withSize ? [containerSizeText(daemon, record)] : []),
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
export function containerSizeText(daemon: SimDaemon, record: ContainerRecord): string {
  const size = containerSizeOf(daemon, record.container);
  return `${humanSize(size.sizeRw)} (virtual ${humanSize(size.sizeRootFs)})`;
}

function system(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("system df", argv, [{ long: "verbose", short: "v" }], (args) => {
    const topLevel = [...new Set(listImageRows(daemon, false).map((row) => row.image))];
    const layerSizes = new Map<string, number>();
    for (const image of daemon.store.listImages()) {
      const keys = chainKeys(image.layers);
      for (const [index, layer] of image.layers.entries()) layerSizes.set(keys[index] as string, layer.size);
    }
    const totalImages = [...layerSizes.values()].reduce((sum, size) => sum + size, 0);
    const usedIds = new Set(daemon.containers.map((record) => record.container.image.id));
    const active = topLevel.filter((image) => usedIds.has(image.id));
    // docker/cli formatter/disk_usage.go: reclaimable = layers size − unique size of images in use.
    const usedUnique = active.reduce((sum, image) => sum + imageSize(image) - sharedSize(daemon, image), 0);
    const rwSizes = daemon.containers.map((record) => ({
      size: containerSizeOf(daemon, record.container).sizeRw,
      running: record.container.status === "running",
    }));
    const totalContainers = rwSizes.reduce((sum, item) => sum + item.size, 0);
    const reclaimableContainers = rwSizes
      .filter((item) => !item.running)
      .reduce((sum, item) => sum + item.size, 0);
    const reclaimable = (total: number, reclaim: number) =>
      total > 0
        ? `${humanSize(reclaim, 4)} (${Math.floor((reclaim * 100) / total)}%)`
        : humanSize(reclaim, 4);
    const cacheRows = buildCacheRows(daemon);
    // docker/cli's disk usage: a shared record's bytes are the images'; none is in use between builds.
    const cacheSize = cacheRows.filter((row) => !row.shared).reduce((sum, row) => sum + row.size, 0);
    if (!hasFlag(args, "verbose")) {
      return ok(
        renderTable(
          ["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"],
          [
            [
              "Images",
              String(topLevel.length),
              String(active.length),
              humanSize(totalImages, 4),
              reclaimable(totalImages, totalImages - usedUnique),
            ],
            [
              "Containers",
              String(daemon.containers.length),
              String(rwSizes.filter((item) => item.running).length),
              humanSize(totalContainers, 4),
              reclaimable(totalContainers, reclaimableContainers),
            ],
            ["Local Volumes", "0", "0", "0B", "0B"],
            ["Build Cache", String(cacheRows.length), "0", humanSize(cacheSize, 4), humanSize(cacheSize, 4)],
          ],
        ),
      );
    }
    const imageRows = listImageRows(daemon, false).map((row) => {
      const shared = sharedSize(daemon, row.image);
      return [
        row.repository,
        row.tag,
        shortId(row.image.id),
        ago(imageCreatedMs(row.image), env.nowMs),
        humanSize(row.size, 4),
        humanSize(shared, 4),
        humanSize(row.size - shared, 4),
        String(daemon.containers.filter((record) => record.container.image.id === row.image.id).length),
      ];
    });
    const containerRows = [...daemon.containers]
      .reverse()
      .map((record) => [
        shortId(record.container.id),
        containerImageName(daemon, record),
        `"${ellipsis([...record.container.entrypoint, ...record.container.cmd].join(" "), 20)}"`,
        "0",
        humanSize(containerSizeOf(daemon, record.container).sizeRw),
        ago(record.container.created, env.nowMs),
        containerStatus(record, env.nowMs),
        record.container.name,
      ]);
    return ok(
      `Images space usage:\n\n${renderTable(["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS"], imageRows)}\nContainers space usage:\n\n${renderTable(["CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE", "CREATED", "STATUS", "NAMES"], containerRows)}\nLocal Volumes space usage:\n\nVOLUME NAME   LINKS     SIZE\n\nBuild cache usage: ${humanSize(cacheSize, 4)}\n\n${renderTable(
        ["CACHE ID", "CACHE TYPE", "SIZE", "CREATED", "LAST USED", "USAGE", "SHARED"],
        cacheRows.map((row) => [
          row.id,
          row.type,
          humanSize(row.size, 4),
          ago(row.createdMs, env.nowMs),
          ago(row.lastUsedMs, env.nowMs),
          String(row.usage),
          String(row.shared),
        ]),
      )}`,
    );
  });
}

function save(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("save", argv, [{ long: "output", short: "o", value: true }], (args) => {
    const missing = requireArgs("save", args, 1, "save [OPTIONS] IMAGE [IMAGE...]");
    if (missing) return missing;
    const output = flagValue(args, "output");
    if (output === undefined)
      return fail("cowardly refusing to save to a terminal. Use the -o flag or redirect");
    const images: { image: Image; reference: string }[] = [];
    for (const reference of args.positionals) {
      const image = findImageOrFail(daemon, reference);
      if (isResult(image)) return image;
      images.push({ image, reference });
    }
    env.io.writeFile(output, saveArchive(daemon, images));
    return ok();
  });
}

function load(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "load",
    argv,
    [
      { long: "input", short: "i", value: true },
      { long: "quiet", short: "q" },
    ],
    (args) => {
      const input = flagValue(args, "input");
      if (input === undefined) return fail("requested load from stdin, but stdin is empty");
      const bytes = env.io.readBytes(input);
      if (bytes === undefined) return fail(`open ${input}: no such file or directory`);
      const result = loadArchive(daemon, bytes, env.nowMs);
      if (!result.ok) return fail(`Error response from daemon: ${result.error}`);
      return ok(result.lines.map((line) => `${line}\n`).join(""));
    },
  );
}

const COMMANDS: Record<string, Handler> = {
  build,
  commit,
  create,
  diff,
  exec,
  history,
  images,
  info: (daemon, argv) => infoCommand(daemon, argv),
  inspect: (daemon, argv, env) => inspect(daemon, argv, env, "any"),
  load,
  ps,
  rm,
  rmi: (daemon, argv) => rmi(daemon, argv),
  run,
  save,
  start,
  stop: (daemon, argv) => stop(daemon, argv),
  tag: (daemon, argv) => tag(daemon, argv),
  version: (daemon, argv) => versionCommand(daemon, argv),
};

function versionCommand(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags("version", argv, [], () => ok(renderVersion(daemon.profile)));
}

function infoCommand(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags("info", argv, [], () => ok(renderInfo(daemon)));
}

const GROUPS: Record<"image" | "container" | "system" | "builder", Record<string, Handler>> = {
  image: {
    build,
    history,
    inspect: (daemon, argv, env) => inspect(daemon, argv, env, "image"),
    load,
    ls: images,
    prune: (daemon, argv) => imagePrune(daemon, argv),
    rm: (daemon, argv) => rmi(daemon, argv),
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
    prune: (daemon, argv) => containerPrune(daemon, argv),
    rm,
    run,
    start,
    stop: (daemon, argv) => stop(daemon, argv),
  },
  system: {
    df: system,
    info: (daemon, argv) => infoCommand(daemon, argv),
    prune: systemPrune,
  },
  builder: { prune: builderPrune },
};

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
