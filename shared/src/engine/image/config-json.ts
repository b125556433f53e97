import { type Digest, sha256Digest } from "../../core/hash.ts";
import { formatGoTime } from "./go-format.ts";
import type { ContainerConfig, HealthcheckConfig, HistoryEntry, ImageConfigDocument } from "./types.ts";

/**
 * Which program wrote the config bytes. Their JSON differs in key order and in which empty fields
 * appear, and the image ID is the sha256 of exactly these bytes (D5):
 * - `moby`: the legacy builder and `docker commit` (`moby@20.10` image/image.go `MarshalJSON`: top-level
 *   keys sorted, `container.Config` in struct order with every non-omitempty field present);
 * - `oci`: BuildKit's Dockerfile frontend (`bk` dockerfile2llb `DockerOCIImage`, all config fields
 *   omitempty) as patched by Docker's image exporter (top-level keys sorted again).
 */
export type ConfigFormat = "moby" | "oci";

/** JSON text already serialised (a part shared by many documents, written once). */
export class RawGoJson {
  readonly json: string;
  constructor(json: string) {
    this.json = json;
  }
}

/** A JSON value whose objects keep their key order (Go marshals struct fields in declaration order). */
export type GoJsonValue =
  | string
  | number
  | boolean
  | null
  | readonly GoJsonValue[]
  | GoJsonObject
  | RawGoJson;
export type GoJsonObject = ReadonlyMap<string, GoJsonValue>;

/**
 * Serialises like Go's `encoding/json`: no whitespace, HTML-safe escapes (`<` → `\u003c`), control
 * characters as `\u00XX` except `\n`, `\r`, `\t` (Go before 1.22, which Docker 20.10 was built with).
 */
export function writeGoJson(value: GoJsonValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return goJsonString(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof RawGoJson) return value.json;
  if (isJsonArray(value)) return `[${value.map(writeGoJson).join(",")}]`;
  const parts: string[] = [];
  for (const [key, item] of value) parts.push(`${goJsonString(key)}:${writeGoJson(item)}`);
  return `{${parts.join(",")}}`;
}

function isJsonArray(value: readonly GoJsonValue[] | GoJsonObject): value is readonly GoJsonValue[] {
  return Array.isArray(value);
}

/** Characters Go's encoder escapes (plus lone surrogates); most config strings have none. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: Go escapes them.
const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;

function goJsonString(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  let out = '"';
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const char = text[index] ?? "";
    if (code === 0x22) out += '\\"';
    else if (code === 0x5c) out += "\\\\";
    else if (code === 0x0a) out += "\\n";
    else if (code === 0x0d) out += "\\r";
    else if (code === 0x09) out += "\\t";
    else if (
      code < 0x20 ||
      code === 0x3c ||
      code === 0x3e ||
      code === 0x26 ||
      code === 0x2028 ||
      code === 0x2029
    ) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += char + (text[index + 1] ?? "");
        index += 1;
      } else out += "\\ufffd";
    } else if (code >= 0xdc00 && code <= 0xdfff) out += "\\ufffd";
    else out += char;
  }
  return `${out}"`;
}

/** A Go map: keys sorted by byte order (encoding/json sorts map keys). */
function goMap<Value>(
  record: Readonly<Record<string, Value>>,
  convert: (value: Value) => GoJsonValue,
): GoJsonObject {
  const keys = Object.keys(record).sort(compareBytes);
  return new Map(keys.map((key) => [key, convert(record[key] as Value)]));
}

function compareBytes(left: string, right: string): number {
  // UTF-16 order equals UTF-8 byte order except for surrogate pairs, which config keys never use.
  return left < right ? -1 : left > right ? 1 : 0;
}

function stringList(values: readonly string[] | null | undefined): GoJsonValue {
  return values === null || values === undefined ? null : [...values];
}

function emptyObjectMap(record: Readonly<Record<string, unknown>>): GoJsonObject {
  return goMap(record, () => new Map());
}

