/**
 * `docker ps` / `docker container ls`: the CLI's container formatter (docker/cli
 * cli/command/formatter/container.go) — the default table, `-a`, `-s`, `-q`, `--no-trunc`,
 * `-n/--last`, `-l/--latest`, `--filter status=/name=/ancestor=/id=`, and `--format` Go templates
 * over `.ID .Image .Command .CreatedAt .RunningFor .Ports .State .Status .Size .Names .Labels
 * .Label "key" .Mounts .Networks .LocalVolumes` with the `table` prefix and `json` (from Docker 23;
 * 20.10 prints the word as a template). Also the container columns `system df -v` shares.
 */

import { sha256Digest, shortId } from "../../../core/hash.ts";
import { listingSize } from "../../units/human-size.ts";
import { flagValue, hasFlag } from "../args.ts";
import { type CommandEnv, type CommandResult, fail, ok, profileOf, withFlags } from "../command.ts";
import { type ContainerRecord, containerSizeOf, type SimDaemon } from "../daemon.ts";
import { ago, ellipsis } from "../format.ts";
import { executeTypedTemplate, type Schema, TemplateError } from "../go-template/index.ts";
import { type DaemonProfile, DOCKER_20_10 } from "../profile.ts";
import { type ContextRow, type FormatterContext, writeColumns, writeFormatted } from "./formatter.ts";
import { goUnixTimeString, invalidFilter, isFilterError, parseListFilters } from "./list-filters.ts";

/** The default table's columns (`table {{.ID}}\t{{.Image}}\t…`); -s adds Size. */
const DEFAULT_COLUMNS = ["ID", "Image", "Command", "RunningFor", "Status", "Ports", "Names"];

const CONTAINER_STRING_FIELDS = [
  "ID",
  "Image",
  "Command",
  "CreatedAt",
  "RunningFor",
  "Ports",
  "State",
  "Status",
  "Size",
  "Names",
  "Labels",
  "Mounts",
  "Networks",
  "LocalVolumes",
] as const;

/** The schema ContainerContext shows a template: its string methods, and Label taking a key. */
const CONTAINER_SCHEMA: Schema = [
  ...CONTAINER_STRING_FIELDS.map((name) => [name, "string"] as const),
  ["Label", { method: 1 }],
];

const CONTAINER_CONTEXT: FormatterContext = {
  schema: CONTAINER_SCHEMA,
  goType: "*formatter.ContainerContext",
  headers: {
    ID: "CONTAINER ID",
    Image: "IMAGE",
    Command: "COMMAND",
    CreatedAt: "CREATED AT",
    RunningFor: "CREATED",
    Ports: "PORTS",
    State: "STATE",
    Status: "STATUS",
    Size: "SIZE",
    Names: "NAMES",
    Labels: "LABELS",
    Label: "LABEL",
    Mounts: "MOUNTS",
    Networks: "NETWORKS",
    LocalVolumes: "LOCAL VOLUMES",
  },
};

/** Go's strconv.Quote for the COMMAND column: `"`, `\` and control characters escaped. */
function goQuote(text: string): string {
  return JSON.stringify(text).replace(/\\u00([0-1][0-9a-f])/g, "\\x$1");
}

/**
 * An anonymous volume's name: Docker draws 64 random hex digits; the simulator, which keeps no
 * volume store, derives them from the container and path so that listings stay stable.
 */
function anonymousVolumeName(containerId: string, path: string): string {
  return sha256Digest(`${containerId}\n${path}`).replace(/^sha256:/, "");
}

interface ContainerFormatOptions {
  readonly trunc: boolean;
  /** Whether the daemon was asked for sizes (`-s`, or a template using `.Size`). */
  readonly size: boolean;
  readonly nowMs: number;
  readonly profile: DaemonProfile;
}

/** One container as ContainerContext presents it. */
function containerContext(
  daemon: SimDaemon,
  record: ContainerRecord,
  options: ContainerFormatOptions,
): ContextRow {
  const { container } = record;
  const command = [...container.entrypoint, ...container.cmd].join(" ");
  const labels = container.image.config.config?.Labels ?? {};
  const volumes = container.volumes.map((path) => {
    const name = anonymousVolumeName(container.id, path);
    return options.trunc ? ellipsis(name, 15) : name;
  });
  let size = "0B";
  if (options.size) {
    const { sizeRw, sizeRootFs } = containerSizeOf(options.profile, container);
    size =
      sizeRootFs > 0 ? `${listingSize(sizeRw)} (virtual ${listingSize(sizeRootFs)})` : listingSize(sizeRw);
  }
  return {
    ID: options.trunc ? shortId(container.id) : container.id,
    Image: containerImageName(daemon, record, options.trunc),
    Command: goQuote(options.trunc ? ellipsis(command, 20) : command),
    CreatedAt: goUnixTimeString(container.created),
    RunningFor: ago(container.created, options.nowMs),
    Ports: "",
    State: container.status,
    Status: containerStatus(record, options.nowMs),
    Size: size,
    Names: container.name,
    Labels: Object.keys(labels)
      .sort()
      .map((key) => `${key}=${labels[key]}`)
      .join(","),
    Label: (key: string) => labels[key] ?? "",
    Mounts: volumes.join(","),
    Networks: record.network ?? "bridge",
    LocalVolumes: String(container.volumes.length),
  };
}

