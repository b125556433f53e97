import type { Digest } from "../../core/hash.ts";
import type { DirNode } from "../fs/types.ts";

/**
 * The container configuration inside an image config (`docker image inspect` → `Config`), with
 * Docker's field names so that inspect output and the config digest can be produced directly.
 */
export interface ContainerConfig {
  Hostname?: string;
  /** Always "" in builds; kept so that config bytes can be reproduced (moby writes it). */
  Domainname?: string;
  User?: string;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  ExposedPorts?: Record<string, Record<string, never>>;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  Env?: string[];
  Cmd?: string[] | null;
  Healthcheck?: HealthcheckConfig;
  ArgsEscaped?: boolean;
  /**
   * The image the config was derived from: the legacy builder writes its parent image's ID here
   * (`updateRunConfig`), `docker commit` the name the container was created with.
   */
  Image?: string;
  Entrypoint?: string[] | null;
  Volumes?: Record<string, Record<string, never>> | null;
  WorkingDir?: string;
  Labels?: Record<string, string> | null;
  OnBuild?: string[] | null;
  StopSignal?: string;
  Shell?: string[];
}

export interface HealthcheckConfig {
  Test: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  /** BuildKit's Docker image spec only (Engine ≥ 25). */
  StartInterval?: number;
  Retries?: number;
}

/** One `history[]` item of an image config (OCI config.md "history"). */
/** Never mutated once made: its JSON is memoised per object (config-json.ts). */
export interface HistoryEntry {
  readonly created: string;
  readonly created_by?: string;
  readonly author?: string;
  readonly comment?: string;
  /** True when the step produced no filesystem layer (no diff_id). */
  readonly empty_layer?: boolean;
}

/**
 * The image config document (what `docker save` stores as `<id>.json`); the image ID is the sha256
 * of its canonical JSON bytes (OCI config.md "ImageID").
 */
export interface ImageConfigDocument {
  architecture: string;
  os: string;
  created: string;
  author?: string;
  /** Legacy builder / docker commit only: the container the image was committed from. */
  container?: string;
  container_config?: ContainerConfig;
  docker_version?: string;
  config: ContainerConfig;
  rootfs: { type: "layers"; diff_ids: Digest[] };
  history: HistoryEntry[];
}

/**
 * One filesystem layer: its changeset tree plus the identifiers and size Docker derives from it.
 * `diffId` is the sha256 of the layer's canonical uncompressed tar (OCI config.md "Layer DiffID");
 * `size` is Docker's DiffSize (bytes of regular files and symlink targets; directories and
 * whiteouts count 0).
 */
export interface Layer {
  readonly changes: DirNode;
  readonly diffId: Digest;
  readonly size: number;
  /**
   * Containerd image store: the layer was committed from a build container (the legacy builder's
   * RUN), whose init snapshot containerd keeps under the layer's snapshot in the image's chain.
   */
  readonly overInitLayer?: true;
}

/** How an image came to be, which decides what `docker history` can show for it. */
export type ImageOrigin = "classic-build" | "buildkit-build" | "commit" | "import" | "load" | "catalog";

export interface Image {
  /** sha256 of the config document's JSON bytes. */
  readonly id: Digest;
  readonly config: ImageConfigDocument;
  /** One per `rootfs.diff_ids` entry, bottom to top. */
  readonly layers: readonly Layer[];
  /** The local parent image (classic builder intermediate images and commits); absent otherwise. */
  readonly parentId?: Digest;
  readonly origin: ImageOrigin;
}
