/**
 * Docker's inspect types (docker/api/types, Docker 20.10) as template `Schema`s: the typed pass of
 * `docker inspect --format` gives absent fields their Go zero values and prints structs as Go does.
 */

import type { Schema } from "./go-template/types.ts";

const HEALTH_CONFIG: Schema = [
  ["Test", "slice"],
  ["Interval", "int"],
  ["Timeout", "int"],
  ["StartPeriod", "int"],
  ["Retries", "int"],
];

/** container.Config */
export const CONTAINER_CONFIG: Schema = [
  ["Hostname", "string"],
  ["Domainname", "string"],
  ["User", "string"],
  ["AttachStdin", "bool"],
  ["AttachStdout", "bool"],
  ["AttachStderr", "bool"],
  ["ExposedPorts", "map"],
  ["Tty", "bool"],
  ["OpenStdin", "bool"],
  ["StdinOnce", "bool"],
  ["Env", "slice"],
  ["Cmd", "slice"],
  ["Healthcheck", { pointerTo: HEALTH_CONFIG }],
  ["ArgsEscaped", "bool"],
  ["Image", "string"],
  ["Volumes", "map"],
  ["WorkingDir", "string"],
  ["Entrypoint", "slice"],
  ["NetworkDisabled", "bool"],
  ["MacAddress", "string"],
  ["OnBuild", "slice"],
  ["Labels", "map"],
  ["StopSignal", "string"],
  ["StopTimeout", "pointer"],
  ["Shell", "slice"],
];

const GRAPH_DRIVER: Schema = [
  ["Data", "map"],
  ["Name", "string"],
];

/** types.ImageInspect */
export const IMAGE_INSPECT: Schema = [
  ["Id", "string"],
  ["RepoTags", "slice"],
  ["RepoDigests", "slice"],
  ["Parent", "string"],
  ["Comment", "string"],
  ["Created", "string"],
  ["Container", "string"],
  ["ContainerConfig", { pointerTo: CONTAINER_CONFIG }],
  ["DockerVersion", "string"],
  ["Author", "string"],
  ["Config", { pointerTo: CONTAINER_CONFIG }],
  ["Architecture", "string"],
  ["Variant", "string"],
  ["Os", "string"],
  ["OsVersion", "string"],
  ["Size", "int"],
  ["VirtualSize", "int"],
  ["GraphDriver", { struct: GRAPH_DRIVER }],
  [
    "RootFS",
    {
      struct: [
        ["Type", "string"],
        ["Layers", "slice"],
        ["BaseLayer", "string"],
      ],
    },
  ],
  ["Metadata", { struct: [["LastTagTime", "time"]] }],
];

/** types.ImageInspect of Docker 26.1: RootFS has no BaseLayer any more (`{layers [...]}`). */
export const IMAGE_INSPECT_26: Schema = IMAGE_INSPECT.map(([name, type]) =>
  name === "RootFS"
    ? [
        name,
        {
          struct: [
            ["Type", "string"],
            ["Layers", "slice"],
          ],
        },
      ]
    : [name, type],
);

const CONTAINER_STATE: Schema = [
  ["Status", "string"],
  ["Running", "bool"],
  ["Paused", "bool"],
  ["Restarting", "bool"],
  ["OOMKilled", "bool"],
  ["Dead", "bool"],
  ["Pid", "int"],
  ["ExitCode", "int"],
  ["Error", "string"],
  ["StartedAt", "string"],
  ["FinishedAt", "string"],
  ["Health", "pointer"],
];

/** types.ContainerJSON (the fields Layercake's containers have; others fall back to the raw JSON). */
export const CONTAINER_INSPECT: Schema = [
  ["Id", "string"],
  ["Created", "string"],
  ["Path", "string"],
  ["Args", "slice"],
  ["State", { pointerTo: CONTAINER_STATE }],
  ["Image", "string"],
  ["ResolvConfPath", "string"],
  ["HostnamePath", "string"],
  ["HostsPath", "string"],
  ["LogPath", "string"],
  ["Name", "string"],
  ["RestartCount", "int"],
  ["Driver", "string"],
  ["Platform", "string"],
  ["MountLabel", "string"],
  ["ProcessLabel", "string"],
  ["AppArmorProfile", "string"],
  ["ExecIDs", "slice"],
  ["GraphDriver", { struct: GRAPH_DRIVER }],
  ["SizeRw", "pointer"],
  ["SizeRootFs", "pointer"],
  ["Mounts", "slice"],
  ["Config", { pointerTo: CONTAINER_CONFIG }],
];