/**
 * The CLI's check of a `--format` before it asks the daemon (buildContainerListOptions): the
 * template as given is parsed and run over an empty ContainerContext, which also records whether it
 * reads `.Size` (then the list is requested with sizes).
 */
function checkTemplate(format: string): { usesSize: boolean } | CommandResult {
  let usesSize = false;
  const probe: Record<string, unknown> = {
    ...Object.fromEntries(CONTAINER_STRING_FIELDS.map((name) => [name, ""])),
    Label: () => "",
  };
  Object.defineProperty(probe, "Size", {
    enumerable: true,
    get: () => {
      usesSize = true;
      return "";
    },
  });
  try {
    executeTypedTemplate(format, probe, CONTAINER_SCHEMA, CONTAINER_CONTEXT.goType);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return error.exitCode === 64
      ? fail(`failed to parse template: ${error.message.replace(/^template parsing error: /, "")}`, 1)
      : fail(`failed to execute template: ${error.message}`, 1);
  }
  return { usesSize };
}

const STATUSES = ["created", "restarting", "running", "removing", "paused", "exited", "dead"];

/** Whether `record` passes the filters (moby daemon/list.go: status, name as a regexp, ancestor, id). */
function passesFilters(
  daemon: SimDaemon,
  record: ContainerRecord,
  filters: ReadonlyMap<string, readonly string[]>,
): boolean {
  const { container } = record;
  const any = (key: string, test: (value: string) => boolean) => {
    const values = filters.get(key);
    return values === undefined || values.some(test);
  };
  return (
    any("status", (value) => value === container.status) &&
    any("name", (value) => new RegExp(value).test(`/${container.name}`)) &&
    any("id", (value) => container.id.replace(/^sha256:/, "").startsWith(value)) &&
    any("ancestor", (value) => {
      // the image or any image built on it: the container's image holds its layers
      const ancestor = daemon.store.resolveBaseImage(value);
      if (ancestor === undefined) return false;
      const layers = container.image.layers;
      return (
        ancestor.id === container.image.id ||
        (ancestor.layers.length <= layers.length &&
          ancestor.layers.every((layer, index) => layers[index]?.diffId === layer.diffId))
      );
    })
  );
}

export function ps(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "ps",
    argv,
    [
      { long: "all", short: "a" },
      { long: "size", short: "s", value: false },
      { long: "quiet", short: "q" },
      { long: "no-trunc" },
      { long: "last", short: "n", value: true },
      { long: "latest", short: "l" },
      { long: "filter", short: "f", value: true },
      { long: "format", value: true },
    ],
    (args) => {
      const profile = profileOf(env);
      const filters = parseListFilters(
        "ps",
        args,
        ["status", "name", "ancestor", "id", "label", "exited"],
        profile,
      );
      if (isFilterError(filters)) return filters;
      for (const status of filters.get("status") ?? []) {
        if (!STATUSES.includes(status)) return invalidFilter(profile, `status=${status}`);
      }
      const lastText = flagValue(args, "last") ?? "-1";
      if (!/^-?\d+$/.test(lastText)) {
        return fail(
          `invalid argument "${lastText}" for "-n, --last" flag: strconv.ParseInt: parsing "${lastText}": invalid syntax\nSee 'docker ps --help'.`,
          125,
        );
      }
      const last = hasFlag(args, "latest") ? 1 : Number(lastText);
      // -n and -l list containers in every state, as -a does
      const all = hasFlag(args, "all") || last > 0 || filters.has("status");
      let records = [...daemon.containers]
        .filter((record) => all || record.container.status === "running")
        .filter((record) => passesFilters(daemon, record, filters))
        .reverse();
      if (last > 0) records = records.slice(0, last);
      const given = flagValue(args, "format") ?? "";
      const source = given || "table";
      const quiet = hasFlag(args, "quiet");
      let usesSize = false;
      if (given !== "") {
        const checked = checkTemplate(given);
        if ("exitCode" in checked) return checked;
        usesSize = checked.usesSize;
      }
      // -s=false keeps sizes off; otherwise a template that uses .Size asks the daemon for them
      const sizeChanged = flagValue(args, "size") !== undefined;
      const size = sizeChanged ? flagValue(args, "size") !== "false" : !quiet && usesSize;
      const options: ContainerFormatOptions = {
        trunc: !hasFlag(args, "no-trunc"),
        size: size && !quiet,
        nowMs: env.nowMs,
        profile,
      };
      const contexts = records.map((record) => containerContext(daemon, record, options));
      if (source === "table") {
        // the quiet format, {{.ID}}, has no header
        if (quiet) return ok(contexts.map((row) => `${row.ID as string}\n`).join(""));
        return writeColumns(
          size ? [...DEFAULT_COLUMNS, "Size"] : DEFAULT_COLUMNS,
          contexts,
          CONTAINER_CONTEXT,
        );
      }
      return writeFormatted(source, profile.engine !== "20.10", contexts, CONTAINER_CONTEXT);
    },
  );
}

/**
 * The IMAGE column: the name the container was created with while it still names its image, else
 * the image's ID (cut to 12 digits unless --no-trunc).
 */
export function containerImageName(daemon: SimDaemon, record: ContainerRecord, trunc = true): string {
  const current = daemon.store.getImage(record.imageName);
  if (current?.id === record.container.image.id) return record.imageName;
  return trunc ? shortId(record.container.image.id) : record.container.image.id;
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