function healthcheckJson(health: HealthcheckConfig, format: ConfigFormat): GoJsonObject {
  const entries: [string, GoJsonValue][] = [];
  if (health.Test.length > 0) entries.push(["Test", [...health.Test]]);
  if (health.Interval) entries.push(["Interval", health.Interval]);
  if (health.Timeout) entries.push(["Timeout", health.Timeout]);
  if (health.StartPeriod) entries.push(["StartPeriod", health.StartPeriod]);
  if (format === "oci" && health.StartInterval) entries.push(["StartInterval", health.StartInterval]);
  if (health.Retries) entries.push(["Retries", health.Retries]);
  return new Map(entries);
}

/** `container.Config` as moby marshals it (api/types/container/config.go field order). */
export function mobyContainerConfigJson(config: ContainerConfig): GoJsonObject {
  const entries: [string, GoJsonValue][] = [
    ["Hostname", config.Hostname ?? ""],
    ["Domainname", config.Domainname ?? ""],
    ["User", config.User ?? ""],
    ["AttachStdin", config.AttachStdin ?? false],
    ["AttachStdout", config.AttachStdout ?? false],
    ["AttachStderr", config.AttachStderr ?? false],
  ];
  if (config.ExposedPorts && Object.keys(config.ExposedPorts).length > 0) {
    entries.push(["ExposedPorts", emptyObjectMap(config.ExposedPorts)]);
  }
  entries.push(
    ["Tty", config.Tty ?? false],
    ["OpenStdin", config.OpenStdin ?? false],
    ["StdinOnce", config.StdinOnce ?? false],
    ["Env", stringList(config.Env)],
    ["Cmd", stringList(config.Cmd)],
  );
  if (config.Healthcheck) entries.push(["Healthcheck", healthcheckJson(config.Healthcheck, "moby")]);
  if (config.ArgsEscaped) entries.push(["ArgsEscaped", true]);
  entries.push(
    ["Image", config.Image ?? ""],
    ["Volumes", config.Volumes ? emptyObjectMap(config.Volumes) : null],
    ["WorkingDir", config.WorkingDir ?? ""],
    ["Entrypoint", stringList(config.Entrypoint)],
    ["OnBuild", stringList(config.OnBuild)],
    ["Labels", config.Labels ? goMap(config.Labels, (value) => value) : null],
  );
  if (config.StopSignal) entries.push(["StopSignal", config.StopSignal]);
  if (config.Shell && config.Shell.length > 0) entries.push(["Shell", [...config.Shell]]);
  return new Map(entries);
}

/** The image config's `config` as BuildKit writes it (OCI ImageConfig + Docker extensions, all omitempty). */
export function ociContainerConfigJson(config: ContainerConfig): GoJsonObject {
  const entries: [string, GoJsonValue][] = [];
  if (config.User) entries.push(["User", config.User]);
  if (config.ExposedPorts && Object.keys(config.ExposedPorts).length > 0) {
    entries.push(["ExposedPorts", emptyObjectMap(config.ExposedPorts)]);
  }
  if (config.Env && config.Env.length > 0) entries.push(["Env", [...config.Env]]);
  if (config.Entrypoint && config.Entrypoint.length > 0) entries.push(["Entrypoint", [...config.Entrypoint]]);
  if (config.Cmd && config.Cmd.length > 0) entries.push(["Cmd", [...config.Cmd]]);
  if (config.Volumes && Object.keys(config.Volumes).length > 0)
    entries.push(["Volumes", emptyObjectMap(config.Volumes)]);
  if (config.WorkingDir) entries.push(["WorkingDir", config.WorkingDir]);
  if (config.Labels && Object.keys(config.Labels).length > 0) {
    entries.push(["Labels", goMap(config.Labels, (value) => value)]);
  }
  if (config.StopSignal) entries.push(["StopSignal", config.StopSignal]);
  if (config.ArgsEscaped) entries.push(["ArgsEscaped", true]);
  if (config.Healthcheck) entries.push(["Healthcheck", healthcheckJson(config.Healthcheck, "oci")]);
  if (config.OnBuild && config.OnBuild.length > 0) entries.push(["OnBuild", [...config.OnBuild]]);
  if (config.Shell && config.Shell.length > 0) entries.push(["Shell", [...config.Shell]]);
  return new Map(entries);
}

/**
 * A history entry's JSON, kept per entry object: each image of a classic build repeats its parent's
 * history, so a 30-step build would otherwise serialise the same entries 465 times.
 */
const historyJsonMemo = {
  moby: new WeakMap<HistoryEntry, RawGoJson>(),
  oci: new WeakMap<HistoryEntry, RawGoJson>(),
};

function historyEntryJson(entry: HistoryEntry, format: ConfigFormat): RawGoJson {
  const memo = historyJsonMemo[format];
  let json = memo.get(entry);
  if (json === undefined) {
    json = new RawGoJson(writeGoJson(historyJson(entry, format)));
    memo.set(entry, json);
  }
  return json;
}

function historyJson(entry: HistoryEntry, format: ConfigFormat): GoJsonObject {
  const entries: [string, GoJsonValue][] = [["created", entry.created]];
  // moby image.History: created, author, created_by, comment, empty_layer;
  // OCI History: created, created_by, author, comment, empty_layer.
  if (format === "moby" && entry.author) entries.push(["author", entry.author]);
  if (entry.created_by) entries.push(["created_by", entry.created_by]);
  if (format === "oci" && entry.author) entries.push(["author", entry.author]);
  if (entry.comment) entries.push(["comment", entry.comment]);
  if (entry.empty_layer) entries.push(["empty_layer", true]);
  return new Map(entries);
}

/**
 * The exact bytes of an image config document in the given format.
 * @example serializeImageConfig(document, "moby").startsWith('{"architecture":"amd64"')
 */
export function serializeImageConfig(document: ImageConfigDocument, format: ConfigFormat): string {
  const top = new Map<string, GoJsonValue>();
  if (document.architecture) top.set("architecture", document.architecture);
  if (document.author) top.set("author", document.author);
  top.set(
    "config",
    format === "moby" ? mobyContainerConfigJson(document.config) : ociContainerConfigJson(document.config),
  );
  if (format === "moby") {
    if (document.container) top.set("container", document.container);
    // container_config is a struct field: Go's omitempty never drops it.
    top.set("container_config", mobyContainerConfigJson(document.container_config ?? {}));
  }
  top.set("created", document.created);
  if (format === "moby" && document.docker_version) top.set("docker_version", document.docker_version);
  if (document.history.length > 0 || format === "oci") {
    top.set(
      "history",
      document.history.map((entry) => historyEntryJson(entry, format)),
    );
  }
  if (document.os) top.set("os", document.os);
  const rootfs = new Map<string, GoJsonValue>([["type", document.rootfs.type]]);
  // moby RootFS.DiffIDs is omitempty; the OCI struct is not (nil marshals as null).
  if (document.rootfs.diff_ids.length > 0) rootfs.set("diff_ids", [...document.rootfs.diff_ids]);
  else if (format === "oci") rootfs.set("diff_ids", null);
  top.set("rootfs", rootfs);
  const sorted = new Map([...top.entries()].sort(([left], [right]) => compareBytes(left, right)));
  return writeGoJson(sorted);
}

/** D5: the image ID is the sha256 of the config bytes. */
export function computeImageId(document: ImageConfigDocument, format: ConfigFormat): Digest {
  return sha256Digest(serializeImageConfig(document, format));
}

/** A history `created` value from a clock reading (Go RFC 3339 with trimmed fraction). */
export function historyTime(epochMs: number): string {
  return formatGoTime(epochMs);
}
